package cn.tongban.hub.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import cn.tongban.hub.canonical.Provenance;
import cn.tongban.hub.canonical.SourcedValue;
import cn.tongban.hub.crosswalk.AliasLink;
import cn.tongban.hub.crosswalk.InMemoryCrosswalk;
import cn.tongban.hub.crosswalk.KeyResolver;
import cn.tongban.hub.sources.marketregulation.MarketRegulationEventMapper;
import cn.tongban.hub.sources.publicsecurity.PopulationLookup;
import cn.tongban.hub.sources.publicsecurity.PopulationResponseParser;

/**
 * Runs every golden case under {@code mappings/cases/<silo>/<case>/} (layout in
 * {@code mappings/cases/README.md}): the input as the silo sends it goes through the silo's
 * parser, the mapping and the key resolver with the case's crosswalk fixture, and the result
 * must equal {@code expected.json} exactly: every canonical field (no more, no fewer), the key,
 * the record id, the flags in order, or the one error code of a negative case.
 */
class GoldenCasesTest {

    static final Path CASES = Path.of("mappings", "cases");
    static final int MIN_CASES_PER_SILO = 10;
    /** Fixed fetch time: provenance is compared against it. */
    static final Instant FETCHED_AT = Instant.parse("2025-07-01T02:00:00Z");

    private static final Set<String> CASE_KEYS = Set.of("mapping", "description", "quirks", "crosswalk");
    private static final Set<String> LINK_KEYS = Set.of("entity", "kind", "value", "key", "assertedBy", "sourceRecord");
    private static final Set<String> RECORD_KEYS = Set.of("key", "recordId", "version", "changedAt", "fields", "flags");
    private static final List<String> INPUTS = List.of("input.json", "input.xml", "input.yaml");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final CodeLists CODE_LISTS = CodeLists.load(Path.of("mappings", "codelists"));
    private static final Mappings MAPPINGS = Mappings.load(Path.of("mappings"), CODE_LISTS);

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Path silo : list(CASES)) {
            if (Files.isDirectory(silo)) {
                for (Path c : list(silo)) {
                    if (Files.isDirectory(c)) {
                        out.add(Arguments.of(Named.of(silo.getFileName() + "/" + c.getFileName(), c)));
                    }
                }
            }
        }
        assertFalse(out.isEmpty(), "no golden case found under " + CASES.toAbsolutePath());
        return out.stream();
    }

    @Test
    void everySiloFolderHoldsAtLeastTenCases() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Path silo : list(CASES)) {
            if (Files.isDirectory(silo)) {
                counts.put(silo.getFileName().toString(), (int) list(silo).stream().filter(Files::isDirectory).count());
            }
        }
        assertFalse(counts.isEmpty(), "no silo folder under " + CASES);
        List<String> thin = counts.entrySet().stream().filter(e -> e.getValue() < MIN_CASES_PER_SILO)
                .map(e -> e.getKey() + " has " + e.getValue()).toList();
        assertTrue(thin.isEmpty(), "every silo needs at least " + MIN_CASES_PER_SILO + " golden cases: " + thin + " (all: " + counts + ")");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void goldenCase(Path dir) throws IOException {
        String silo = dir.getParent().getFileName().toString();
        String name = dir.getFileName().toString();

        // The case must be complete: case.yaml, exactly one input, expected.json.
        Path caseFile = dir.resolve("case.yaml");
        Path expectedFile = dir.resolve("expected.json");
        List<Path> inputs = INPUTS.stream().map(dir::resolve).filter(Files::isRegularFile).toList();
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(caseFile)) {
            problems.add("case.yaml is missing");
        }
        if (!Files.isRegularFile(expectedFile)) {
            problems.add("expected.json is missing");
        }
        if (inputs.size() != 1) {
            problems.add("exactly one of " + INPUTS + " is needed, found " + inputs.stream().map(p -> p.getFileName().toString()).toList());
        }
        if (!problems.isEmpty()) {
            fail(silo + "/" + name + " is incomplete: " + problems);
        }

        JsonNode spec = YAML.readTree(caseFile.toFile());
        checkKeys(spec, CASE_KEYS, "case.yaml");
        assertTrue(spec.path("mapping").isTextual(), "case.yaml needs 'mapping: <mapping id>'");
        assertTrue(spec.path("description").isTextual() && !spec.path("description").asText().isBlank(), "case.yaml needs a description");
        assertTrue(spec.path("quirks").isMissingNode() || spec.path("quirks").isArray(), "case.yaml: quirks is a list");
        CompiledMapping mapping = MAPPINGS.require(spec.get("mapping").asText());
        assertEquals(silo, mapping.silo(), "the case folder " + silo + " holds a case of mapping " + mapping.id() + " of another silo");
        InMemoryCrosswalk crosswalk = new InMemoryCrosswalk(links(spec.path("crosswalk")));

        JsonNode expected = JSON.readTree(expectedFile.toFile());
        boolean negative = expected.has("error");
        String errorPrefix = name.toUpperCase(Locale.ROOT).replace('-', '_');
        for (MappingError e : MappingError.values()) {
            if (errorPrefix.startsWith(e.name() + "_") && !negative) {
                fail("the case name starts with " + kebab(e) + "- but expected.json is no {\"error\":\"" + e.name() + "\"}");
            }
        }

        Path input = inputs.get(0);
        Outcome outcome = run(mapping, input, crosswalk);

        if (negative) {
            checkKeys(expected, Set.of("error"), "expected.json");
            MappingError want = MappingError.valueOf(expected.get("error").asText());
            assertTrue(name.startsWith(kebab(want) + "-"), "a negative case's folder is named after its error: " + kebab(want) + "-...");
            if (outcome.error == null) {
                fail(silo + "/" + name + ": expected error " + want + " but the input mapped to:\n" + JSON.writeValueAsString(outcome.actual));
            }
            assertEquals(want.name(), outcome.error, silo + "/" + name + ": error code (" + outcome.reason + ")");
            return;
        }
        checkKeys(expected, Set.of("records"), "expected.json");
        if (outcome.error != null) {
            fail(silo + "/" + name + ": expected records but the input was rejected with " + outcome.error + ": " + outcome.reason);
        }
        JsonNode want = expected.get("records");
        assertTrue(want.isArray(), "expected.json: records is a list (empty for an answer without records)");
        List<String> diff = new ArrayList<>();
        if (want.size() != outcome.records.size()) {
            diff.add("expected " + want.size() + " records, got " + outcome.records.size());
        }
        for (int i = 0; i < Math.min(want.size(), outcome.records.size()); i++) {
            compare(i, want.get(i), outcome.records.get(i), mapping, diff);
        }
        if (!diff.isEmpty()) {
            fail(silo + "/" + name + " differs:\n  - " + String.join("\n  - ", diff)
                    + "\nactual:\n" + JSON.writeValueAsString(outcome.actual));
        }
    }

    /** What the input gave: the keyed records (and their JSON view for messages), or the first error. */
    private record Outcome(List<MappedRecord> records, JsonNode actual, String error, String reason) {
    }

    private static Outcome run(CompiledMapping mapping, Path input, InMemoryCrosswalk crosswalk) throws IOException {
        List<MappedRecord> mapped = new ArrayList<>();
        try {
            for (Object record : records(mapping, input)) {
                mapped.add(KeyResolver.resolve(mapping, mapping.map(record, FETCHED_AT), crosswalk));
            }
        } catch (MappingException e) {
            return new Outcome(List.of(), null, e.error().name(), e.getMessage());
        }
        List<JsonNode> views = new ArrayList<>();
        for (MappedRecord r : mapped) {
            views.add(view(mapping, r));
        }
        return new Outcome(mapped, JSON.valueToTree(Map.of("records", views)), null, null);
    }

    /** The records of the input, read the way the silo's adapter reads them. */
    private static List<Object> records(CompiledMapping mapping, Path input) throws IOException {
        String file = input.getFileName().toString();
        byte[] body = Files.readAllBytes(input);
        switch (mapping.format()) {
            case JSON -> {
                assertEquals("input.json", file, "a json mapping reads input.json");
                List<Object> out = new ArrayList<>();
                if (mapping.recordsPointer() == null) {
                    // A pushed event: the market-regulation adapter's own parse.
                    out.add(new MarketRegulationEventMapper(JSON, MAPPINGS).parse(new String(body, StandardCharsets.UTF_8)));
                    return out;
                }
                // A pulled answer, as SiloGateway reads it.
                JsonNode tree;
                try {
                    tree = JSON.readTree(body);
                } catch (IOException e) {
                    throw new MappingException(MappingError.MALFORMED_RECORD, "the answer is not valid JSON");
                }
                if (tree == null || tree.isMissingNode()) {
                    throw new MappingException(MappingError.MALFORMED_RECORD, "the answer is empty");
                }
                JsonNode at = tree.at(mapping.recordsPointer());
                if (at.isArray()) {
                    at.forEach(out::add);
                } else if (at.isObject()) {
                    out.add(at);
                } else if (at.isMissingNode()) {
                    throw new MappingException(MappingError.MALFORMED_RECORD, "the answer has no " + mapping.lookup().records());
                } else if (!at.isNull()) {
                    throw new MappingException(MappingError.MALFORMED_RECORD, "the records are neither a list nor an object");
                }
                return out;
            }
            case XML -> {
                assertEquals("input.xml", file, "an xml mapping reads input.xml (the whole answer, GBK bytes)");
                PopulationLookup lookup = new PopulationResponseParser().parse(body, "text/xml; charset=GBK", 200);
                if (lookup.status() != PopulationLookup.Status.OK && lookup.status() != PopulationLookup.Status.NOT_FOUND) {
                    throw new AssertionError("the answer is a failure envelope (" + lookup + "): not a mapping case");
                }
                return new ArrayList<>(lookup.records());
            }
            case ROW -> {
                assertEquals("input.yaml", file, "a row mapping reads input.yaml");
                JsonNode tree = YAML.readTree(body);
                List<Object> out = new ArrayList<>();
                if (tree != null && tree.isArray()) {
                    tree.forEach(n -> out.add(row(n)));
                } else if (tree != null && tree.isObject()) {
                    out.add(row(tree));
                } else {
                    throw new AssertionError("input.yaml holds one row (column: value) or a list of rows");
                }
                return out;
            }
            default -> throw new AssertionError("unknown format " + mapping.format());
        }
    }

    /** A row as a JDBC driver returns VARCHAR2 columns: strings, or null for SQL NULL. */
    private static Map<String, Object> row(JsonNode n) {
        assertTrue(n.isObject(), "a row is a map of column: value");
        Map<String, Object> row = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isNull() && !v.isTextual()) {
                throw new AssertionError("column " + e.getKey() + ": quote the value, a VARCHAR2 column reads as a string (or null)");
            }
            row.put(e.getKey(), v.isNull() ? null : v.asText());
        }
        return row;
    }

    private static List<AliasLink> links(JsonNode crosswalk) {
        List<AliasLink> links = new ArrayList<>();
        if (crosswalk.isMissingNode() || crosswalk.isNull()) {
            return links;
        }
        assertTrue(crosswalk.isArray(), "case.yaml: crosswalk is a list of {entity, kind, value, key, assertedBy}");
        for (JsonNode l : crosswalk) {
            checkKeys(l, LINK_KEYS, "crosswalk link");
            for (String k : List.of("entity", "kind", "value", "key", "assertedBy")) {
                assertTrue(l.path(k).isValueNode() && !l.path(k).asText().isBlank(), "crosswalk link without " + k + ": " + l);
            }
            links.add(new AliasLink(l.get("entity").asText(), l.get("kind").asText(), l.get("value").asText(), l.get("key").asText(),
                    l.get("assertedBy").asText(), l.path("sourceRecord").asText(null), null, null));
        }
        return links;
    }

    private static void compare(int i, JsonNode want, MappedRecord got, CompiledMapping mapping, List<String> diff) {
        String at = "record " + i + ": ";
        checkKeys(want, RECORD_KEYS, "expected.json record " + i);
        for (String k : List.of("key", "recordId", "fields", "flags")) {
            assertTrue(want.has(k), "expected.json record " + i + " lacks '" + k + "'");
        }
        String key = got.text(mapping.key().key().json());
        if (!want.get("key").asText().equals(key) || want.get("key").isNull()) {
            diff.add(at + "key: expected " + want.get("key") + ", got " + key);
        }
        String recordId = want.get("recordId").isNull() ? null : want.get("recordId").asText();
        if (!java.util.Objects.equals(recordId, got.recordId())) {
            diff.add(at + "recordId: expected " + recordId + ", got " + got.recordId());
        }
        if (want.has("version")) {
            Long v = want.get("version").isNull() ? null : want.get("version").asLong();
            if (!java.util.Objects.equals(v, got.version())) {
                diff.add(at + "version: expected " + v + ", got " + got.version());
            }
        }
        if (want.has("changedAt")) {
            Instant c = want.get("changedAt").isNull() ? null : Instant.parse(want.get("changedAt").asText());
            if (!java.util.Objects.equals(c, got.changedAt())) {
                diff.add(at + "changedAt: expected " + c + ", got " + got.changedAt());
            }
        }

        // The complete field map: missing, unexpected and different values all count.
        JsonNode wantFields = want.get("fields");
        assertTrue(wantFields.isObject(), "expected.json record " + i + ": fields is an object");
        Set<String> names = new TreeSet<>(got.fields().keySet());
        wantFields.fieldNames().forEachRemaining(names::add);
        for (String f : names) {
            JsonNode w = wantFields.get(f);
            SourcedValue g = got.fields().get(f);
            if (g == null) {
                diff.add(at + "field " + f + ": expected " + w + ", not produced");
            } else if (w == null) {
                diff.add(at + "field " + f + ": not expected, produced " + JSON.valueToTree(g.value()));
            } else if (!sameValue(w, JSON.valueToTree(g.value()))) {
                diff.add(at + "field " + f + ": expected " + w + ", got " + JSON.valueToTree(g.value()));
            }
            if (g != null) {
                checkProvenance(at, f, g.provenance(), got, mapping, diff);
            }
        }

        List<String> wantFlags = new ArrayList<>();
        assertTrue(want.get("flags").isArray(), "expected.json record " + i + ": flags is a list");
        want.get("flags").forEach(n -> wantFlags.add(n.asText()));
        if (!wantFlags.equals(got.flags())) {
            diff.add(at + "flags: expected " + wantFlags + ", got " + got.flags());
        }
    }

    /** Every value names the silo, its source (or the crosswalk alias for a key found there), the record and the fixed fetch time. */
    private static void checkProvenance(String at, String field, Provenance p, MappedRecord r, CompiledMapping mapping, List<String> diff) {
        String source = mapping.sources().get(field);
        boolean viaCrosswalk = field.equals(mapping.key().key().json()) && r.flags().stream().anyMatch(f -> f.startsWith(KeyResolver.LINKED_BY));
        String wantSource = viaCrosswalk
                ? "crosswalk:" + r.flags().stream().filter(f -> f.startsWith(KeyResolver.LINKED_BY)).findFirst().orElseThrow()
                        .substring(KeyResolver.LINKED_BY.length())
                : source;
        if (!mapping.silo().equals(p.silo()) || !java.util.Objects.equals(wantSource, p.sourceField())
                || !java.util.Objects.equals(r.recordId(), p.recordId()) || !FETCHED_AT.equals(p.fetchedAt())) {
            diff.add(at + "field " + field + ": provenance " + p + ", expected silo " + mapping.silo() + ", source " + wantSource
                    + ", record " + r.recordId() + ", fetched " + FETCHED_AT);
        }
    }

    /** Numbers compare by value (1447.79 equals 1447.790); everything else, type included, must be equal. */
    private static boolean sameValue(JsonNode want, JsonNode got) {
        if (want.isNumber() && got.isNumber()) {
            return new BigDecimal(want.asText()).compareTo(new BigDecimal(got.asText())) == 0;
        }
        return want.equals(got);
    }

    private static ObjectNode view(CompiledMapping mapping, MappedRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("key", r.text(mapping.key().key().json()));
        n.put("recordId", r.recordId());
        if (r.version() != null) {
            n.put("version", r.version());
        }
        if (r.changedAt() != null) {
            n.put("changedAt", r.changedAt().toString());
        }
        ObjectNode fields = n.putObject("fields");
        r.fields().forEach((k, v) -> fields.set(k, JSON.valueToTree(v.value())));
        n.set("flags", JSON.valueToTree(r.flags()));
        return n;
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String what) {
        assertTrue(node != null && node.isObject(), what + " is a map");
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                unknown.add(k);
            }
        });
        assertTrue(unknown.isEmpty(), what + ": unknown entries " + unknown + " (allowed: " + new TreeSet<>(allowed) + ")");
    }

    private static String kebab(MappingError e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
