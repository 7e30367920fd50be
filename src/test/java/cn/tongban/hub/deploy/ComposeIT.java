package cn.tongban.hub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import cn.tongban.hub.logging.CorrelationId;
import cn.tongban.hub.testing.DemoClients;

/**
 * The production-like deployment as written: docker-compose.yml built and started (the hub
 * image from the Dockerfile, store, broker, simulated silos, monitoring), both replicas
 * waited for until ready, then a person looked up through each. Runs where Docker is
 * present; skipped cleanly where it is not (this machine has a Docker client and no engine).
 * It needs network for the first image build and takes minutes: the images, the demo data
 * set and two hubs. The compose file publishes fixed ports on 127.0.0.1, which must be free.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeIT {

    private static final Duration STARTUP = Duration.ofMinutes(15);

    private static WaitStrategy ready() {
        return Wait.forHttp("/actuator/health/readiness").forStatusCode(200).withStartupTimeout(STARTUP);
    }

    @Container
    static final ComposeContainer compose = new ComposeContainer(new File("docker-compose.yml"))
            .withBuild(true)
            .withRemoveVolumes(true)
            .withStartupTimeout(STARTUP)
            .withExposedService("hub-1", 8081, ready())
            .withExposedService("hub-2", 8081, ready())
            .withExposedService("hub-1", 8080)
            .withExposedService("hub-2", 8080);

    @Test
    void bothReplicasAnswerAPersonLookUpWithEverySiloAndTheCorrelationId() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ObjectMapper json = new ObjectMapper();
        for (String hub : new String[] {"hub-1", "hub-2"}) {
            String base = "http://" + compose.getServiceHost(hub, 8080) + ":" + compose.getServicePort(hub, 8080);
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/persons/310115198211242579"))
                    .timeout(Duration.ofSeconds(10))
                    .header("X-Api-Key", DemoClients.WINDOW_KEY)
                    .header("X-Operator-Id", DemoClients.OPERATOR)
                    .header("X-Matter-Code", DemoClients.MATTER)
                    .header("X-Case-Number", DemoClients.CASE)
                    .header(CorrelationId.HEADER, "compose-it-" + hub)
                    .GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(hub).isEqualTo(200);
            assertThat(response.headers().firstValue(CorrelationId.HEADER)).hasValue("compose-it-" + hub);
            JsonNode body = json.readTree(response.body());
            assertThat(body.path("sources").size()).as(hub).isGreaterThanOrEqualTo(3);
            body.path("sources").fields().forEachRemaining(s -> assertThat(s.getValue().path("status").asText())
                    .as(hub + " " + s.getKey()).isIn("ok", "not_found"));
        }
    }
}
