package cn.tongban.hub.sources.publicsecurity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.sources.LastKnownGood;
import cn.tongban.hub.sources.resilience.SiloProtection;
import cn.tongban.hub.testing.DemoSubjects;
import cn.tongban.hub.testing.HubCalls;
import cn.tongban.hub.testing.HubCalls.Answer;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * Public security fails in every way the issue lists, against the real WireMock silo and the
 * whole hub: it hangs (every look-up still answers within the deadline: timeout, then
 * circuit_open, stale for a person seen before, and back through half-open once the silo
 * recovers), and it answers 500, resets the connection, sends malformed XML, an XXE
 * payload, an empty body or a body in the wrong encoding (each an error with its code, the
 * hub's answer a 200 with the other sources). A smaller breaker window than production's
 * keeps it quick; its own context, so the breaker it opens troubles no other test.
 */
@HubIntegrationTest
@TestPropertySource(properties = {
        "resilience4j.circuitbreaker.instances.public-security.sliding-window-size=4",
        "resilience4j.circuitbreaker.instances.public-security.minimum-number-of-calls=4",
        "resilience4j.circuitbreaker.instances.public-security.wait-duration-in-open-state=8s",
        "resilience4j.circuitbreaker.instances.public-security.permitted-number-of-calls-in-half-open-state=1"})
class PublicSecurityFaultsIT {

    private static final String PS = "public-security";
    private static final Charset GBK = Charset.forName("GBK");

    @LocalServerPort
    int port;

    @org.springframework.boot.test.web.server.LocalManagementPort
    int managementPort;

    @Autowired
    DemoInfrastructure demo;

    @Autowired
    SiloProtection protection;

    @Autowired
    LastKnownGood lastKnownGood;

    @Autowired
    ObjectMapper json;

    HubCalls hub;
    WireMockServer silo;
    final List<StubMapping> stubs = new ArrayList<>();


    @BeforeEach
    void setUp() {
        hub = new HubCalls(port, managementPort, json);
        silo = demo.publicSecurity().server();
        if (!listening) {
            listening = true;
            silo.addMockServiceRequestListener((req, res) -> {
                String id = req.queryParameter("gmsfhm").isPresent() ? req.queryParameter("gmsfhm").firstValue() : null;
                if (id != null) {
                    received.computeIfAbsent(id, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                }
            });
        }
        protection.guard(PS).breaker().reset();
    }

    @AfterEach
    void tearDown() {
        silo.setGlobalFixedDelay(0);
        stubs.forEach(silo::removeStub);
        stubs.clear();
        protection.guard(PS).breaker().reset();
    }

    /** Persons with clean records, a distinct slice per test so no cache entry is shared by accident. */
    private List<TruthPerson> persons(int from, int count) {
        return DemoSubjects.cleanPersons(demo.dataSet()).subList(from, from + count);
    }


    /** Requests the silo received per person (the simulator keeps no request journal). */
    static final Map<String, java.util.concurrent.atomic.AtomicInteger> received = new java.util.concurrent.ConcurrentHashMap<>();
    static volatile boolean listening;

    private int psRequests(String id) {
        var n = received.get(id);
        return n == null ? 0 : n.get();
    }

    @Test
    void aHangingSiloTimesOutThenTheBreakerOpensThenStaleThenItRecoversThroughHalfOpen() {
        List<TruthPerson> people = persons(40, 6);
        TruthPerson seenBefore = people.get(0);
        // Seen while the silo is well: its answer is remembered. (The first calls after start
        // may miss the 1.5 s silo deadline on a loaded 2-core machine: a few tries, bounded.)
        Answer first = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            first = hub.person(seenBefore.citizenId());
            if ("ok".equals(first.source(PS).path("status").asText())) {
                break;
            }
        }
        assertThat(first.source(PS).path("status").asText()).as(first.body().path("sources").toString()).isEqualTo("ok");
        protection.guard(PS).breaker().reset();
        assertThat(lastKnownGood.flush(Duration.ofSeconds(5))).isTrue();

        long hangStarted = System.nanoTime();
        silo.setGlobalFixedDelay(10_000);
        // Four look-ups at once (the window is 4): each answers within the request deadline, public security timed out.
        List<CompletableFuture<Answer>> hanging = new ArrayList<>();
        for (TruthPerson p : people.subList(1, 5)) {
            hanging.add(CompletableFuture.supplyAsync(() -> hub.person(p.citizenId())));
        }
        for (CompletableFuture<Answer> f : hanging) {
            Answer a = f.join();
            assertThat(a.http()).isEqualTo(200);
            assertThat(a.millis()).as("answered within the 2 s deadline").isLessThan(2_500);
            assertThat(a.source(PS).path("status").asText()).as(a.body().path("sources").toString()).isEqualTo("timeout");
            assertThat(a.source(PS).path("errorCode").asText()).isIn("TIMED_OUT", "DEADLINE_EXCEEDED");
        }
        CircuitBreaker breaker = protection.guard(PS).breaker();
        await().atMost(Duration.ofSeconds(5)).until(() -> breaker.getState() == CircuitBreaker.State.OPEN);
        long detectedMillis = Duration.ofNanos(System.nanoTime() - hangStarted).toMillis();

        // Operators see it: the silo's health component, the Prometheus gauge, the JMX bean (Hawtio).
        long h0 = System.nanoTime();
        JsonNode health = hub.management("/actuator/health");
        // Bounded by the probes' own timeouts (2 s each), even with a silo hanging.
        assertThat(Duration.ofNanos(System.nanoTime() - h0).toMillis()).isLessThan(8_000);
        assertThat(health.path("components").path("silos").path("details").path(PS).path("breaker").asText())
                .isEqualTo("OPEN");
        String prometheus = hub.managementText("/actuator/prometheus");
        assertThat(prometheus).contains("resilience4j_circuitbreaker_state{name=\"public-security\",state=\"open\"} 1.0");
        assertThat(prometheus).contains("resilience4j_circuitbreaker_calls_seconds_count{kind=\"failed\",name=\"public-security\"}");
        assertThat(prometheus).contains("resilience4j_timelimiter_calls_total{kind=\"timeout\",name=\"public-security\"}");
        assertThat(prometheus).contains("resilience4j_bulkhead_queue_depth{name=\"public-security\"}");

        // Open: refused at once without calling the silo.
        String fresh = people.get(5).citizenId();
        Answer refused = hub.person(fresh);
        assertThat(refused.source(PS).path("status").asText()).as(refused.body().path("sources").toString()).isEqualTo("circuit_open");
        assertThat(refused.source(PS).path("errorCode").asText()).isEqualTo("CIRCUIT_OPEN");
        assertThat(refused.millis()).isLessThan(1_000);
        assertThat(psRequests(fresh)).isZero();

        // Open, but seen before: the last good answer, marked stale with its age.
        Answer stale = hub.person(seenBefore.citizenId());
        assertThat(stale.source(PS).path("status").asText()).as(stale.body().path("sources").toString()).isEqualTo("stale");
        assertThat(stale.source(PS).path("errorCode").asText()).isEqualTo("CIRCUIT_OPEN");
        assertThat(Instant.parse(stale.source(PS).path("fetchedAt").asText())).isEqualTo(Instant.parse(first.source(PS).path("fetchedAt").asText()));
        assertThat(stale.source(PS).path("ageSeconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(stale.body().path("fields").path("name").path("value").asText()).isEqualTo(seenBefore.name());

        // The silo comes back; after the open wait one probe goes through (half-open) and closes the breaker.
        long backAt = System.nanoTime();
        silo.setGlobalFixedDelay(0);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> "ok".equals(hub.person(fresh).source(PS).path("status").asText()));
        long recoveredMillis = Duration.ofNanos(System.nanoTime() - backAt).toMillis();
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(psRequests(fresh)).isGreaterThanOrEqualTo(1);
        System.out.printf("public-security hang: breaker open %d ms after the hang began; ok again %d ms after the silo came back%n",
                detectedMillis, recoveredMillis);
    }

    @Test
    void everyKindOfBadAnswerIsAnErrorWithItsCodeAndTheOthersStillAnswer() {
        List<TruthPerson> people = persons(60, 6);
        Map<String, ResponseDefinitionBuilder> faults = new LinkedHashMap<>();
        faults.put("HTTP 500", cn.tongban.hub.demo.silos.PublicSecuritySimulator.serverError());
        faults.put("connection reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        faults.put("malformed XML", gbk("<?xml version=\"1.0\" encoding=\"GBK\"?>\n<response><success>true</success><total>1<records>"));
        faults.put("XXE", gbk("<?xml version=\"1.0\" encoding=\"GBK\"?>\n<!DOCTYPE response [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<response><success>true</success><total>1</total><records><record><XM>&x;</XM></record></records></response>"));
        faults.put("empty body", aResponse().withStatus(200).withHeader("Content-Type", "application/xml; charset=GBK").withBody(new byte[0]));
        // UTF-8 bytes announced as GBK: "张" is E5 BC A0, and A0 followed by '<' is no GBK character.
        faults.put("wrong encoding", aResponse().withStatus(200).withHeader("Content-Type", "application/xml; charset=GBK")
                .withBody(("<?xml version=\"1.0\" encoding=\"GBK\"?>\n<response><success>true</success><total>1</total>"
                        + "<records><record><XM>张</XM></record></records></response>").getBytes(StandardCharsets.UTF_8)));
        Map<String, String> expectedCode = Map.of(
                "HTTP 500", "5000",
                "connection reset", "UNREACHABLE",
                "malformed XML", "MALFORMED_RECORD",
                "XXE", "MALFORMED_RECORD",
                "empty body", "MALFORMED_RECORD",
                "wrong encoding", "MALFORMED_RECORD");
        int i = 0;
        for (var fault : faults.entrySet()) {
            String id = people.get(i++).citizenId();
            stubs.add(silo.stubFor(get(urlPathEqualTo(PublicSecuritySimulatorPaths.QUERY))
                    .withQueryParam("gmsfhm", WireMock.equalTo(id)).atPriority(1).willReturn(fault.getValue())));
            protection.guard(PS).breaker().reset();
            Answer a = hub.person(id);
            assertThat(a.http()).as(fault.getKey() + ": " + a.body().path("sources")).isEqualTo(200);
            assertThat(a.source(PS).path("status").asText()).as(fault.getKey() + ": " + a.body().path("sources")).isEqualTo("error");
            // Counted against the silo: a garbage-sending silo is an unwell silo.
            assertThat(protection.guard(PS).breaker().getMetrics().getNumberOfFailedCalls()).as(fault.getKey())
                    .isEqualTo(fault.getKey().equals("connection reset") ? 2 : 1);
            assertThat(a.source(PS).path("errorCode").asText()).as(fault.getKey()).isEqualTo(expectedCode.get(fault.getKey()));
            // The other silos answered as usual.
            assertThat(a.body().path("sources").path("social-insurance.person").path("status").asText()).as(fault.getKey()).isIn("ok", "not_found");
            assertThat(a.body().toString()).as(fault.getKey()).doesNotContain("root:");
            // A reset is retried once (a refused or reset connection may be a blip); nothing else is.
            assertThat(psRequests(id)).as(fault.getKey()).isEqualTo(fault.getKey().equals("connection reset") ? 2 : 1);
        }
    }

    @Test
    void businessAnswersNeverOpenTheBreaker() {
        // A person no silo holds, asked again and again: not found each time, breaker closed.
        String unknown = "110101199003074514";
        for (int n = 0; n < 6; n++) {
            Answer a = hub.person(unknown);
            assertThat(a.http()).as(a.body().toString()).isEqualTo(404);
            assertThat(a.body().path("code").asText()).isEqualTo("PERSON_NOT_FOUND");
        }
        assertThat(protection.guard(PS).breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(protection.guard(PS).breaker().getMetrics().getNumberOfFailedCalls()).isZero();
    }


    private static ResponseDefinitionBuilder gbk(String xml) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/xml; charset=GBK").withBody(xml.getBytes(GBK));
    }

    /** The silo's path, as the route calls it. */
    static final class PublicSecuritySimulatorPaths {
        static final String QUERY = cn.tongban.hub.demo.silos.PublicSecuritySimulator.QUERY_PATH;
    }
}
