package cn.tongban.hub.bulkload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * The initial load at first start ({@code hub.bulkload.initial-load=true}, a store with no
 * social-insurance data): every {@code initial} dataset loads, in configuration order, as
 * blocking runs, and readiness (here: a readiness group that includes {@code initialLoad}, as
 * the operations configuration has it) is OUT_OF_SERVICE until the last one is done. The
 * first batch is held by a test hook so that the check cannot miss the window.
 */
@HubIntegrationTest
@TestPropertySource(properties = {
        "hub.demo.enterprises=300",
        "hub.demo.persons=1500",
        "hub.silos.social-insurance.sync.enabled=false",
        "hub.bulkload.initial-load=true",
        "management.endpoint.health.group.readiness.include=readinessState,initialLoad"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@Import(InitialLoadIT.Hold.class)
class InitialLoadIT {

    @LocalManagementPort
    int managementPort;

    @Autowired
    ObjectMapper json;

    @Autowired
    JdbcTemplate store;

    @Autowired
    CountDownLatch firstBatchGate;

    @Test
    void readinessIsOutOfServiceUntilEveryInitialDatasetIsLoaded() throws Exception {
        JsonNode held = health("/actuator/health/readiness");
        assertThat(held.path("status").asText()).isEqualTo("OUT_OF_SERVICE");
        JsonNode component = health("/actuator/health/initialLoad");
        assertThat(component.path("status").asText()).isEqualTo("OUT_OF_SERVICE");
        assertThat(component.path("details").path("runs")).hasSize(3);

        firstBatchGate.countDown();
        await("initial load done").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500))
                .until(() -> health("/actuator/health/readiness").path("status").asText().equals("UP"));

        List<String> runs = store.queryForList("select dataset || ':' || state || ':' || blocking || ':' || (done = total) "
                + "from bulk_load_run where silo = 'social-insurance' order by id", String.class);
        assertThat(runs).containsExactly("persons:DONE:true:true", "units:DONE:true:true", "insurances:DONE:true:true");
        assertThat(health("/actuator/health/initialLoad").path("status").asText()).isEqualTo("UP");
    }

    private JsonNode health(String path) throws Exception {
        // 503 while out of service: the body is read whatever the status.
        String body = RestClient.create("http://127.0.0.1:" + managementPort).get().uri(path)
                .header(HttpHeaders.AUTHORIZATION, DemoClients.operatorBasic())
                .exchange((req, res) -> new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8));
        return json.readTree(body);
    }

    @TestConfiguration
    static class Hold {

        @Bean
        CountDownLatch firstBatchGate() {
            return new CountDownLatch(1);
        }

        @Bean
        BulkLoadListener holdFirstBatch(CountDownLatch firstBatchGate) {
            return (run, batch, rows) -> {
                try {
                    // Bounded: a failing test still ends.
                    firstBatchGate.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        }
    }
}
