package cn.tongban.hub.mapping;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonPointer;

import cn.tongban.hub.canonical.CanonicalField;
import cn.tongban.hub.canonical.Entity;
import cn.tongban.hub.canonical.Provenance;
import cn.tongban.hub.canonical.SourcedValue;
import cn.tongban.hub.identifiers.InvalidIdentifierException;

/**
 * A mapping file compiled once: {@link #map} turns one source record into a
 * {@link MappedRecord}. Immutable and thread-safe.
 *
 * <p>A defect in a required field or in the key field rejects the record with a
 * {@link MappingException} (the caller quarantines it with the reason); a defect in any
 * other field drops that value and flags the record, so one bad date does not hide a
 * whole enterprise.
 */
public final class CompiledMapping {

    private static final DateTimeFormatter COMPACT_DATETIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final java.util.regex.Pattern EPOCH_MILLIS = java.util.regex.Pattern.compile("-?\\d{11,13}");

    /**
     * How the record is keyed: the entity's key field, the alias fields tried through the
     * crosswalk when it is absent, and the identifier fields whose link to the key this
     * silo asserts (written to the crosswalk once the record is keyed).
     */
    public record KeyRule(CanonicalField key, List<CanonicalField> aliases, List<CanonicalField> asserts) {
    }

    /** Where a pull silo is reached: the Camel endpoint of its route, and where the records sit in its answer. */
    public record Lookup(String endpoint, String records) {
    }

    private final String id;
    private final String silo;
    private final Entity entity;
    private final SourceFormat format;
    private final Path file;
    private final String description;
    private final SourceAccessor recordId;
    private final SourceAccessor version;
    private final SourceAccessor changedAt;
    private final KeyRule key;
    private final List<FieldRule> rules;
    private final Lookup lookup;
    private final JsonPointer recordsPointer;

    CompiledMapping(String id, String silo, Entity entity, SourceFormat format, Path file, String description, SourceAccessor recordId,
                    SourceAccessor version, SourceAccessor changedAt, KeyRule key, List<FieldRule> rules, Lookup lookup) {
        this.id = id;
        this.silo = silo;
        this.entity = entity;
        this.format = format;
        this.file = file;
        this.description = description;
        this.recordId = recordId;
        this.version = version;
        this.changedAt = changedAt;
        this.key = key;
        this.rules = List.copyOf(rules);
        this.lookup = lookup;
        this.recordsPointer = lookup == null || lookup.records() == null ? null : JsonPointer.compile(lookup.records());
    }

    /** The file's base name: the silo, or {@code <silo>.<record>} when a silo has several record kinds. */
    public String id() {
        return id;
    }

    public String silo() {
        return silo;
    }

    public Entity entity() {
        return entity;
    }

    public SourceFormat format() {
        return format;
    }

    public Path file() {
        return file;
    }

    public String description() {
        return description;
    }

    public KeyRule key() {
        return key;
    }

    /** Null for a pushed silo. */
    public Lookup lookup() {
        return lookup;
    }

    /** JSON pointer to the records inside a JSON answer, or null when the answer is the record. */
    public JsonPointer recordsPointer() {
        return recordsPointer;
    }

    /**
     * The code list a field of this mapping is resolved through, if the field is a code rule:
     * callers that compare values (verification) normalise claimed codes the same way.
     */
    public java.util.Optional<CodeList> codeList(String field) {
        return rules.stream().filter(r -> r.target.json().equals(field) && r.codeList != null)
                .map(r -> r.codeList).findFirst();
    }

    /** Target field name to source expression, in file order. */
    public Map<String, String> sources() {
        Map<String, String> m = new LinkedHashMap<>();
        for (FieldRule r : rules) {
            m.put(r.target.json(), r.source);
            if (r.label != null) {
                m.put(r.label.json(), r.source);
            }
        }
        return m;
    }

    /**
     * Maps one record as the silo sent it (a Jackson node for json, a column map for row,
     * a DOM element or element-name map for xml).
     *
     * @throws MappingException when the record cannot be used; the message never holds a value
     */
    public MappedRecord map(Object record, Instant fetchedAt) {
        if (record == null) {
            throw new MappingException(MappingError.MALFORMED_RECORD, "empty record");
        }
        String id = Values.text(recordId.read(record));
        Long v = version == null ? null : version(record);
        Instant changed = changedAt == null ? null : instant(changedAt.read(record));
        Map<String, SourcedValue> fields = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>(2);
        for (FieldRule rule : rules) {
            Object value;
            try {
                value = rule.convert(rule.accessor.read(record), flags);
            } catch (MappingException e) {
                if (rule.required || rule.target == key.key()) {
                    throw new MappingException(rule.target == key.key() ? MappingError.INVALID_KEY : e.error(),
                            rule.target.json() + " (" + rule.source + "): " + e.error().description());
                }
                flags.add(e.error().name() + ":" + rule.target.json());
                continue;
            } catch (InvalidIdentifierException e) {
                if (rule.target == key.key()) {
                    throw new MappingException(MappingError.INVALID_KEY, rule.target.json() + " (" + rule.source + ") fails " + e.code());
                }
                if (rule.required) {
                    throw new MappingException(MappingError.INVALID_IDENTIFIER, rule.target.json() + " (" + rule.source + ") fails " + e.code());
                }
                flags.add(e.code() + ":" + rule.target.json());
                continue;
            }
            if (value == null) {
                if (rule.required) {
                    throw new MappingException(MappingError.MISSING_REQUIRED_FIELD, rule.target.json() + " (" + rule.source + ") is empty");
                }
                continue;
            }
            Provenance provenance = new Provenance(silo, rule.source, id, fetchedAt);
            if (value instanceof FieldRule.Coded coded) {
                if (coded.entry() != null) {
                    fields.put(rule.target.json(), new SourcedValue(coded.entry().code(), provenance));
                }
                if (rule.label != null) {
                    fields.put(rule.label.json(), new SourcedValue(coded.entry() != null ? coded.entry().label() : coded.raw(), provenance));
                }
            } else {
                fields.put(rule.target.json(), new SourcedValue(FieldRule.unwrap(value), provenance));
            }
        }
        return new MappedRecord(silo, entity, id, v, changed, fields, flags, fetchedAt);
    }

    private Long version(Object record) {
        Object raw = version.read(record);
        if (raw instanceof Number n) {
            return n.longValue();
        }
        String s = Values.text(raw);
        if (s == null) {
            throw new MappingException(MappingError.MISSING_REQUIRED_FIELD, "the record version is missing");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new MappingException(MappingError.NUMBER_FORMAT, "the record version is not a whole number");
        }
    }

    private static Instant instant(Object raw) {
        if (raw instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        String s = Values.text(raw);
        if (s == null) {
            return null;
        }
        try {
            if (s.length() == 14 && s.chars().allMatch(Character::isDigit)) {
                return LocalDateTime.parse(s, COMPACT_DATETIME).atZone(Values.SOURCE_ZONE).toInstant();
            }
            if (EPOCH_MILLIS.matcher(s).matches()) {
                return Instant.ofEpochMilli(Long.parseLong(s));
            }
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new MappingException(MappingError.DATE_FORMAT, "the record's change time is in no known format");
        }
    }

    @Override
    public String toString() {
        return "CompiledMapping[" + id + " -> " + entity.id() + ", " + rules.size() + " rules, " + file + "]";
    }
}
