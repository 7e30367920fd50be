package cn.tongban.hub.mapping;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.tongban.hub.canonical.Entity;
import cn.tongban.hub.canonical.SourcedValue;

/**
 * One source record mapped onto the canonical model: the values with their provenance, the
 * record's identity and ordering in its silo, and the flags raised on the way (a kept value
 * with a wrong check character, a value outside its code list, an optional value that could
 * not be read). Flags are {@code CODE:field}, e.g. {@code USCC_CHECK_DIGIT:uscc}.
 *
 * <p>{@link #toString()} shows no values: records carry personal data.
 */
public record MappedRecord(
        String silo,
        Entity entity,
        String recordId,
        Long version,
        Instant changedAt,
        Map<String, SourcedValue> fields,
        List<String> flags,
        Instant fetchedAt) {

    public MappedRecord {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        flags = List.copyOf(flags);
    }

    /** The value of a canonical field as text, or null when the record has none. */
    public String text(String field) {
        SourcedValue v = fields.get(field);
        return v == null || v.value() == null ? null : v.value().toString();
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /** The same record with more flags and values, e.g. the key found through the crosswalk. */
    public MappedRecord with(Map<String, SourcedValue> moreFields, List<String> moreFlags) {
        Map<String, SourcedValue> f = new LinkedHashMap<>(fields);
        f.putAll(moreFields);
        List<String> fl = new java.util.ArrayList<>(flags);
        fl.addAll(moreFlags);
        return new MappedRecord(silo, entity, recordId, version, changedAt, f, fl, fetchedAt);
    }

    @Override
    public String toString() {
        return "MappedRecord[silo=" + silo + ", entity=" + entity.id() + ", recordId=" + recordId
                + ", version=" + version + ", fields=" + fields.keySet() + ", flags=" + flags + "]";
    }
}
