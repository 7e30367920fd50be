package cn.tongban.hub.bulkload;

import static cn.tongban.hub.canonical.Silo.SOCIAL_INSURANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import cn.tongban.hub.crosswalk.Crosswalk;
import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.Ab01Row;
import cn.tongban.hub.demo.data.Quirk;
import cn.tongban.hub.demo.data.QuirkManifest;
import cn.tongban.hub.demo.data.SyntheticDataSet;
import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * The bulk load against the demo social-insurance database (H2 in Oracle mode) and the
 * embedded PostgreSQL store, through the {@code bulkload} actuator endpoint: a full run of
 * AB01 and AC01, a run crashed in its third batch and resumed, a run whose owner stopped
 * beating taken over, a malformed silo row quarantined, and readiness held back by a
 * blocking run. Small batches (100 rows) so that every run has many checkpoints.
 *
 * <p>A hub of its own (no scheduled reconciliation, which would race the counts), closed
 * after the class: the malformed row inserted into AB01 must not reach the context the other
 * integration tests share.
 */
@HubIntegrationTest
@TestPropertySource(properties = {
        "hub.silos.social-insurance.sync.enabled=false",
        "hub.bulkload.batch-size=100",
        "hub.bulkload.progress-log-interval=1s",
        "hub.bulkload.heartbeat-interval=1s",
        "hub.bulkload.heartbeat-timeout=5s"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@Import(BulkLoadIT.HooksConfiguration.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BulkLoadIT {

    private static final Logger log = LoggerFactory.getLogger(BulkLoadIT.class);
    private static final String SI = SOCIAL_INSURANCE.id();
    private static final int BATCH = 100;
    /** Bound of every wait for a run: the unit load first waits for the market-regulation backlog (settle time 5 s). */
    private static final Duration RUN_BOUND = Duration.ofSeconds(240);

    /** The unit outcomes of the first, clean run: what every later full run must reproduce. */
    private static Map<String, String> cleanUnitOutcomes;
    private static Set<String> cleanUnitQuarantine;

    @LocalManagementPort
    int managementPort;

    @Autowired
    DemoInfrastructure demo;

    @Autowired
    Environment env;

    @Autowired
    JdbcTemplate store;

    @Autowired
    Crosswalk crosswalk;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    ObjectMapper json;

    @Autowired
    Hooks hooks;

    @Autowired
    BulkLoader loader;

    RestClient management;

    @BeforeEach
    void client() {
        management = RestClient.builder().baseUrl("http://127.0.0.1:" + managementPort)
                .defaultHeader(HttpHeaders.AUTHORIZATION, DemoClients.operatorBasic()).build();
        hooks.reset();
    }

    @Test
    @Order(1)
    void fullRunLoadsEveryUnitAndPersonAsTheScheduledSyncWould() throws Exception {
        JsonNode persons = post(Map.of("silo", SI, "dataset", "persons"), 202);
        assertThat(persons.path("outcome").asText()).isEqualTo("STARTED");
        JsonNode units = post(Map.of("silo", SI, "dataset", "units"), 202);
        assertThat(units.path("outcome").asText()).isEqualTo("STARTED");
        // A second start while it runs is refused.
        assertThat(post(Map.of("silo", SI, "dataset", "units"), 409).path("outcome").asText()).isEqualTo("ALREADY_RUNNING");

        JsonNode personRun = awaitState(persons.path("run").path("id").asLong(), "DONE");
        JsonNode unitRun = awaitState(units.path("run").path("id").asLong(), "DONE");

        long ab01 = siloCount("AB01");
        long ac01 = siloCount("AC01");
        assertThat(ab01).isEqualTo(demo.dataSet().ab01Rows().size());
        assertThat(unitRun.path("total").asLong()).isEqualTo(ab01);
        assertThat(unitRun.path("done").asLong()).isEqualTo(ab01);
        assertThat(unitRun.path("percent").asDouble()).isEqualTo(100.0);
        assertThat(personRun.path("total").asLong()).isEqualTo(ac01);
        assertThat(personRun.path("done").asLong()).isEqualTo(ac01);
        assertThat(outcomes("social-insurance.unit")).hasSize((int) ab01);
        assertThat(outcomes("social-insurance.person")).hasSize((int) ac01);
        log.info("Bulk load on the demo data: persons {} rows, units {} rows ({} quarantined)", ac01, ab01,
                unitRun.path("quarantined").asLong());

        // A few units carrying a well-formed USCC: their unit number now links to it.
        SyntheticDataSet data = demo.dataSet();
        QuirkManifest manifest = data.manifest();
        Set<String> badCheck = manifest.injections(Quirk.BAD_CHECK_CHARACTER, SOCIAL_INSURANCE).stream()
                .filter(i -> i.field().equals("AAB998")).map(QuirkManifest.Injection::recordKey).collect(Collectors.toSet());
        Map<String, String> usccOfRow = manifest.injections(Quirk.CAPITAL_IN_YUAN, SOCIAL_INSURANCE).stream()
                .collect(Collectors.toMap(QuirkManifest.Injection::recordKey, QuirkManifest.Injection::truthKey));
        List<Ab01Row> sample = data.ab01Rows().stream()
                .filter(r -> r.AAB998() != null && !badCheck.contains(r.AAB001()) && usccOfRow.containsKey(r.AAB001()))
                .limit(5).toList();
        assertThat(sample).hasSize(5);
        for (Ab01Row r : sample) {
            assertThat(crosswalk.keysOf("enterprise", "socialInsuranceUnitNumber", r.AAB001())).as("unit %s", r.AAB001())
                    .containsExactly(usccOfRow.get(r.AAB001()));
            assertThat(outcomes("social-insurance.unit").get(r.AAB001())).startsWith("MAPPED|");
        }

        // The scheduled sync, run over the same rows now, finds nothing to change.
        cleanUnitOutcomes = outcomes("social-insurance.unit");
        cleanUnitQuarantine = openQuarantine("AB01/%");
        assertThat(cleanUnitQuarantine).isNotEmpty();
        producer.requestBody("direct:social-insurance-sync-unit", (Object) null);
        assertThat(outcomes("social-insurance.unit")).isEqualTo(cleanUnitOutcomes);
        assertThat(openQuarantine("AB01/%")).isEqualTo(cleanUnitQuarantine);

        // Metrics: one series per dataset; the finished runs show done == total.
        String metrics = management.get().uri("/actuator/prometheus").retrieve().body(String.class);
        assertThat(gauge(metrics, "hub_bulkload_done", "units")).isEqualTo(ab01);
        assertThat(gauge(metrics, "hub_bulkload_total_rows", "units")).isEqualTo(ab01);
        assertThat(gauge(metrics, "hub_bulkload_done", "persons")).isEqualTo(ac01);
        assertThat(gauge(metrics, "hub_bulkload_rate", "units")).isZero();
        assertThat(gauge(metrics, "hub_bulkload_rate", "persons")).isZero();
    }

    @Test
    @Order(2)
    void runCrashedInItsThirdBatchResumesFromItsCheckpointWithoutCountingABatchTwice() throws Exception {
        assertThat(cleanUnitOutcomes).as("the clean run of test 1").isNotNull();
        hooks.crashIn("units", 3);
        JsonNode started = post(Map.of("silo", SI, "dataset", "units"), 202);
        assertThat(started.path("outcome").asText()).isEqualTo("STARTED");
        long id = started.path("run").path("id").asLong();

        JsonNode failed = awaitState(id, "FAILED");
        assertThat(failed.path("error").asText()).contains("SimulatedCrash");
        // Batches 1 and 2 committed with their checkpoint; batch 3's writes rolled back with it.
        assertThat(failed.path("done").asLong()).isEqualTo(2 * BATCH);
        assertThat(failed.path("lastKey").asText()).isEqualTo(siloKeyAt("AB01", "AAB001", 2 * BATCH));
        Long touched = store.queryForObject("select count(*) from record_outcome where mapping_id = 'social-insurance.unit' "
                + "and last_run_at >= (select started_at from bulk_load_run where id = ?)", Long.class, id);
        assertThat(touched).as("outcomes written by the crashed run").isEqualTo(2L * BATCH);

        // POST again: the same run resumes after its last key.
        JsonNode resumed = post(Map.of("silo", SI, "dataset", "units"), 202);
        assertThat(resumed.path("outcome").asText()).isEqualTo("RESUMED");
        assertThat(resumed.path("run").path("id").asLong()).isEqualTo(id);
        JsonNode done = awaitState(id, "DONE");

        long ab01 = siloCount("AB01");
        assertThat(done.path("done").asLong()).as("rows counted once each").isEqualTo(ab01);
        assertThat(done.path("total").asLong()).isEqualTo(ab01);
        List<String> keys = hooks.committedKeys(id);
        assertThat(keys).hasSize((int) ((ab01 + BATCH - 1) / BATCH));
        for (int i = 1; i < keys.size(); i++) {
            assertThat(keys.get(i).compareTo(keys.get(i - 1))).as("last_key after batch %d", i + 1).isPositive();
        }
        assertThat(keys.get(1)).isEqualTo(failed.path("lastKey").asText());
        // The end state is the clean run's: every record once, the same outcomes, the same quarantine.
        assertThat(outcomes("social-insurance.unit")).isEqualTo(cleanUnitOutcomes);
        assertThat(openQuarantine("AB01/%")).isEqualTo(cleanUnitQuarantine);
        assertThat(store.queryForList("select source_ref from quarantine where silo = ? group by source_ref having count(*) > 1",
                String.class, SI)).as("quarantined twice").isEmpty();
    }

    @Test
    @Order(3)
    void runWhoseOwnerStoppedBeatingIsTakenOverFromItsLastKey() throws Exception {
        long ac01 = siloCount("AC01");
        String lastKey = siloKeyAt("AC01", "AAC001", 3 * BATCH);
        // A replica crashed after committing 3 batches: its run is RUNNING, its heartbeat 10 minutes old.
        Long id = store.queryForObject("""
                insert into bulk_load_run (silo, dataset, state, total, done, last_key, started_at, updated_at, owner)
                values (?, 'persons', 'RUNNING', ?, ?, ?, now() - interval '1 day', now() - interval '10 minutes',
                        'crashed-replica:4242:deadbeef') returning id""", Long.class, SI, ac01, 3L * BATCH, lastKey);

        JsonNode done = awaitState(id, "DONE");
        assertThat(done.path("owner").asText()).isEqualTo(loader.owner());
        assertThat(done.path("done").asLong()).as("the 300 committed rows are not read again").isEqualTo(ac01);
        List<String> keys = hooks.committedKeys(id);
        assertThat(keys).hasSize((int) ((ac01 - 3 * BATCH + BATCH - 1) / BATCH));
        assertThat(keys.get(0)).isEqualTo(siloKeyAt("AC01", "AAC001", 4 * BATCH));
        assertThat(outcomes("social-insurance.person")).hasSize((int) ac01);
    }

    @Test
    @Order(4)
    void malformedSiloRowIsQuarantinedWithItsReasonAndTheRunFinishes() throws Exception {
        try (Connection c = siloAdmin(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO AB01 (AAB001, AAB004, AAB998) VALUES (?, ?, ?)")) {
            ps.setString(1, "ZZBULK0001");
            ps.setString(2, "MALFORMED UNIT");
            // Three characters where a USCC has eighteen.
            ps.setString(3, "123");
            ps.executeUpdate();
        }
        JsonNode started = post(Map.of("silo", SI, "dataset", "units"), 202);
        JsonNode done = awaitState(started.path("run").path("id").asLong(), "DONE");
        long ab01 = siloCount("AB01");
        assertThat(ab01).isEqualTo(demo.dataSet().ab01Rows().size() + 1);
        assertThat(done.path("done").asLong()).isEqualTo(ab01);
        assertThat(done.path("quarantined").asLong()).isEqualTo(cleanUnitQuarantine.size() + 1);
        Map<String, Object> q = store.queryForMap("select reason_code, reason, payload, replayed_at from quarantine "
                + "where silo = ? and source_ref = 'AB01/ZZBULK0001'", SI);
        assertThat(q.get("reason_code")).isEqualTo("INVALID_KEY");
        assertThat((String) q.get("reason")).contains("uscc");
        assertThat((String) q.get("payload")).contains("ZZBULK0001");
        assertThat(q.get("replayed_at")).isNull();
        assertThat(outcomes("social-insurance.unit").get("ZZBULK0001")).startsWith("QUARANTINED|INVALID_KEY");
    }

    @Test
    @Order(5)
    void blockingRunHoldsTheInitialLoadComponentOutOfServiceUntilDone() throws Exception {
        assertThat(initialLoad().path("status").asText()).isEqualTo("UP");
        CountDownLatch gate = hooks.hold("persons");
        JsonNode started = post(Map.of("silo", SI, "dataset", "persons", "blocking", true), 202);
        long id = started.path("run").path("id").asLong();
        assertThat(started.path("run").path("blocking").asBoolean()).isTrue();

        await("initialLoad OUT_OF_SERVICE").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> initialLoad().path("status").asText().equals("OUT_OF_SERVICE"));
        JsonNode health = initialLoad();
        assertThat(health.path("details").path("total").asLong()).isEqualTo(siloCount("AC01"));
        assertThat(health.path("details").has("done")).isTrue();
        assertThat(health.path("details").path("runs").get(0).path("run").asLong()).isEqualTo(id);
        // Still held while the batch is: the gate is what keeps it running.
        assertThat(runView(id).path("state").asText()).isEqualTo("RUNNING");

        gate.countDown();
        awaitState(id, "DONE");
        assertThat(initialLoad().path("status").asText()).isEqualTo("UP");
    }

    @Test
    @Order(6)
    void unknownDatasetIsRefused() {
        assertThat(post(Map.of("silo", SI, "dataset", "no-such-table"), 400).path("outcome").asText())
                .isEqualTo("UNKNOWN_DATASET");
    }

    @Test
    @Order(7)
    void commandLoadsTheInsurancesByTheirCompoundKeyAndFollowsThemToTheEnd() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int status = BulkLoadCommand.run(new String[] {"--silo", SI, "--dataset", "insurances",
                        "--url", "http://127.0.0.1:" + managementPort, "--interval", "1s"},
                Map.of(BulkLoadCommand.PASSWORD_VARIABLE, DemoClients.OPERATOR_PASSWORD)::get,
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(status).as("exit status; out: %s err: %s", printed, err).isZero();
        assertThat(printed).startsWith("STARTED").contains(" DONE: ");
        long ac02 = siloCount("AC02");
        assertThat(outcomes("social-insurance.insurance")).as("one outcome per AC02 row").hasSize((int) ac02);
        assertThat(outcomes("social-insurance.insurance").keySet()).noneMatch(k -> k.contains("#"));
    }

    @Test
    @Order(8)
    void abortedRunStopsBeforeItsNextCommitAndResumesOnPost() throws Exception {
        CountDownLatch gate = hooks.hold("persons");
        long id = post(Map.of("silo", SI, "dataset", "persons"), 202).path("run").path("id").asLong();
        await("first batch held").atMost(Duration.ofSeconds(30)).until(() -> runView(id).path("total").asLong() > 0);
        JsonNode aborted = management.delete().uri("/actuator/bulkload/{silo}/{dataset}", SI, "persons")
                .exchange((req, res) -> json.readTree(res.getBody()));
        assertThat(aborted.path("aborted").asInt()).isEqualTo(1);
        gate.countDown();
        // The held batch cannot commit its checkpoint any more: it rolls back, nothing is counted.
        JsonNode stopped = awaitState(id, "ABORTED");
        assertThat(stopped.path("done").asLong()).isZero();
        await("the worker let go").atMost(Duration.ofSeconds(30)).until(() -> !runView(id).path("runningHere").asBoolean());

        JsonNode resumed = post(Map.of("silo", SI, "dataset", "persons"), 202);
        assertThat(resumed.path("outcome").asText()).isEqualTo("RESUMED");
        assertThat(awaitState(id, "DONE").path("done").asLong()).isEqualTo(siloCount("AC01"));
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode post(Map<String, Object> body, int expectedStatus) {
        return management.post().uri("/actuator/bulkload").contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange((req, res) -> {
                    assertThat(res.getStatusCode().value()).as("POST /actuator/bulkload %s", body).isEqualTo(expectedStatus);
                    return json.readTree(res.getBody());
                });
    }

    private JsonNode runView(long id) throws Exception {
        JsonNode all = json.readTree(management.get().uri("/actuator/bulkload").retrieve().body(String.class));
        for (JsonNode r : all.path("runs")) {
            if (r.path("id").asLong() == id) {
                return r;
            }
        }
        return json.createObjectNode();
    }

    private JsonNode awaitState(long id, String state) {
        JsonNode[] last = new JsonNode[1];
        await("run " + id + " " + state).atMost(RUN_BOUND).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = runView(id);
            String s = last[0].path("state").asText();
            if (!s.equals(state) && (s.equals("FAILED") || s.equals("DONE") || s.equals("ABORTED"))) {
                throw new AssertionError("run " + id + " ended " + s + " instead of " + state + ": " + last[0]);
            }
            return s.equals(state);
        });
        return last[0];
    }

    private JsonNode initialLoad() throws Exception {
        // 503 while OUT_OF_SERVICE: read the body whatever the status.
        String body = management.get().uri("/actuator/health/initialLoad")
                .exchange((req, res) -> new String(res.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        return json.readTree(body);
    }

    /** record id to outcome|reason|linked_by|flags|conflicts of a mapping. */
    private Map<String, String> outcomes(String mapping) {
        Map<String, String> out = new TreeMap<>();
        store.query("select record_id, outcome, reason_code, linked_by, flags::text, conflicts::text from record_outcome "
                + "where mapping_id = ?", rs -> {
                    out.put(rs.getString(1), rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|"
                            + rs.getString(5) + "|" + rs.getString(6));
                }, mapping);
        return out;
    }

    private Set<String> openQuarantine(String sourceRefPattern) {
        return Set.copyOf(store.queryForList("select source_ref from quarantine where silo = ? and replayed_at is null "
                + "and source_ref like ?", String.class, SI, sourceRefPattern));
    }

    private static long gauge(String metrics, String name, String dataset) {
        // Label order and common tags are the registry's business: match the two labels anywhere in the set.
        Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)} ([0-9.Ee+-]+)$").matcher(metrics);
        while (m.find()) {
            if (m.group(1).contains("dataset=\"" + dataset + "\"") && m.group(1).contains("silo=\"social-insurance\"")) {
                return (long) Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError(name + " for " + dataset + " not in /actuator/prometheus");
    }

    private long siloCount(String table) throws SQLException {
        try (Connection c = siloAdmin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The key of the n-th row (from 1) in key order, as the silo orders it. */
    private String siloKeyAt(String table, String key, int n) throws SQLException {
        try (Connection c = siloAdmin(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + key + " FROM " + table + " ORDER BY " + key + " OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY")) {
            ps.setInt(1, n - 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** The silo's administrator, straight to the H2 server (the hub's account may only read, through the fault proxy). */
    private Connection siloAdmin() throws SQLException {
        String hubUrl = env.getRequiredProperty("hub.silos.social-insurance.jdbc-url");
        String direct = hubUrl.replaceFirst("127\\.0\\.0\\.1:\\d+/", "127.0.0.1:" + demo.socialInsuranceServer().getPort() + "/");
        return DriverManager.getConnection(direct, "sa", "");
    }

    @TestConfiguration
    static class HooksConfiguration {

        @Bean
        Hooks bulkLoadHooks() {
            return new Hooks();
        }

        @Bean
        BulkLoadListener bulkLoadTestListener(Hooks hooks) {
            return hooks::afterBatch;
        }
    }

    /** Test hooks in the batch transaction: crash a batch, hold a run, record the committed keys. */
    static class Hooks {

        private volatile String crashDataset;
        private volatile int crashBatch;
        private volatile String holdDataset;
        private volatile CountDownLatch gate;
        private final List<Object[]> committed = new CopyOnWriteArrayList<>();

        void reset() {
            crashDataset = null;
            holdDataset = null;
            CountDownLatch g = gate;
            if (g != null) {
                g.countDown();
            }
            gate = null;
        }

        void crashIn(String dataset, int batch) {
            crashBatch = batch;
            crashDataset = dataset;
        }

        CountDownLatch hold(String dataset) {
            CountDownLatch g = new CountDownLatch(1);
            gate = g;
            holdDataset = dataset;
            return g;
        }

        /** The last keys of the run's batches that were not crashed, in commit order. */
        List<String> committedKeys(long runId) {
            return committed.stream().filter(o -> (long) o[0] == runId).map(o -> (String) o[1]).toList();
        }

        void afterBatch(BulkLoadRun run, int batch, int rows) {
            if (run.dataset().equals(crashDataset) && batch == crashBatch) {
                crashDataset = null;
                throw new SimulatedCrash();
            }
            CountDownLatch g = gate;
            if (g != null && run.dataset().equals(holdDataset)) {
                try {
                    // Bounded: a test that forgets the gate still ends.
                    g.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            committed.add(new Object[] {run.id(), run.lastKey()});
        }
    }

    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash() {
            super("simulated crash inside the batch transaction");
        }
    }
}
