package cn.tongban.hub.lookup;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import cn.tongban.hub.canonical.CanonicalField;
import cn.tongban.hub.canonical.Entity;
import cn.tongban.hub.canonical.SourcedValue;
import cn.tongban.hub.canonical.ValueType;
import cn.tongban.hub.identifiers.IdentifierNormalizer;
import cn.tongban.hub.mapping.MappedRecord;
import cn.tongban.hub.mapping.Values;

/**
 * Merges the records several silos hold for one key (一数一源): per field, the value of the
 * field's authoritative silo; without one, the first other silo's value, marked as not
 * authoritative. Values that differ after normalisation are listed as conflicts; a silo
 * without a value does not disagree. A label follows its code: it is taken from the record
 * whose code won, so code and label never come from two silos.
 */
final class Survivorship {

    /** The merged fields in canonical order, and the conflicts among them. */
    record Merged(Map<String, ProfileValue> fields, List<Conflict> conflicts) {
    }

    private Survivorship() {
    }

    /**
     * @param records the silos' records for one key, in the order conflicts list them after the authority
     * @param wanted  field names to keep; empty for all
     */
    static Merged merge(Entity entity, List<MappedRecord> records, Set<String> wanted, Instant now) {
        Map<String, ProfileValue> fields = new LinkedHashMap<>();
        Map<String, MappedRecord> winners = new LinkedHashMap<>();
        List<Conflict> conflicts = new ArrayList<>();
        for (CanonicalField f : entity.fields()) {
            if (f.type() == ValueType.LABEL) {
                continue;
            }
            List<MappedRecord> having = records.stream().filter(r -> value(r, f) != null).toList();
            if (having.isEmpty()) {
                continue;
            }
            MappedRecord winner = having.stream().filter(r -> f.authority().equals(r.silo())).findFirst().orElse(having.get(0));
            winners.put(f.json(), winner);
            if (wanted.isEmpty() || wanted.contains(f.json())) {
                fields.put(f.json(), profileValue(f, winner, now));
                conflict(f, winner, having).ifPresent(conflicts::add);
            }
        }
        // Labels after their codes, then put back into canonical order.
        Map<String, ProfileValue> ordered = new LinkedHashMap<>();
        for (CanonicalField f : entity.fields()) {
            if (f.type() != ValueType.LABEL) {
                if (fields.containsKey(f.json())) {
                    ordered.put(f.json(), fields.get(f.json()));
                }
                continue;
            }
            if (!wanted.isEmpty() && !wanted.contains(f.json())) {
                continue;
            }
            MappedRecord codeWinner = f.json().endsWith("Label")
                    ? winners.get(f.json().substring(0, f.json().length() - "Label".length())) : null;
            MappedRecord from = codeWinner != null && value(codeWinner, f) != null ? codeWinner
                    : records.stream().filter(r -> value(r, f) != null)
                            .filter(r -> f.authority().equals(r.silo())).findFirst()
                            .orElse(records.stream().filter(r -> value(r, f) != null).findFirst().orElse(null));
            if (from != null) {
                ordered.put(f.json(), profileValue(f, from, now));
            }
        }
        return new Merged(ordered, conflicts);
    }

    private static java.util.Optional<Conflict> conflict(CanonicalField f, MappedRecord winner, List<MappedRecord> having) {
        Object reference = normalised(f.type(), value(winner, f));
        boolean differs = having.stream().anyMatch(r -> !Objects.equals(reference, normalised(f.type(), value(r, f))));
        if (!differs) {
            return java.util.Optional.empty();
        }
        List<Conflict.Value> values = new ArrayList<>();
        values.add(conflictValue(winner, f));
        having.stream().filter(r -> r != winner).forEach(r -> values.add(conflictValue(r, f)));
        return java.util.Optional.of(new Conflict(f.json(), f.authority(), values));
    }

    private static Conflict.Value conflictValue(MappedRecord r, CanonicalField f) {
        SourcedValue v = r.fields().get(f.json());
        return new Conflict.Value(r.silo(), v.value(), v.provenance() == null ? null : v.provenance().sourceField(),
                v.provenance() == null ? r.recordId() : v.provenance().recordId());
    }

    private static ProfileValue profileValue(CanonicalField f, MappedRecord r, Instant now) {
        SourcedValue v = r.fields().get(f.json());
        Instant fetched = v.provenance() != null && v.provenance().fetchedAt() != null ? v.provenance().fetchedAt() : r.fetchedAt();
        Long age = fetched == null ? null : Math.max(0, Duration.between(fetched, now).toSeconds());
        return new ProfileValue(v.value(), v.provenance(), age, f.authority(), f.authority().equals(r.silo()));
    }

    private static Object value(MappedRecord r, CanonicalField f) {
        SourcedValue v = r.fields().get(f.json());
        return v == null ? null : v.value();
    }

    /**
     * The form two silos' values are compared in: the same cleaning the mappings apply, plus
     * what a person would not call a difference (spaces inside a name, 100 vs 100.00).
     */
    static Object normalised(ValueType type, Object value) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case DECIMAL, INTEGER -> {
                BigDecimal d = Values.decimal(value);
                yield d == null ? null : d.stripTrailingZeros();
            }
            case DATE -> {
                var d = Values.date(value);
                yield d == null ? null : d.toString();
            }
            case USCC, ORGANIZATION_CODE, REGISTRATION_NUMBER, CITIZEN_ID -> {
                String s = Values.text(value);
                yield s == null ? null : IdentifierNormalizer.normalize(s);
            }
            case TEXT, LABEL, CODE, DATETIME -> {
                String s = Values.text(value);
                yield s == null ? null : s.replace(" ", "");
            }
        };
    }
}
