package cn.tongban.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.tongban.hub.canonical.Silo;
import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.Quirk;
import cn.tongban.hub.demo.data.TruthEnterprise;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.registry.EnterpriseReplicaRepository;
import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.DemoSubjects;
import cn.tongban.hub.testing.HubIntegrationTest;
import cn.tongban.hub.unresolved.UnresolvedGauges;

/**
 * The hub's own meters as Prometheus scrapes them from the management port: real look-ups
 * through the API (every endpoint, an answer degraded by a slow silo, a refusal), the
 * market-regulation backlog of the demo (applied, re-delivered, out-of-order and poison
 * events), an unresolved case opened by a pre-check; then every name of the contract
 * (i7-contract.md, "Metric names") is in the scrape with its tags, and counts are non-zero
 * where this test or the demo's start caused events.
 */
@HubIntegrationTest
class OpsMetricsIT {

    private static final String HOUSING_FUND = "GG00301003";

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    DemoInfrastructure demo;

    @Autowired
    EnterpriseReplicaRepository replica;

    @Autowired
    ObjectMapper json;

    @Autowired
    IngestionLag lag;

    @Autowired
    UnresolvedGauges unresolved;

    @Value("${hub.kafka.topics.market-regulation-events}")
    String marketRegulationTopic;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One sample of the scrape: metric name, labels, value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    @BeforeEach
    void backlogConsumed() {
        int expected = demo.dataSet().enterprises().size();
        await("every enterprise of the data set in the replica").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500)).until(() -> replica.count() >= expected);
    }

    @Test
    void everyMetricOfTheContractIsScrapedWithItsTags() throws Exception {
        List<TruthPerson> people = DemoSubjects.cleanPersons(demo.dataSet());
        TruthEnterprise clean = demo.dataSet().enterprises().get(3);
        assertThat(get("/api/v1/enterprises/" + clean.uscc()).statusCode()).isEqualTo(200);
        // The registry and AB01 disagree on the legal representative: a conflict in the answer.
        var disagree = demo.dataSet().manifest().injections(Quirk.LEGAL_REP_DISAGREES, Silo.SOCIAL_INSURANCE);
        assertThat(disagree).isNotEmpty();
        for (var i : disagree.subList(0, Math.min(5, disagree.size()))) {
            assertThat(get("/api/v1/enterprises/" + i.truthKey()).statusCode()).isEqualTo(200);
        }
        // A mistyped USCC: refused with 400.
        assertThat(get("/api/v1/enterprises/91350100M000100Y44").statusCode()).isEqualTo(400);
        TruthPerson person = people.get(people.size() / 2);
        assertThat(get("/api/v1/persons/" + person.citizenId()).statusCode()).isEqualTo(200);
        assertThat(post("/api/v1/verifications", DemoClients.MATTER, DemoClients.CASE, json.writeValueAsString(Map.of(
                "subjectType", "person", "subject", person.citizenId(), "claims", Map.of("name", person.name()))))
                .statusCode()).isEqualTo(200);
        // No department shares the property certificate: an unresolved case (not_connected).
        TruthPerson applicant = people.get(people.size() / 2 + 1);
        String caseNumber = "IT-OPS-METRICS-1";
        assertThat(post("/api/v1/matters/" + HOUSING_FUND + "/prechecks", HOUSING_FUND, caseNumber, json.writeValueAsString(Map.of(
                "subject", applicant.citizenId(), "caseNumber", caseNumber))).statusCode()).isEqualTo(200);
        // Public security slower than the request's deadline: a degraded answer (timeout or stale).
        TruthPerson slow = people.get(people.size() / 2 + 2);
        demo.publicSecurity().server().setGlobalFixedDelay(3_000);
        try {
            HttpResponse<String> r = get("/api/v1/persons/" + slow.citizenId());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json.readTree(r.body()).path("sources").path("public-security").path("status").asText()).isIn("timeout", "stale");
        } finally {
            demo.publicSecurity().server().setGlobalFixedDelay(0);
        }
        lag.refresh();
        unresolved.refresh();

        List<Sample> scrape = scrape();
        // For the closing note: the hub's series as Prometheus names them, with their label names.
        scrape.stream().filter(s -> s.name().startsWith("hub_"))
                .map(s -> s.name() + s.labels().keySet().stream().filter(k -> !k.equals("le")).toList())
                .distinct().sorted().forEach(line -> System.out.println("scraped " + line));

        // hub.lookups: a timer with a histogram, per endpoint and outcome.
        for (String endpoint : List.of("enterprise", "person", "verification", "precheck")) {
            assertThat(sum(scrape, "hub_lookups_seconds_count", Map.of("endpoint", endpoint))).as(endpoint).isPositive();
            assertThat(find(scrape, "hub_lookups_seconds_bucket", Map.of("endpoint", endpoint))).as(endpoint).isNotEmpty();
            assertThat(find(scrape, "hub_lookups_seconds_sum", Map.of("endpoint", endpoint))).as(endpoint).isNotEmpty();
        }
        assertThat(sum(scrape, "hub_lookups_seconds_count", Map.of("endpoint", "enterprise", "outcome", "ok"))).isPositive();
        assertThat(sum(scrape, "hub_lookups_seconds_count", Map.of("endpoint", "enterprise", "outcome", "refused"))).isPositive();
        assertThat(sum(scrape, "hub_lookups_seconds_count", Map.of("endpoint", "person", "outcome", "degraded"))).isPositive();
        assertThat(labelValues(scrape, "hub_lookups_seconds_count", "outcome")).isSubsetOf("ok", "degraded", "refused", "error");
        assertThat(labelValues(scrape, "hub_lookups_seconds_bucket", "le")).contains("+Inf");

        // hub.lookup.sources: per silo and status.
        assertThat(sum(scrape, "hub_lookup_sources_total", Map.of("source", "market-regulation", "status", "ok"))).isPositive();
        assertThat(sum(scrape, "hub_lookup_sources_total", Map.of("source", "public-security", "status", "ok"))).isPositive();
        assertThat(sum(scrape, "hub_lookup_sources_total", Map.of("source", "social-insurance"))).isPositive();
        assertThat(labelValues(scrape, "hub_lookup_sources_total", "status"))
                .isSubsetOf("ok", "not_found", "timeout", "circuit_open", "error", "stale");
        assertThat(labelValues(scrape, "hub_lookup_sources_total", "source"))
                .isSubsetOf("market-regulation", "public-security", "social-insurance", "civil-affairs");

        // hub.silo.calls: a timer with a histogram, per pull silo and outcome.
        assertThat(sum(scrape, "hub_silo_calls_seconds_count", Map.of("silo", "public-security", "outcome", "ok"))).isPositive();
        assertThat(sum(scrape, "hub_silo_calls_seconds_count", Map.of("silo", "public-security", "outcome", "timeout"))).isPositive();
        assertThat(sum(scrape, "hub_silo_calls_seconds_count", Map.of("silo", "social-insurance"))).isPositive();
        assertThat(find(scrape, "hub_silo_calls_seconds_bucket", Map.of("silo", "public-security"))).isNotEmpty();
        assertThat(labelValues(scrape, "hub_silo_calls_seconds_count", "outcome"))
                .isSubsetOf("ok", "not_found", "timeout", "error", "circuit_open", "rejected");

        // hub.ingestion.events: the demo backlog has applied, re-delivered (current), out-of-order (stale) and poison events.
        String mr = "market-regulation";
        Map<String, List<Quirk>> causes = Map.of("applied", List.of(), "current", List.of(Quirk.EVENT_REDELIVERED),
                "stale", List.of(Quirk.EVENT_OUT_OF_ORDER), "quarantined", List.of(Quirk.EVENT_MALFORMED_JSON, Quirk.EVENT_MISSING_KEYS));
        causes.forEach((outcome, quirks) -> {
            boolean inTheData = quirks.isEmpty() || quirks.stream()
                    .anyMatch(q -> !demo.dataSet().manifest().injections(q, Silo.MARKET_REGULATION).isEmpty());
            if (inTheData) {
                assertThat(sum(scrape, "hub_ingestion_events_total", Map.of("source", mr, "outcome", outcome))).as(outcome).isPositive();
            }
        });
        assertThat(labelValues(scrape, "hub_ingestion_events_total", "outcome")).isSubsetOf("applied", "current", "stale", "quarantined")
                .contains("applied", "quarantined");
        assertThat(sum(scrape, "hub_ingestion_events_total", Map.of("source", mr, "outcome", "applied")))
                .isGreaterThanOrEqualTo(demo.dataSet().enterprises().size());

        // hub.ingestion.lag: measured by the admin client; the backlog is consumed, so little or nothing is behind.
        List<Sample> lagSamples = find(scrape, "hub_ingestion_lag", Map.of("topic", marketRegulationTopic));
        assertThat(lagSamples).hasSize(1);
        assertThat(lagSamples.get(0).value()).isGreaterThanOrEqualTo(0);

        // hub.quarantine.records and hub.deadletter.records: the poison events, by their stable reason.
        assertThat(sum(scrape, "hub_quarantine_records_total", Map.of("source", mr))).isPositive();
        assertThat(sum(scrape, "hub_deadletter_records_total", Map.of("source", mr))).isPositive();
        Set<String> quarantineReasons = labelValues(scrape, "hub_quarantine_records_total", "reason");
        assertThat(quarantineReasons).isNotEmpty().allSatisfy(reason -> assertThat(reason).matches("[A-Z][A-Z0-9_]+"));
        assertThat(labelValues(scrape, "hub_deadletter_records_total", "reason"))
                .isNotEmpty().allSatisfy(reason -> assertThat(reason).matches("[A-Z][A-Z0-9_]+"));

        // hub.conflicts: by canonical field.
        assertThat(sum(scrape, "hub_conflicts_total", Map.of("field", "legalRepresentative"))).isPositive();

        // hub.unresolved.open / overdue: by tag and department, from the store.
        Map<String, String> propertyCertificate = Map.of("tag", "not_connected", "department", "不动产登记机构");
        assertThat(sum(scrape, "hub_unresolved_open", propertyCertificate)).isPositive();
        assertThat(find(scrape, "hub_unresolved_overdue", propertyCertificate)).hasSize(1);

        // hub.maintenance, and the audit meters that were there before.
        assertThat(find(scrape, "hub_maintenance", Map.of())).hasSize(1);
        assertThat(sum(scrape, "hub_audit_append_seconds_count", Map.of())).isPositive();

        // Bounded tags: no identifier of the look-ups above became a label value.
        Set<String> identifiers = Set.of(clean.uscc(), person.citizenId(), applicant.citizenId(), slow.citizenId(), caseNumber);
        for (Sample s : scrape) {
            if (s.name().startsWith("hub_")) {
                assertThat(s.labels().values()).as(s.name()).doesNotContainAnyElementsOf(identifiers);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(15));
        purpose(b, DemoClients.MATTER, DemoClients.CASE);
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String matter, String caseNumber, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json");
        purpose(b, matter, caseNumber);
        return http.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void purpose(HttpRequest.Builder b, String matter, String caseNumber) {
        org.springframework.http.HttpHeaders h = new org.springframework.http.HttpHeaders();
        DemoClients.purpose(DemoClients.BACKOFFICE_KEY, matter, caseNumber).accept(h);
        h.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
    }

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private List<Sample> scrape() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(15)).header("Authorization", DemoClients.operatorBasic()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        List<Sample> samples = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return samples;
    }

    /** The samples of a name whose labels include the given ones. */
    private static List<Sample> find(List<Sample> scrape, String name, Map<String, String> labels) {
        return scrape.stream().filter(s -> s.name().equals(name))
                .filter(s -> labels.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey())))).toList();
    }

    private static double sum(List<Sample> scrape, String name, Map<String, String> labels) {
        return find(scrape, name, labels).stream().mapToDouble(Sample::value).sum();
    }

    private static Set<String> labelValues(List<Sample> scrape, String name, String label) {
        return scrape.stream().filter(s -> s.name().equals(name)).map(s -> s.labels().get(label))
                .filter(java.util.Objects::nonNull).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
