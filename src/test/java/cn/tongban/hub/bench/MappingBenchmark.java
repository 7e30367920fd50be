package cn.tongban.hub.bench;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.tongban.hub.canonical.Provenance;
import cn.tongban.hub.canonical.SourcedValue;
import cn.tongban.hub.demo.data.Ab01Row;
import cn.tongban.hub.demo.data.Ac01Row;
import cn.tongban.hub.demo.data.Ac02Row;
import cn.tongban.hub.demo.data.MarketRegulationEvent;
import cn.tongban.hub.demo.data.PublicSecurityRecord;
import cn.tongban.hub.demo.data.SyntheticDataSet;
import cn.tongban.hub.identifiers.IdentifierError;
import cn.tongban.hub.identifiers.IdentifierNormalizer;
import cn.tongban.hub.identifiers.InvalidIdentifierException;
import cn.tongban.hub.identifiers.OrganizationCode;
import cn.tongban.hub.identifiers.RegistrationNumber;
import cn.tongban.hub.identifiers.Uscc;
import cn.tongban.hub.mapping.CodeList;
import cn.tongban.hub.mapping.CodeLists;
import cn.tongban.hub.mapping.CompiledMapping;
import cn.tongban.hub.mapping.MappedRecord;
import cn.tongban.hub.mapping.MappingError;
import cn.tongban.hub.mapping.MappingException;
import cn.tongban.hub.mapping.Mappings;
import cn.tongban.hub.mapping.Values;

/**
 * Mapping-engine throughput on one thread, per mapping file, over the default synthetic
 * data set (not a test; see docs/benchmarks.md "Mapping engine" for the command). For
 * market-regulation it also times JSON parsing on its own and a hand-written Java mapper
 * that produces the same {@link MappedRecord} without the engine, and prints the ratio.
 *
 * <p>Arguments (all optional): {@code --reps N} timed repetitions (default 7),
 * {@code --seconds S} target length of one repetition (default 1.0),
 * {@code --warmup S} warm-up seconds per workload (default 3).
 */
public final class MappingBenchmark {

    private static final String SILO = "market-regulation";
    private static volatile long sink;

    private MappingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int reps = 7;
        double seconds = 1.0;
        double warmup = 3.0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--reps" -> reps = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                case "--warmup" -> warmup = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        reps = Math.max(reps, 5);

        CodeLists codeLists = CodeLists.load(Path.of("mappings", "codelists"));
        Mappings mappings = Mappings.load(Path.of("mappings"), codeLists);
        SyntheticDataSet data = SyntheticDataSet.generate(20261123, 2000, 10000);
        ObjectMapper json = new ObjectMapper();
        Instant fetchedAt = Instant.parse("2026-01-01T00:00:00Z");

        List<String> bodies = data.marketRegulationEvents().stream()
                .filter(MarketRegulationEvent::wellFormed).map(MarketRegulationEvent::toJson).toList();
        List<JsonNode> events = new ArrayList<>(bodies.size());
        for (String b : bodies) {
            events.add(json.readTree(b));
        }
        List<Map<String, Object>> ab01 = rows(data.ab01Rows().stream().map(Ab01Row::values).toList(), Ab01Row.COLUMNS);
        List<Map<String, Object>> ac01 = rows(data.ac01Rows().stream().map(Ac01Row::values).toList(), Ac01Row.COLUMNS);
        List<Map<String, Object>> ac02 = rows(data.ac02Rows().stream().map(Ac02Row::values).toList(), Ac02Row.COLUMNS);
        List<Map<String, String>> persons = data.publicSecurityRecords().stream()
                .map(r -> (Map<String, String>) r.toMap()).toList();

        CompiledMapping market = mappings.require(SILO);
        HandWritten hand = new HandWritten(codeLists.get("enterprise-type"), codeLists.get("registration-state"));
        int differences = hand.compare(market, events, fetchedAt);

        System.out.printf(Locale.ROOT, "Mapping benchmark: java %s, %s, %d available processors, 1 thread; %d timed reps of ~%.1f s after %.1f s warm-up%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), reps, seconds, warmup);
        System.out.printf(Locale.ROOT, "Hand-written market-regulation mapper vs engine on %d events: %d differences%n%n",
                events.size(), differences);
        System.out.printf(Locale.ROOT, "%-36s %8s %8s %14s %14s %14s %9s%n",
                "workload", "records", "rejects", "median rec/s", "min rec/s", "max rec/s", "us/rec");

        Result parse = run("market-regulation: JSON parse", bodies, b -> readTree(json, b).size(), reps, seconds, warmup);
        Result engine = run("market-regulation: engine map", events, e -> map(market, e, fetchedAt), reps, seconds, warmup);
        Result baseline = run("market-regulation: hand-written map", events, e -> hand.mapOrReject(e, fetchedAt), reps, seconds, warmup);
        System.out.printf(Locale.ROOT, "  ratio engine / hand-written (median throughput): %.2f  (hand-written is %.1fx faster)%n",
                engine.median / baseline.median, baseline.median / engine.median);
        System.out.printf(Locale.ROOT, "  parse + engine map, per event: %.2f us%n", 1e6 / parse.median + 1e6 / engine.median);
        for (String id : List.of("social-insurance.unit", "social-insurance.person", "social-insurance.insurance")) {
            CompiledMapping m = mappings.require(id);
            List<Map<String, Object>> input = id.endsWith("unit") ? ab01 : id.endsWith("person") ? ac01 : ac02;
            run(id + ": engine map", input, r -> map(m, r, fetchedAt), reps, seconds, warmup);
        }
        CompiledMapping ps = mappings.require("public-security");
        run("public-security: engine map", persons, r -> map(ps, r, fetchedAt), reps, seconds, warmup);
        System.out.println("(sink " + sink + ")");
    }

    private record Result(double median, double min, double max) {
    }

    /** Warms up, then times {@code reps} repetitions, each of whole passes over the input. */
    private static <T> Result run(String name, List<T> input, ToIntFunction<T> work, int reps, double seconds, double warmup) {
        int[] rejects = new int[1];
        ToIntFunction<T> counted = r -> {
            int n = work.applyAsInt(r);
            if (n < 0) {
                rejects[0]++;
            }
            return n;
        };
        long warmEnd = System.nanoTime() + (long) (warmup * 1e9);
        long passNanos = Long.MAX_VALUE;
        while (System.nanoTime() < warmEnd) {
            long t0 = System.nanoTime();
            sink += pass(input, work);
            passNanos = Math.min(passNanos, System.nanoTime() - t0);
        }
        int passes = (int) Math.max(1, Math.round(seconds * 1e9 / Math.max(passNanos, 1)));
        double[] rates = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            long acc = 0;
            for (int p = 0; p < passes; p++) {
                acc += pass(input, work);
            }
            long elapsed = System.nanoTime() - t0;
            sink += acc;
            rates[r] = (double) input.size() * passes / (elapsed / 1e9);
        }
        sink += pass(input, counted);
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        Result result = new Result(sorted[reps / 2], sorted[0], sorted[reps - 1]);
        System.out.printf(Locale.ROOT, "%-36s %8d %8d %14.0f %14.0f %14.0f %9.2f%n",
                name, input.size(), rejects[0], result.median, result.min, result.max, 1e6 / result.median);
        return result;
    }

    private static <T> long pass(List<T> input, ToIntFunction<T> work) {
        long acc = 0;
        for (int i = 0, n = input.size(); i < n; i++) {
            acc += work.applyAsInt(input.get(i));
        }
        return acc;
    }

    /** Number of fields mapped, or -1 for a record the mapping rejects (it would be quarantined). */
    private static int map(CompiledMapping m, Object record, Instant fetchedAt) {
        try {
            return m.map(record, fetchedAt).fields().size();
        } catch (MappingException e) {
            return -1;
        }
    }

    private static JsonNode readTree(ObjectMapper json, String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The demo silo's rows as column-name maps, as camel-sql hands them to the mapping (MappingJmhBenchmark too). */
    static List<Map<String, Object>> rows(List<List<String>> values, List<String> columns) {
        List<Map<String, Object>> rows = new ArrayList<>(values.size());
        for (List<String> v : values) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                row.put(columns.get(i), v.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * What mappings/market-regulation.yaml says, written out by hand in Java: the same
     * fields, types, code lists, flags and provenance, read straight from the JsonNode.
     */
    static final class HandWritten {

        private final CodeList enterpriseType;
        private final CodeList registrationState;

        HandWritten(CodeList enterpriseType, CodeList registrationState) {
            this.enterpriseType = enterpriseType;
            this.registrationState = registrationState;
        }

        int mapOrReject(JsonNode event, Instant fetchedAt) {
            try {
                return map(event, fetchedAt).fields().size();
            } catch (MappingException e) {
                return -1;
            }
        }

        MappedRecord map(JsonNode event, Instant fetchedAt) {
            String id = Values.text(raw(event.get("eventId")));
            Long version = version(raw(event.get("version")));
            Instant changedAt = instant(raw(event.get("changedAt")));
            JsonNode p = event.get("payload");
            Map<String, SourcedValue> f = new LinkedHashMap<>();
            List<String> flags = new ArrayList<>(2);

            String uscc = Values.text(raw(p, "uniscid"));
            if (uscc != null) {
                try {
                    Uscc u = Uscc.parseLenient(uscc);
                    if (!u.checkDigitValid()) {
                        flags.add(IdentifierError.USCC_CHECK_DIGIT.name() + ":uscc");
                    }
                    f.put("uscc", sv(u.value(), "/payload/uniscid", id, fetchedAt));
                } catch (InvalidIdentifierException e) {
                    throw new MappingException(MappingError.INVALID_KEY, "uscc (/payload/uniscid) fails " + e.code());
                }
            }
            String regNo = Values.text(raw(p, "regno"));
            if (regNo != null) {
                try {
                    RegistrationNumber rn = RegistrationNumber.parseLenient(regNo);
                    if (rn.flagged()) {
                        flags.add("REG_NO_NON_CONFORMING:registrationNumber");
                    }
                    f.put("registrationNumber", sv(rn.value(), "/payload/regno", id, fetchedAt));
                } catch (InvalidIdentifierException e) {
                    flags.add(e.code() + ":registrationNumber");
                }
            }
            String org = uscc == null ? null : Values.text(orgPart(uscc));
            if (org != null) {
                try {
                    OrganizationCode code = OrganizationCode.parse(org);
                    if (!OrganizationCode.isValid(code.compact())) {
                        flags.add(IdentifierError.ORG_CODE_CHECK_DIGIT.name() + ":organizationCode");
                    }
                    f.put("organizationCode", sv(code.compact(), "/payload/uniscid", id, fetchedAt));
                } catch (InvalidIdentifierException e) {
                    flags.add(e.code() + ":organizationCode");
                }
            }
            String name = text(raw(p, "entname"));
            if (name == null) {
                throw new MappingException(MappingError.MISSING_REQUIRED_FIELD, "name (/payload/entname) is empty");
            }
            f.put("name", sv(name, "/payload/entname", id, fetchedAt));
            coded(f, flags, enterpriseType, raw(p, "enttype"), "enterpriseType", "enterpriseTypeLabel", "/payload/enttype", id, fetchedAt);
            text(f, raw(p, "lerep"), "legalRepresentative", "/payload/lerep", id, fetchedAt);
            Object cap = raw(p, "regcap");
            if (cap != null) {
                try {
                    BigDecimal d = cap instanceof Number n ? Values.decimal(n) : Values.decimal(Values.text(cap));
                    if (d != null) {
                        d = d.stripTrailingZeros();
                        f.put("registeredCapitalWan", sv(d.scale() < 0 ? d.setScale(0) : d, "/payload/regcap", id, fetchedAt));
                    }
                } catch (MappingException e) {
                    flags.add(e.error().name() + ":registeredCapitalWan");
                }
            }
            text(f, raw(p, "regcapcur"), "capitalCurrency", "/payload/regcapcur", id, fetchedAt);
            date(f, flags, raw(p, "estdate"), "establishedOn", "/payload/estdate", id, fetchedAt);
            date(f, flags, raw(p, "apprdate"), "approvedOn", "/payload/apprdate", id, fetchedAt);
            date(f, flags, raw(p, "opfrom"), "termFrom", "/payload/opfrom", id, fetchedAt);
            date(f, flags, raw(p, "opto"), "termTo", "/payload/opto", id, fetchedAt);
            text(f, raw(p, "opscope"), "businessScope", "/payload/opscope", id, fetchedAt);
            text(f, raw(p, "regorg"), "registrationAuthority", "/payload/regorg", id, fetchedAt);
            coded(f, flags, registrationState, raw(p, "regstate"), "registrationState", "registrationStateLabel", "/payload/regstate", id, fetchedAt);
            text(f, raw(p, "dom"), "address", "/payload/dom", id, fetchedAt);
            return new MappedRecord(SILO, cn.tongban.hub.canonical.Entity.ENTERPRISE, id, version, changedAt, f, flags, fetchedAt);
        }

        private static String orgPart(String uscc) {
            String v = IdentifierNormalizer.normalize(uscc);
            return v.length() == 18 ? v.substring(8, 17) : uscc;
        }

        private static SourcedValue sv(Object value, String source, String id, Instant fetchedAt) {
            return new SourcedValue(value, new Provenance(SILO, source, id, fetchedAt));
        }

        private static String text(Object raw) {
            return raw instanceof Number n ? n.toString() : Values.text(raw);
        }

        private static void text(Map<String, SourcedValue> f, Object raw, String field, String source, String id, Instant at) {
            String s = text(raw);
            if (s != null) {
                f.put(field, sv(s, source, id, at));
            }
        }

        private static void date(Map<String, SourcedValue> f, List<String> flags, Object raw, String field, String source,
                                 String id, Instant at) {
            try {
                java.time.LocalDate d = raw instanceof Number n ? Values.date(n) : Values.date(Values.text(raw));
                if (d != null) {
                    f.put(field, sv(d.toString(), source, id, at));
                }
            } catch (MappingException e) {
                flags.add(e.error().name() + ":" + field);
            }
        }

        private static void coded(Map<String, SourcedValue> f, List<String> flags, CodeList list, Object raw, String field,
                                  String labelField, String source, String id, Instant at) {
            String s = text(raw);
            if (s == null) {
                return;
            }
            var entry = list.resolve(s);
            if (entry.isPresent()) {
                f.put(field, sv(entry.get().code(), source, id, at));
                f.put(labelField, sv(entry.get().label(), source, id, at));
            } else {
                flags.add(MappingError.UNKNOWN_CODE.name() + ":" + field);
                f.put(labelField, sv(s, source, id, at));
            }
        }

        private static Object raw(JsonNode parent, String field) {
            return parent == null ? null : raw(parent.get(field));
        }

        private static Object raw(JsonNode n) {
            if (n == null || n.isNull()) {
                return null;
            }
            if (n.isIntegralNumber()) {
                return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
            }
            if (n.isNumber()) {
                return n.decimalValue();
            }
            return n.isValueNode() ? n.asText() : n.toString();
        }

        private static Long version(Object raw) {
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
                return Instant.parse(s);
            } catch (java.time.format.DateTimeParseException e) {
                // The engine also accepts yyyyMMddHHmmss and epoch-millisecond text.
                if (s.length() == 14) {
                    return LocalDateTime.parse(s, java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
                            .atZone(Values.SOURCE_ZONE).toInstant();
                }
                return Instant.ofEpochMilli(Long.parseLong(s));
            }
        }

        /** Records on which the hand-written mapper and the engine disagree (fields, flags or rejection). */
        int compare(CompiledMapping engine, List<JsonNode> events, Instant fetchedAt) {
            int differences = 0;
            for (JsonNode e : events) {
                String a;
                String b;
                try {
                    MappedRecord r = engine.map(e, fetchedAt);
                    a = r.fields() + " " + r.flags() + " " + r.version() + " " + r.changedAt();
                } catch (MappingException x) {
                    a = "rejected " + x.error();
                }
                try {
                    MappedRecord r = map(e, fetchedAt);
                    b = r.fields() + " " + r.flags() + " " + r.version() + " " + r.changedAt();
                } catch (MappingException x) {
                    b = "rejected " + x.error();
                }
                if (!a.equals(b)) {
                    if (differences < 3) {
                        System.out.println("difference:\n  engine: " + a + "\n  hand:   " + b);
                    }
                    differences++;
                }
            }
            return differences;
        }
    }
}
