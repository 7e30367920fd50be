package cn.tongban.hub.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.DemoSubjects;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * The correlation id travels from the caller through the hub to the silos (the simulated
 * public-security and civil-affairs services, over the wire) and back into the answer.
 */
@HubIntegrationTest
class CorrelationIdIT {

    /** Correlation ids each simulated HTTP silo received, by silo (the simulators keep no journal). */
    static final Map<String, List<String>> received = new ConcurrentHashMap<>();
    static volatile boolean listening;

    @LocalServerPort
    int port;

    @Autowired
    DemoInfrastructure demo;

    @BeforeEach
    void listen() {
        if (!listening) {
            listening = true;
            demo.publicSecurity().server().addMockServiceRequestListener((req, res) -> record("public-security", req.getHeader(CorrelationId.HEADER)));
            demo.civilAffairs().server().addMockServiceRequestListener((req, res) -> record("civil-affairs", req.getHeader(CorrelationId.HEADER)));
        }
    }

    private static void record(String silo, String id) {
        if (id != null) {
            received.computeIfAbsent(silo, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(id);
        }
    }

    private String personLookup(String correlationId) {
        List<TruthPerson> persons = DemoSubjects.cleanPersons(demo.dataSet());
        TruthPerson p = persons.get(persons.size() - 3);
        return RestClient.create().get().uri("http://127.0.0.1:" + port + "/api/v1/persons/" + p.citizenId())
                .headers(DemoClients.purpose(DemoClients.BACKOFFICE_KEY))
                .headers(h -> {
                    if (correlationId != null) {
                        h.set(CorrelationId.HEADER, correlationId);
                    }
                })
                .accept(MediaType.APPLICATION_JSON)
                .exchange((req, res) -> {
                    assertThat(res.getStatusCode().value()).isEqualTo(200);
                    return res.getHeaders().getFirst(CorrelationId.HEADER);
                });
    }

    @Test
    void aLookUpsCorrelationIdReachesEveryHttpSiloAndComesBack() {
        String id = "it-" + java.util.UUID.randomUUID();
        String answered = personLookup(id);
        assertThat(answered).isEqualTo(id);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(received.getOrDefault("public-security", List.of())).contains(id);
            assertThat(received.getOrDefault("civil-affairs", List.of())).contains(id);
        });
    }

    @Test
    void aLookUpWithoutOneGetsAGeneratedIdThatTheSilosSeeToo() {
        String answered = personLookup(null);
        assertThat(answered).isNotBlank();
        assertThat(CorrelationId.isAcceptable(answered)).isTrue();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(received.getOrDefault("public-security", List.of())).contains(answered));
    }

    @Test
    void aMalformedIdIsReplacedNotPassedOn() {
        String answered = personLookup("bad id with spaces");
        assertThat(answered).isNotEqualTo("bad id with spaces");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(received.getOrDefault("public-security", List.of())).contains(answered));
        assertThat(received.getOrDefault("public-security", List.of())).doesNotContain("bad id with spaces");
    }

    @Test
    void refusedRequestsCarryTheIdToo() {
        String id = "it-refused-1";
        String answered = RestClient.create().get().uri("http://127.0.0.1:" + port + "/api/v1/persons/x")
                .header(CorrelationId.HEADER, id)
                .exchange((req, res) -> res.getHeaders().getFirst(CorrelationId.HEADER));
        assertThat(answered).isEqualTo(id);
    }
}
