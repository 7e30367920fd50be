package cn.tongban.hub.matters;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import cn.tongban.hub.canonical.CanonicalField;
import cn.tongban.hub.canonical.Entity;
import cn.tongban.hub.canonical.InsuranceField;
import cn.tongban.hub.canonical.Silo;
import cn.tongban.hub.canonical.SourcedValue;
import cn.tongban.hub.lookup.SourceStatus;

/**
 * The declarative conditions under which canonical data stands in for a material (the
 * vocabulary of docs/matters.md): {@code all}, {@code any}, a test on one canonical field,
 * and a test on the subject's insurance facts. Deliberately not an expression language:
 * each leaf knows which source it depends on, so a failed source, a missing record and a
 * conflict can be told apart from a condition that is simply not met.
 */
public sealed interface Condition {

    Evaluation evaluate(SubjectData.Subject subject);

    /** Canonical field names this condition reads, for the catalogue answer. */
    List<String> fields();

    /** Every part must hold; the evidence holds the values of every part. */
    record All(List<Condition> parts) implements Condition {

        public All {
            parts = List.copyOf(parts);
        }

        @Override
        public Evaluation evaluate(SubjectData.Subject subject) {
            SortedMap<String, SourcedValue> used = new TreeMap<>();
            List<Evaluation> failures = new ArrayList<>();
            for (Condition c : parts) {
                Evaluation e = c.evaluate(subject);
                if (e.satisfied()) {
                    used.putAll(e.used());
                } else {
                    failures.add(e);
                }
            }
            return failures.isEmpty() ? Evaluation.satisfied(used) : Evaluation.worst(failures);
        }

        @Override
        public List<String> fields() {
            return parts.stream().flatMap(p -> p.fields().stream()).distinct().toList();
        }
    }

    /** One part must hold; the evidence holds the values of the first part that does, in file order. */
    record Any(List<Condition> parts) implements Condition {

        public Any {
            parts = List.copyOf(parts);
        }

        @Override
        public Evaluation evaluate(SubjectData.Subject subject) {
            List<Evaluation> failures = new ArrayList<>();
            for (Condition c : parts) {
                Evaluation e = c.evaluate(subject);
                if (e.satisfied()) {
                    return e;
                }
                failures.add(e);
            }
            return Evaluation.worst(failures);
        }

        @Override
        public List<String> fields() {
            return parts.stream().flatMap(p -> p.fields().stream()).distinct().toList();
        }
    }

    /** The operators of a field test; exactly one per test. */
    enum Op {
        EQUALS("equals"), NOT_EQUALS("notEquals"), IN("in"), PRESENT("present"), ABSENT("absent");

        private final String id;

        Op(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /**
     * A test on one canonical field of the subject. The field's authoritative silo
     * (一数一源) must have answered: if it could not be asked the outcome is
     * SOURCE_UNAVAILABLE, if it holds no record NO_RECORD, and a field the sources disagree
     * on is DATA_CONFLICT, whatever the operator.
     */
    record FieldTest(CanonicalField field, Op op, List<String> values) implements Condition {

        public FieldTest {
            values = List.copyOf(values);
        }

        @Override
        public Evaluation evaluate(SubjectData.Subject subject) {
            String silo = field.authority();
            Evaluation unavailable = sourceProblem(subject, silo);
            if (unavailable != null) {
                return unavailable;
            }
            if (subject.conflicts().contains(field.json())) {
                return Evaluation.failed(Reason.DATA_CONFLICT, field.json());
            }
            SourcedValue v = subject.fields().get(field.json());
            String text = v == null || v.value() == null ? null : v.value().toString();
            boolean present = text != null && !text.isBlank();
            boolean holds = switch (op) {
                case PRESENT -> present;
                case ABSENT -> !present;
                case EQUALS -> present && text.equals(values.get(0));
                case NOT_EQUALS -> present && !text.equals(values.get(0));
                case IN -> present && values.contains(text);
            };
            if (!holds) {
                return Evaluation.failed(Reason.CONDITION_NOT_MET, field.json());
            }
            SortedMap<String, SourcedValue> used = new TreeMap<>();
            if (present) {
                used.put(field.json(), v);
            } else {
                // An absence is evidence too: record which source vouched for it.
                used.put(field.json(), new SourcedValue(null, new cn.tongban.hub.canonical.Provenance(silo, null, null, null)));
            }
            return Evaluation.satisfied(used);
        }

        @Override
        public List<String> fields() {
            return List.of(field.json());
        }
    }

    /**
     * A test on the subject's insurance facts: some fact of {@code type} holds every given
     * constraint. No fact of that type is NO_RECORD; facts that all miss a constraint are
     * CONDITION_NOT_MET. {@code monthsPaidAtLeast} counts the cumulative months paid
     * (LJJFYS); with {@code status: "1"} (paying) it stands for "paid for the last n months".
     */
    record InsuranceTest(String type, List<String> statuses, Integer monthsPaidAtLeast, boolean noArrears) implements Condition {

        public InsuranceTest {
            statuses = List.copyOf(statuses);
        }

        @Override
        public Evaluation evaluate(SubjectData.Subject subject) {
            String silo = Silo.SOCIAL_INSURANCE.id();
            Evaluation unavailable = sourceProblem(subject, silo);
            if (unavailable != null) {
                return unavailable;
            }
            List<Map<String, SourcedValue>> ofType = subject.insurances().stream()
                    .filter(i -> type.equals(text(i, InsuranceField.INSURANCE_TYPE)))
                    .sorted(Comparator.comparing(i -> String.valueOf(recordId(i))))
                    .toList();
            if (ofType.isEmpty()) {
                return Evaluation.failed(Reason.NO_RECORD, "insurance[" + type + "]");
            }
            for (Map<String, SourcedValue> i : ofType) {
                if (holds(i)) {
                    SortedMap<String, SourcedValue> used = new TreeMap<>();
                    for (InsuranceField f : needed()) {
                        SourcedValue v = i.get(f.json());
                        if (v != null) {
                            used.put("insurance[" + type + "]." + f.json(), v);
                        }
                    }
                    return Evaluation.satisfied(used);
                }
            }
            return Evaluation.failed(Reason.CONDITION_NOT_MET, "insurance[" + type + "]");
        }

        private boolean holds(Map<String, SourcedValue> i) {
            if (!statuses.isEmpty() && !statuses.contains(text(i, InsuranceField.CONTRIBUTION_STATUS))) {
                return false;
            }
            if (monthsPaidAtLeast != null) {
                BigDecimal months = number(text(i, InsuranceField.MONTHS_PAID));
                if (months == null || months.compareTo(BigDecimal.valueOf(monthsPaidAtLeast)) < 0) {
                    return false;
                }
            }
            if (noArrears) {
                // An unknown amount is not "no arrears": the proof must show it.
                BigDecimal arrears = number(text(i, InsuranceField.ARREARS_YUAN));
                return arrears != null && arrears.signum() == 0;
            }
            return true;
        }

        private List<InsuranceField> needed() {
            List<InsuranceField> f = new ArrayList<>(List.of(InsuranceField.INSURANCE_TYPE));
            if (!statuses.isEmpty()) {
                f.add(InsuranceField.CONTRIBUTION_STATUS);
            }
            if (monthsPaidAtLeast != null) {
                f.add(InsuranceField.MONTHS_PAID);
            }
            if (noArrears) {
                f.add(InsuranceField.ARREARS_YUAN);
            }
            return f;
        }

        @Override
        public List<String> fields() {
            return needed().stream().map(f -> "insurance." + f.json()).toList();
        }

        private static String text(Map<String, SourcedValue> i, InsuranceField f) {
            SourcedValue v = i.get(f.json());
            return v == null || v.value() == null ? null : v.value().toString();
        }

        private static Object recordId(Map<String, SourcedValue> i) {
            SourcedValue v = i.get(InsuranceField.INSURANCE_TYPE.json());
            return v == null || v.provenance() == null ? null : v.provenance().recordId();
        }

        private static BigDecimal number(String s) {
            if (s == null || s.isBlank()) {
                return null;
            }
            try {
                return new BigDecimal(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /**
     * Statuses under which a source's silence says nothing about the subject. A stale answer
     * (the last-known-good cache of a silo that cannot answer now) is one of them: evidence is
     * a record a decision rests on, and a marriage or an insurance may have changed since;
     * the profiles show stale data with its age, a pre-check does not decide on it.
     */
    Set<String> UNAVAILABLE = Set.of(SourceStatus.TIMEOUT, SourceStatus.CIRCUIT_OPEN, SourceStatus.ERROR, SourceStatus.STALE);

    private static Evaluation sourceProblem(SubjectData.Subject subject, String silo) {
        String status = subject.sources().get(silo);
        if (status == null || UNAVAILABLE.contains(status)) {
            return Evaluation.failed(Reason.SOURCE_UNAVAILABLE, silo);
        }
        if (SourceStatus.NOT_FOUND.equals(status)) {
            return Evaluation.failed(Reason.NO_RECORD, silo);
        }
        return null;
    }

    /** The entity whose fields a matter's conditions may name. */
    public static Entity entityOf(String subjectType) {
        return SubjectData.ENTERPRISE.equals(subjectType) ? Entity.ENTERPRISE : Entity.PERSON;
    }
}
