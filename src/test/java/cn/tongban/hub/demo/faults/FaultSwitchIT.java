package cn.tongban.hub.demo.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.demo.silos.PublicSecuritySimulator;
import cn.tongban.hub.quarantine.QuarantineRepository;
import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.DemoSubjects;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * The fault switches of the demo ({@code /demo/faults} on the management port): for each
 * pull silo and each mode, what the silo really does on the wire at the address the hub is
 * given; the publisher's modes; the listing; the refusals; and that the API port does not
 * serve the switches. Every wait is bounded.
 *
 * <p>A hub of its own (smaller data set, no scheduled reconciliation), closed after the
 * class: the malformed events and the outages rehearsed here must not reach the context the
 * other integration tests share, whose quarantine counts are exact.
 */
@HubIntegrationTest
@TestPropertySource(properties = {
        "hub.demo.enterprises=300",
        "hub.demo.persons=1500",
        "hub.silos.social-insurance.sync.enabled=false"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class FaultSwitchIT {

    private static final String PS = SiloFaults.PUBLIC_SECURITY;
    private static final String CA = SiloFaults.CIVIL_AFFAIRS;
    private static final String SI = SiloFaults.SOCIAL_INSURANCE;
    private static final String MR = SiloFaults.MARKET_REGULATION;
    /** Long enough to tell from a normal answer (milliseconds here), short enough for a test. */
    private static final int DELAY_MS = 1000;
    /** How long "no answer" is watched for; the hub's own silo deadlines are 1 to 1.5 s. */
    private static final int SILENCE_MS = 1500;
    /** Bound of every wait for something that should happen. */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    private static final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-switch-it");
        t.setDaemon(true);
        return t;
    });

    @LocalManagementPort
    int managementPort;

    @LocalServerPort
    int apiPort;

    @Autowired
    DemoInfrastructure demo;

    @Autowired
    QuarantineRepository quarantine;

    @Value("${hub.silos.public-security.base-url}")
    String publicSecurityUrl;

    @Value("${hub.silos.civil-affairs.base-url}")
    String civilAffairsUrl;

    @Value("${hub.silos.social-insurance.jdbc-url}")
    String socialInsuranceUrl;

    @Value("${hub.silos.social-insurance.username}")
    String socialInsuranceUser;

    @Value("${hub.silos.social-insurance.password}")
    String socialInsurancePassword;

    @Value("${hub.kafka.brokers}")
    String brokers;

    @Value("${hub.kafka.topics.market-regulation-events}")
    String marketRegulationTopic;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Added to from the bounded-call threads too. */
    private final List<AutoCloseable> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void everySiloStartsNormal() throws Exception {
        JsonNode silos = management("GET", "/demo/faults", null).json().path("silos");
        silos.fields().forEachRemaining(e -> assertThat(e.getValue().path("mode").asText()).as(e.getKey()).isEqualTo("none"));
    }

    @AfterEach
    void backToNormal() throws Exception {
        // Modes first: closing a JDBC session talks to the silo, which must answer again.
        for (String silo : List.of(PS, CA, SI, MR)) {
            assertThat(put(silo, "{\"mode\":\"none\"}").status()).as(silo).isEqualTo(200);
        }
        for (AutoCloseable c : opened) {
            try {
                within(PROMPTLY, () -> {
                    c.close();
                    return null;
                });
            } catch (Exception e) {
                // released or reset by a fault: nothing to close
            }
        }
        opened.clear();
    }

    @AfterAll
    static void stopCalls() {
        calls.shutdownNow();
    }

    // ------------------------------------------------------------------ HTTP silos

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {PS, CA})
    void httpNoneAnswersAtOnce(String silo) throws Exception {
        WireHttp c = httpConnection(silo);
        WireHttp.Reply r = c.get("/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("UP");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {PS, CA})
    void httpSlowAnswersAfterTheDelayOnPooledAndNewConnections(String silo) throws Exception {
        WireHttp pooled = httpConnection(silo);
        assertThat(pooled.get("/health").status()).isEqualTo(200);

        JsonNode state = put(silo, "{\"mode\":\"slow\",\"delayMs\":" + DELAY_MS + "}").json();
        assertThat(state.path("mode").asText()).isEqualTo("slow");
        assertThat(state.path("delayMs").asLong()).isEqualTo(DELAY_MS);

        WireHttp.Reply onPooled = pooled.get("/health");
        assertThat(onPooled.status()).isEqualTo(200);
        assertThat(onPooled.millis()).isGreaterThanOrEqualTo(DELAY_MS).isLessThan(DELAY_MS + 3000);
        WireHttp.Reply onNew = httpConnection(silo).get("/health");
        assertThat(onNew.status()).isEqualTo(200);
        assertThat(onNew.millis()).isGreaterThanOrEqualTo(DELAY_MS).isLessThan(DELAY_MS + 3000);

        put(silo, "{\"mode\":\"none\"}");
        assertThat(pooled.get("/health").millis()).as("none: at once again").isLessThan(DELAY_MS);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {PS, CA})
    void httpHangAcceptsButNeverAnswersUntilNoneReleasesTheConnections(String silo) throws Exception {
        WireHttp pooled = httpConnection(silo);
        assertThat(pooled.get("/health").status()).isEqualTo(200);

        put(silo, "{\"mode\":\"hang\"}");
        assertThatThrownBy(() -> pooled.get("/health")).as("a pooled connection gets no byte back")
                .isInstanceOf(SocketTimeoutException.class);
        WireHttp fresh = httpConnection(silo); // the connection itself is accepted
        assertThatThrownBy(() -> fresh.get("/health")).as("a new connection gets no byte back")
                .isInstanceOf(SocketTimeoutException.class);

        put(silo, "{\"mode\":\"none\"}");
        assertReleased(pooled);
        assertReleased(fresh);
        assertThat(httpConnection(silo).get("/health").status()).as("none: new connections answer").isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {PS, CA})
    void httpErrorAnswers500WithTheSilosEnvelopeOnHealthyConnections(String silo) throws Exception {
        WireHttp c = httpConnection(silo);
        put(silo, "{\"mode\":\"error\"}");
        for (String path : List.of("/health", silo.equals(PS) ? "/rkxx/v1/query?gmsfhm=11010519491231002X" : "/mz/hydj/v1/hyzk?sfzh=11010519491231002X")) {
            WireHttp.Reply r = c.get(path);
            assertThat(r.status()).as(path).isEqualTo(500);
            if (silo.equals(PS)) {
                assertThat(r.header("content-type")).containsIgnoringCase("GBK");
                assertThat(new String(r.body(), PublicSecuritySimulator.GBK)).contains("<success>false</success>", "<code>5000</code>", "系统内部错误");
            } else {
                JsonNode body = json.readTree(r.body());
                assertThat(body.path("code").asText()).isEqualTo("9999");
                assertThat(body.path("data").isNull()).isTrue();
            }
        }
        put(silo, "{\"mode\":\"none\"}");
        assertThat(c.get("/health").status()).as("none: the same connection answers again").isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {PS, CA})
    void httpDownRefusesConnectionsAndDropsOpenOnes(String silo) throws Exception {
        WireHttp pooled = httpConnection(silo);
        assertThat(pooled.get("/health").status()).isEqualTo(200);

        put(silo, "{\"mode\":\"down\"}");
        int port = port(silo);
        assertThat(refuses(port)).as("down: nothing listens").isTrue();
        assertThatThrownBy(() -> pooled.get("/health")).as("an open connection is dropped").isInstanceOf(IOException.class)
                .isNotInstanceOf(SocketTimeoutException.class);

        put(silo, "{\"mode\":\"none\"}");
        assertThat(httpConnection(silo).get("/health").status()).as("none: the same port listens again").isEqualTo(200);
    }

    // ------------------------------------------------------------------ the JDBC silo

    @Test
    void jdbcNoneAnswersQueries() throws Exception {
        Connection c = within(PROMPTLY, this::jdbc);
        assertThat(within(PROMPTLY, () -> countPersons(c))).isEqualTo(demo.dataSet().ac01Rows().size());
    }

    @Test
    void jdbcSlowDelaysEveryExchangeOnPooledAndNewConnections() throws Exception {
        Connection pooled = within(PROMPTLY, this::jdbc);
        within(PROMPTLY, () -> countPersons(pooled));
        put(SI, "{\"mode\":\"slow\",\"delayMs\":" + DELAY_MS + "}");

        long t0 = System.nanoTime();
        assertThat(within(PROMPTLY, () -> countPersons(pooled))).isEqualTo(demo.dataSet().ac01Rows().size());
        assertThat(millisSince(t0)).as("query on a pooled connection").isGreaterThanOrEqualTo(DELAY_MS);

        long t1 = System.nanoTime();
        Connection fresh = within(PROMPTLY, this::jdbc);
        assertThat(millisSince(t1)).as("log-in on a new connection").isGreaterThanOrEqualTo(DELAY_MS);
        assertThat(within(PROMPTLY, () -> countPersons(fresh))).isPositive();

        put(SI, "{\"mode\":\"none\"}");
        long t2 = System.nanoTime();
        within(PROMPTLY, () -> countPersons(pooled));
        assertThat(millisSince(t2)).as("none: at once again").isLessThan(DELAY_MS);
    }

    @Test
    void jdbcHangLeavesQueriesAndLogInsWithoutAnswerUntilNoneReleasesThem() throws Exception {
        Connection pooled = within(PROMPTLY, this::jdbc);
        within(PROMPTLY, () -> countPersons(pooled));
        put(SI, "{\"mode\":\"hang\"}");

        Future<Long> query = calls.submit(() -> countPersons(pooled));
        Future<Connection> logIn = calls.submit(this::jdbc);
        // Accepted at the TCP level: a hang, not a refusal.
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress("127.0.0.1", port(SI)), 1000);
            raw.setSoTimeout(SILENCE_MS);
            raw.getOutputStream().write(new byte[] {0, 0, 0, 1});
            assertThatThrownBy(() -> raw.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
        assertThatThrownBy(() -> query.get(SILENCE_MS, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> logIn.get(100, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        put(SI, "{\"mode\":\"none\"}");
        // Released: the hung calls fail at once instead of waiting forever.
        assertThatThrownBy(() -> query.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SQLException.class);
        assertThatThrownBy(() -> logIn.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SQLException.class);
        Connection fresh = within(PROMPTLY, this::jdbc);
        assertThat(within(PROMPTLY, () -> countPersons(fresh))).as("none: new connections answer").isPositive();
    }

    @Test
    void jdbcErrorFailsEveryQueryWithAnSqlErrorWhileConnectionsStayUp() throws Exception {
        Connection pooled = within(PROMPTLY, this::jdbc);
        put(SI, "{\"mode\":\"error\"}");

        assertThatThrownBy(() -> within(PROMPTLY, () -> countPersons(pooled))).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).as("not enough rights").isEqualTo(90096));
        Connection fresh = within(PROMPTLY, this::jdbc);
        assertThatThrownBy(() -> within(PROMPTLY, () -> countPersons(fresh))).isInstanceOf(SQLException.class);

        put(SI, "{\"mode\":\"none\"}");
        assertThat(within(PROMPTLY, () -> countPersons(pooled))).as("none: the same connection answers").isPositive();
    }

    @Test
    void jdbcDownRefusesConnectionsAndBreaksOpenOnes() throws Exception {
        Connection pooled = within(PROMPTLY, this::jdbc);
        within(PROMPTLY, () -> countPersons(pooled));
        put(SI, "{\"mode\":\"down\"}");

        assertThat(refuses(port(SI))).as("down: nothing listens").isTrue();
        assertThatThrownBy(() -> within(PROMPTLY, this::jdbc)).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> within(PROMPTLY, () -> countPersons(pooled))).isInstanceOf(SQLException.class);

        put(SI, "{\"mode\":\"none\"}");
        Connection fresh = within(PROMPTLY, this::jdbc);
        assertThat(within(PROMPTLY, () -> countPersons(fresh))).as("none: new connections answer").isPositive();
    }

    // ------------------------------------------------------------------ the publisher

    @Test
    void marketRegulationDownHoldsEventsAndPublishesThemWhenBackUp() throws Exception {
        try (KafkaConsumer<String, String> consumer = consumerAtEnd()) {
            put(MR, "{\"mode\":\"down\"}");
            String eventId = "fault-it-held-" + System.nanoTime();
            demo.marketRegulation().publish("fault-it", "{\"eventId\":\"" + eventId + "\",\"version\":1,"
                    + "\"changedAt\":\"2020-01-02T03:04:05Z\",\"payload\":{\"uniscid\":null,\"regno\":null}}");
            assertThat(poll(consumer, Duration.ofMillis(SILENCE_MS))).as("nothing published while down")
                    .noneMatch(r -> r.value().contains(eventId));
            assertThatThrownBy(() -> demo.marketRegulation().publishAndWait("fault-it", "{}"))
                    .isInstanceOf(IllegalStateException.class);

            put(MR, "{\"mode\":\"none\"}");
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            await().atMost(PROMPTLY).untilAsserted(() -> {
                seen.addAll(poll(consumer, Duration.ofMillis(200)));
                assertThat(seen).anyMatch(r -> r.value().contains(eventId));
            });
        }
    }

    @Test
    void marketRegulationErrorPublishesMalformedEventsThatTheHubQuarantines() throws Exception {
        try (KafkaConsumer<String, String> consumer = consumerAtEnd()) {
            put(MR, "{\"mode\":\"error\"}");
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            await().atMost(PROMPTLY).untilAsserted(() -> {
                seen.addAll(poll(consumer, Duration.ofMillis(200)));
                assertThat(seen.stream().filter(r -> PublisherFaults.KEY.equals(r.key()))).hasSizeGreaterThanOrEqualTo(2);
            });
            List<String> bodies = seen.stream().filter(r -> PublisherFaults.KEY.equals(r.key())).map(ConsumerRecord::value).toList();
            assertThat(bodies).as("a truncated body").anyMatch(b -> !parses(b));
            assertThat(bodies).as("an event without identifiers").anyMatch(b -> parses(b) && b.contains("\"uniscid\":null"));
            // What the hub makes of them: quarantined, as any malformed record.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(quarantined("MALFORMED_RECORD")).isPositive();
                assertThat(quarantined("UNKEYED")).isPositive();
            });

            put(MR, "{\"mode\":\"none\"}");
            // One may have been on its way at the switch; after that, silence.
            poll(consumer, Duration.ofMillis(500));
            assertThat(poll(consumer, Duration.ofMillis(2 * PublisherFaults.MALFORMED_EVERY_MS + 500)))
                    .as("none: no more malformed events").noneMatch(r -> PublisherFaults.KEY.equals(r.key()));
        }
    }

    // ------------------------------------------------------------------ through the hub

    static Stream<Arguments> rehearsals() {
        // A person each, so that no answer comes from another case's cache.
        return Stream.of(Arguments.of(PS, "{\"mode\":\"down\"}", 0), Arguments.of(SI, "{\"mode\":\"hang\"}", 1),
                Arguments.of(CA, "{\"mode\":\"error\"}", 2), Arguments.of(SI, "{\"mode\":\"error\"}", 3),
                // Well past the silo's own deadline (1.5 s), so the outcome is not a race.
                Arguments.of(PS, "{\"mode\":\"slow\",\"delayMs\":2500}", 4));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rehearsals")
    void theHubDegradesDuringTheFaultAndRecoversAfterIt(String silo, String fault, int nth) throws Exception {
        TruthPerson person = DemoSubjects.cleanPersons(demo.dataSet()).stream().filter(TruthPerson::insured)
                .skip(nth).findFirst().orElseThrow();
        Map<String, String> healthy = sourceStatuses(person, silo);
        assertThat(healthy).isNotEmpty().allSatisfy((source, status) -> assertThat(status).as(source).isIn("ok", "not_found"));

        assertThat(put(silo, fault).status()).isEqualTo(200);
        long t0 = System.nanoTime();
        Map<String, String> degraded = sourceStatuses(person, silo);
        // The answer still leaves within the request's deadline (2 s) and says what went wrong.
        assertThat(millisSince(t0)).isLessThan(4000);
        assertThat(degraded).allSatisfy((source, status) -> assertThat(status).as(source).isNotIn("ok", "not_found"));

        put(silo, "{\"mode\":\"none\"}");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(sourceStatuses(person, silo)).allSatisfy((source, status) ->
                        assertThat(status).as(source).isIn("ok", "not_found")));
    }

    // ------------------------------------------------------------------ the switch itself

    @Test
    void listsEverySiloWithItsModeAndTheModesItSupports() throws Exception {
        put(SI, "{\"mode\":\"slow\"}");
        put(CA, "{\"mode\":\"down\"}");
        Reply r = management("GET", "/demo/faults", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode silos = r.json().path("silos");
        assertThat(iterable(silos.fieldNames())).containsExactly(PS, CA, SI, MR);
        assertThat(silos.path(PS).path("mode").asText()).isEqualTo("none");
        assertThat(silos.path(PS).path("kind").asText()).isEqualTo("http");
        assertThat(silos.path(CA).path("mode").asText()).isEqualTo("down");
        assertThat(silos.path(SI).path("mode").asText()).isEqualTo("slow");
        assertThat(silos.path(SI).path("delayMs").asLong()).as("default delay").isEqualTo(Fault.DEFAULT_DELAY_MS);
        assertThat(silos.path(SI).path("kind").asText()).isEqualTo("jdbc");
        assertThat(silos.path(MR).path("kind").asText()).isEqualTo("kafka");
        assertThat(iterable(silos.path(PS).path("supportedModes").elements()).stream().map(JsonNode::asText))
                .containsExactly("none", "slow", "hang", "error", "down");
        assertThat(iterable(silos.path(MR).path("supportedModes").elements()).stream().map(JsonNode::asText))
                .containsExactly("none", "error", "down");
        assertThat(silos.path(CA).path("since").asText()).isNotBlank();

        Reply one = management("GET", "/demo/faults/" + SI, null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().path("mode").asText()).isEqualTo("slow");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("Public-Security", "{\"mode\":\"down\"}", 400, "FAULT_BAD_SILO"),
                Arguments.of("public_security", "{\"mode\":\"down\"}", 400, "FAULT_BAD_SILO"),
                Arguments.of("tax-bureau", "{\"mode\":\"down\"}", 404, "FAULT_UNKNOWN_SILO"),
                Arguments.of(PS, "", 400, "FAULT_BAD_BODY"),
                Arguments.of(PS, "down", 400, "FAULT_BAD_BODY"),
                Arguments.of(PS, "[\"down\"]", 400, "FAULT_BAD_BODY"),
                Arguments.of(PS, "{}", 400, "FAULT_BAD_BODY"),
                Arguments.of(PS, "{\"mode\":1}", 400, "FAULT_BAD_BODY"),
                Arguments.of(PS, "{\"mode\":null}", 400, "FAULT_BAD_BODY"),
                Arguments.of(PS, "{\"mode\":\"down\",\"extra\":true}", 400, "FAULT_BAD_BODY"),
                Arguments.of(PS, "{\"mode\":\"down\"} {\"mode\":\"none\"}", 400, "FAULT_BAD_BODY"),
                Arguments.of(PS, "{\"mode\":\"down\",\"mode\":\"none\"}", 400, "FAULT_BAD_BODY"),
                Arguments.of(PS, "{\"mode\":\"broken\"}", 400, "FAULT_BAD_MODE"),
                Arguments.of(PS, "{\"mode\":\"DOWN\"}", 400, "FAULT_BAD_MODE"),
                Arguments.of(PS, "{\"mode\":\"slow\",\"delayMs\":\"fast\"}", 400, "FAULT_BAD_DELAY"),
                Arguments.of(PS, "{\"mode\":\"slow\",\"delayMs\":0}", 400, "FAULT_BAD_DELAY"),
                Arguments.of(PS, "{\"mode\":\"slow\",\"delayMs\":60001}", 400, "FAULT_BAD_DELAY"),
                Arguments.of(PS, "{\"mode\":\"slow\",\"delayMs\":1.5}", 400, "FAULT_BAD_DELAY"),
                Arguments.of(PS, "{\"mode\":\"slow\",\"delayMs\":99999999999999999999999}", 400, "FAULT_BAD_DELAY"),
                Arguments.of(PS, "{\"mode\":\"down\",\"delayMs\":100}", 400, "FAULT_BAD_DELAY"),
                Arguments.of(MR, "{\"mode\":\"slow\"}", 400, "FAULT_MODE_NOT_SUPPORTED"),
                Arguments.of(MR, "{\"mode\":\"hang\"}", 400, "FAULT_MODE_NOT_SUPPORTED"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @MethodSource("refusals")
    void refusesBadSwitchesWithAProblemAndChangesNothing(String silo, String body, int status, String code) throws Exception {
        Reply r = put(silo, body);
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("code").asText()).isEqualTo(code);
        assertThat(r.json().path("type").asText()).isEqualTo("urn:tongban:problem:" + code);
        assertThat(r.json().path("status").asInt()).isEqualTo(status);
        management("GET", "/demo/faults", null).json().path("silos").fields().forEachRemaining(e ->
                assertThat(e.getValue().path("mode").asText()).as(e.getKey()).isEqualTo("none"));
    }

    @Test
    void anUnknownSiloIsNotFoundWhenRead() throws Exception {
        Reply r = management("GET", "/demo/faults/tax-bureau", null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("code").asText()).isEqualTo("FAULT_UNKNOWN_SILO");
    }

    @Test
    void aSwitchIsReadWhateverItsContentType() throws Exception {
        // curl -d without -H sends application/x-www-form-urlencoded.
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/demo/faults/" + PS))
                .timeout(PROMPTLY).header("Authorization", DemoClients.operatorBasic())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"mode\":\"error\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json.readTree(r.body()).path("mode").asText()).isEqualTo("error");
    }

    @Test
    void theSwitchesAreNotServedOnTheApiPort() throws Exception {
        for (String method : List.of("GET", "PUT")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/demo/faults"
                            + (method.equals("PUT") ? "/" + PS : "")))
                    .timeout(PROMPTLY).header("Content-Type", "application/json")
                    .method(method, method.equals("PUT") ? HttpRequest.BodyPublishers.ofString("{\"mode\":\"down\"}")
                            : HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method + " " + r.body()).isEqualTo(404);
        }
        assertThat(management("GET", "/demo/faults/" + PS, null).json().path("mode").asText()).isEqualTo("none");
        assertThat(httpConnection(PS).get("/health").status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ helpers

    record Reply(int status, String contentType, String text, JsonNode json) {
    }

    private Reply put(String silo, String body) throws Exception {
        return management("PUT", "/demo/faults/" + silo, body);
    }

    private Reply management(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).timeout(PROMPTLY)
                .header("Authorization", DemoClients.operatorBasic());
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                r.body().isEmpty() ? json.nullNode() : json.readTree(r.body()));
    }

    /** The statuses of the person profile's sources from this silo (one per mapping). */
    private Map<String, String> sourceStatuses(TruthPerson person, String silo) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/v1/persons/" + person.citizenId()))
                .timeout(PROMPTLY).header("Accept", "application/json");
        // The back-office client with the default purpose.
        HttpHeaders purpose = new HttpHeaders();
        DemoClients.purpose(DemoClients.BACKOFFICE_KEY).accept(purpose);
        purpose.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        HttpResponse<String> r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
        // The subject's data is not printed on failure: only the status and the sources.
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, String> statuses = new HashMap<>();
        json.readTree(r.body()).path("sources").fields().forEachRemaining(e -> {
            if (e.getKey().equals(silo) || e.getKey().startsWith(silo + ".")) {
                statuses.put(e.getKey(), e.getValue().path("status").asText());
            }
        });
        return statuses;
    }

    private int port(String silo) {
        String url = switch (silo) {
            case PS -> publicSecurityUrl;
            case CA -> civilAffairsUrl;
            case SI -> socialInsuranceUrl;
            default -> throw new IllegalArgumentException(silo);
        };
        Matcher m = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(url);
        assertThat(m.find()).as(url).isTrue();
        int port = Integer.parseInt(m.group(1));
        // The hub is given the proxy, not the simulator.
        assertThat(port).isEqualTo(demo.faults().proxyPort(silo));
        return port;
    }

    private WireHttp httpConnection(String silo) throws IOException {
        WireHttp c = new WireHttp(port(silo), SILENCE_MS);
        opened.add(c);
        return c;
    }

    private Connection jdbc() throws SQLException {
        Connection c = DriverManager.getConnection(socialInsuranceUrl, socialInsuranceUser, socialInsurancePassword);
        opened.add(c);
        return c;
    }

    private static long countPersons(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM AC01")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs a blocking call with a bound; its own exception is rethrown as is. */
    private static <T> T within(Duration bound, Callable<T> call) throws Exception {
        Future<T> f = calls.submit(call);
        try {
            return f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } finally {
            f.cancel(true);
        }
    }

    /** A connection a fault released: its next read ends (end of stream or reset), not a time-out. */
    private static void assertReleased(WireHttp c) throws IOException {
        c.socket.setSoTimeout((int) PROMPTLY.toMillis());
        try {
            assertThat(c.in.read()).isEqualTo(-1);
        } catch (IOException e) {
            assertThat(e).isNotInstanceOf(SocketTimeoutException.class);
        }
    }

    private KafkaConsumer<String, String> consumerAtEnd() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = consumer.partitionsFor(marketRegulationTopic, PROMPTLY).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(tp -> consumer.position(tp, PROMPTLY));
        return consumer;
    }

    private static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer, Duration during) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long end = System.nanoTime() + during.toNanos();
        while (System.nanoTime() < end) {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return records;
    }

    /** Quarantined rehearsal events (their ids start with the publisher's key). */
    private long quarantined(String reason) {
        return quarantine.open(MR, reason, 100_000).stream()
                .filter(e -> e.payload() != null && e.payload().contains(PublisherFaults.KEY + "-")).count();
    }

    private boolean parses(String body) {
        try {
            json.readTree(body);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

    /** A minimal HTTP/1.1 client on one socket: what the proxy does, byte for byte, with a read time-out. */
    static final class WireHttp implements Closeable {

        record Reply(int status, Map<String, String> headers, byte[] body, long millis) {
            String text() {
                return new String(body, StandardCharsets.UTF_8);
            }

            String header(String name) {
                return headers.getOrDefault(name, "");
            }
        }

        final Socket socket;
        final InputStream in;

        WireHttp(int port, int readTimeoutMs) throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(readTimeoutMs);
            in = new BufferedInputStream(socket.getInputStream());
        }

        Reply get(String pathAndQuery) throws IOException {
            long t0 = System.nanoTime();
            socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String statusLine = line();
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new HashMap<>();
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                     size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    b.write(in.readNBytes(size));
                    line();
                }
                line();
                body = b.toByteArray();
            } else {
                body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            }
            return new Reply(status, headers, body, millisSince(t0));
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new EOFException("connection closed");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * Whether a connection to the port is refused. A connect to a free port in the ephemeral
     * range can, rarely, "succeed" as a TCP self-connect (the kernel picks that very port as
     * the local one): that is not a listener, so it is tried again (bounded).
     */
    /**
     * Whether the port refuses connections, within 3 s: the switch answers once the proxy is told
     * to close its listener, and under load the listener may take a moment to go. A connection
     * that lands on our own socket (a TCP self-connect on the freed ephemeral port) counts as
     * refused: nothing else listens there.
     */
    static boolean refuses(int port) {
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3)).pollInterval(java.time.Duration.ofMillis(20))
                    .until(() -> refusedOnce(port));
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    private static boolean refusedOnce(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return s.getLocalPort() == port;
        } catch (ConnectException e) {
            return String.valueOf(e.getMessage()).contains("refused");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
