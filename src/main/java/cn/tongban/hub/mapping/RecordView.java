package cn.tongban.hub.mapping;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import cn.tongban.hub.canonical.SourcedValue;

/** How a mapped record is shown in answers: the key, the values with provenance, the flags. */
public record RecordView(String silo, String entity, String key, String recordId, Long version, Instant changedAt,
                         Map<String, SourcedValue> fields, List<String> flags) {

    public static RecordView of(MappedRecord r) {
        return new RecordView(r.silo(), r.entity().id(), r.text(r.entity().key().json()), r.recordId(), r.version(),
                r.changedAt(), r.fields(), r.flags());
    }
}
