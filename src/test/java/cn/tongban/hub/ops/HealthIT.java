package cn.tongban.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.HubIntegrationTest;

/** The health endpoint on the management port, with one component per dependency. */
@HubIntegrationTest
class HealthIT {

    @LocalManagementPort
    int managementPort;

    @LocalServerPort
    int apiPort;

    @Autowired
    ObjectMapper json;

    @Test
    void healthIsUpWithStoreBrokerAndOneComponentPerSilo() throws Exception {
        JsonNode health = json.readTree(RestClient.create().get()
                .uri("http://127.0.0.1:" + managementPort + "/actuator/health")
                .header(HttpHeaders.AUTHORIZATION, DemoClients.operatorBasic()).retrieve().body(String.class));
        assertThat(health.path("status").asText()).isEqualTo("UP");
        JsonNode components = health.path("components");
        assertThat(components.path("store").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("store").path("details").path("database").asText()).isEqualTo("PostgreSQL");
        assertThat(components.path("broker").path("status").asText()).isEqualTo("UP");
        JsonNode silos = components.path("silos").path("components");
        assertThat(silos.path("public-security").path("status").asText()).isEqualTo("UP");
        assertThat(silos.path("social-insurance").path("status").asText()).isEqualTo("UP");
        assertThat(silos.path("social-insurance").path("details").path("database").asText()).isEqualTo("H2");
        assertThat(silos.path("market-regulation").path("status").asText()).isEqualTo("UP");
        // Added as data only (route and mapping files), probed over HTTP all the same.
        assertThat(silos.path("civil-affairs").path("status").asText()).isEqualTo("UP");
        assertThat(silos.path("civil-affairs").path("details").path("httpStatus").asInt()).isLessThan(500);
    }

    @Test
    void managementEndpointsAreNotServedOnTheApiPort() {
        int status = RestClient.create().get().uri("http://127.0.0.1:" + apiPort + "/actuator/health")
                .exchange((req, res) -> res.getStatusCode().value());
        assertThat(status).isEqualTo(404);
    }

    @Test
    void prometheusAndCamelRoutesAreExposed() {
        String metrics = RestClient.create().get()
                .uri("http://127.0.0.1:" + managementPort + "/actuator/prometheus")
                .header(HttpHeaders.AUTHORIZATION, DemoClients.operatorBasic()).retrieve().body(String.class);
        assertThat(metrics).contains("jvm_memory_used_bytes");
        String routes = RestClient.create().get()
                .uri("http://127.0.0.1:" + managementPort + "/actuator/camelroutes")
                .header(HttpHeaders.AUTHORIZATION, DemoClients.operatorBasic()).retrieve().body(String.class);
        assertThat(routes).contains("\"id\":\"market-regulation\"");
    }
}
