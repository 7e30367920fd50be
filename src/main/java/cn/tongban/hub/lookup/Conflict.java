package cn.tongban.hub.lookup;

import java.util.List;

/**
 * Silos disagree on a field: every silo's value with its source field and record, the
 * authority's first. The profile carries the authority's value (or, without one, the first).
 */
public record Conflict(String field, String authority, List<Value> values) {

    public record Value(String silo, Object value, String sourceField, String recordId) {
    }

    public Conflict {
        values = List.copyOf(values);
    }
}
