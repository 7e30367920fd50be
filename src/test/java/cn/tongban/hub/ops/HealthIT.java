package cn.tongban.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.DemoSubjects;
import cn.tongban.hub.testing.HubCalls;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * The actuator on the management port: the health components and the probe groups, the
 * maintenance switch, a silo that goes down (the hub is degraded, not down), {@code info}
 * with the loaded route and mapping files, {@code camelroutes} and {@code prometheus}.
 * Shares the common context: every switch it flips is flipped back, whatever happens.
 */
@HubIntegrationTest
class HealthIT {

    private static final String PS = "public-security";
    private static final List<String> PULL_SILOS = List.of(PS, "social-insurance", "civil-affairs");
    /** Bound of each request and of each wait for something that should happen (loose: a loaded 2-core machine). */
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    @LocalManagementPort
    int managementPort;

    @LocalServerPort
    int apiPort;

    @Autowired
    ObjectMapper json;

    @Autowired
    DemoInfrastructure demo;

    @Value("${hub.routes-dir}")
    String routesDir;

    @Value("${hub.mappings-dir}")
    String mappingsDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, JsonNode body) {
    }

    @Test
    void healthIsUpWithStoreBrokerMaintenanceAndOneEntryPerSilo() throws Exception {
        // Right after start a first probe (the broker's metadata, a new pool) may miss its bound on a busy
        // machine, and the endpoint asks the components one after the other (each bounded by a few seconds).
        JsonNode[] last = new JsonNode[1];
        await("every component UP").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Reply r = operator("GET", "/actuator/health", null);
            last[0] = r.body();
            assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
            assertThat(r.body().path("status").asText()).as(r.body().toString()).isEqualTo("UP");
        });
        JsonNode health = last[0];
        JsonNode components = health.path("components");
        assertThat(components.path("store").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("store").path("details").path("database").asText()).isEqualTo("PostgreSQL");
        assertThat(components.path("broker").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("broker").path("details").path("nodes").asInt()).isPositive();
        assertThat(components.path("maintenance").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("maintenance").path("details").path("on").asBoolean(true)).isFalse();
        assertThat(components.path("livenessState").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("readinessState").path("status").asText()).isEqualTo("UP");

        JsonNode silos = components.path("silos");
        assertThat(silos.path("status").asText()).isEqualTo("UP");
        JsonNode each = silos.path("details");
        assertThat(list(each.fieldNames())).containsExactlyInAnyOrder(PS, "social-insurance", "market-regulation", "civil-affairs");
        for (String silo : list(each.fieldNames())) {
            assertThat(each.path(silo).path("status").asText()).as(silo).isEqualTo("UP");
        }
        assertThat(each.path("social-insurance").path("database").asText()).isEqualTo("H2");
        assertThat(each.path("market-regulation").path("partitions").asInt()).isPositive();
        // Added as data only (route and mapping files), probed over HTTP all the same.
        assertThat(each.path("civil-affairs").path("httpStatus").asInt()).isLessThan(500);
        // Pull silos carry their protection: the breaker's state and the rates it judges by.
        for (String silo : PULL_SILOS) {
            assertThat(each.path(silo).path("breaker").asText()).as(silo).isIn("CLOSED", "HALF_OPEN", "OPEN");
            assertThat(each.path(silo).has("failureRate")).as(silo).isTrue();
        }
        // Market regulation pushes: no breaker of its own.
        assertThat(each.path("market-regulation").has("breaker")).isFalse();
    }

    @Test
    void aPullSiloRecordsItsLastSuccessfulCall() throws Exception {
        TruthPerson p = DemoSubjects.cleanPersons(demo.dataSet()).get(7);
        Instant before = Instant.now().minusSeconds(1);
        HubCalls.Answer a = new HubCalls(apiPort, managementPort, json).person(p.citizenId());
        assertThat(a.http()).isEqualTo(200);
        assertThat(a.status(PS)).isEqualTo("ok");
        JsonNode ps = operator("GET", "/actuator/health", null).body().path("components").path("silos").path("details").path(PS);
        assertThat(Instant.parse(ps.path("lastSuccess").asText())).isAfter(before);
    }

    @Test
    void livenessAndReadinessAreOpenToLoadBalancersWithStatusesOnly() throws Exception {
        Reply liveness = anonymous("/actuator/health/liveness");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.body().path("status").asText()).isEqualTo("UP");

        Reply readiness = anonymous("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body().path("status").asText()).isEqualTo("UP");
        // Statuses for the load balancer, details (database, who switched maintenance) for operators only.
        assertThat(readiness.body().path("components").path("maintenance").path("status").asText()).isEqualTo("UP");
        assertThat(readiness.body().path("components").path("store").has("details")).isFalse();
    }

    @Test
    void groupsHoldWhatTheContractSays() throws Exception {
        JsonNode liveness = operator("GET", "/actuator/health/liveness", null).body();
        assertThat(list(liveness.path("components").fieldNames())).containsExactly("livenessState");

        JsonNode readiness = operator("GET", "/actuator/health/readiness", null).body();
        List<String> members = list(readiness.path("components").fieldNames());
        // initialLoad belongs to the bulk load; it is in the group whenever that bean exists.
        assertThat(members).contains("readinessState", "store", "broker", "maintenance")
                .isSubsetOf("readinessState", "store", "broker", "maintenance", "initialLoad")
                .as("a silo down must not drain the hub").doesNotContain("silos");
        assertThat(readiness.path("components").path("store").path("details").path("database").asText()).isEqualTo("PostgreSQL");
    }

    @Test
    void maintenanceTakesReadinessOutOfServiceUntilSwitchedOff() throws Exception {
        assertThat(operator("GET", "/actuator/maintenance", null).body().path("on").asBoolean(true)).isFalse();
        try {
            Reply on = operator("POST", "/actuator/maintenance", "{\"on\":true}");
            assertThat(on.status()).as(on.body().toString()).isEqualTo(200);
            assertThat(on.body().path("on").asBoolean()).isTrue();
            assertThat(on.body().path("by").asText()).isEqualTo(DemoClients.OPERATOR_USER);

            Reply drained = anonymous("/actuator/health/readiness");
            assertThat(drained.status()).isEqualTo(503);
            assertThat(drained.body().path("status").asText()).isEqualTo("OUT_OF_SERVICE");
            assertThat(drained.body().path("components").path("maintenance").path("status").asText()).isEqualTo("OUT_OF_SERVICE");
            JsonNode detailed = operator("GET", "/actuator/health/readiness", null).body();
            assertThat(detailed.path("components").path("maintenance").path("details").path("by").asText())
                    .isEqualTo(DemoClients.OPERATOR_USER);
            assertThat(Instant.parse(detailed.path("components").path("maintenance").path("details").path("since").asText()))
                    .isBefore(Instant.now().plusSeconds(1));
            // Alive all the while: nobody should restart a drained node.
            assertThat(anonymous("/actuator/health/liveness").status()).isEqualTo(200);
            assertThat(operator("GET", "/actuator/maintenance", null).body().path("on").asBoolean()).isTrue();
            assertThat(prometheus()).contains("hub_maintenance 1.0");
        } finally {
            Reply off = operator("POST", "/actuator/maintenance", "{\"on\":false}");
            assertThat(off.status()).isEqualTo(200);
            assertThat(off.body().path("on").asBoolean(true)).isFalse();
        }
        Reply back = anonymous("/actuator/health/readiness");
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.body().path("status").asText()).isEqualTo("UP");
        assertThat(prometheus()).contains("hub_maintenance 0.0");
    }

    @Test
    void theMaintenanceSwitchRefusesAnyoneButAnOperator() throws Exception {
        for (String method : List.of("GET", "POST")) {
            HttpRequest.Builder b = request(method, "/actuator/maintenance", method.equals("POST") ? "{\"on\":true}" : null);
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method).isEqualTo(401);
            assertThat(json.readTree(r.body()).path("code").asText()).isEqualTo("OPERATOR_UNAUTHENTICATED");
            HttpResponse<String> apiKey = http.send(request(method, "/actuator/maintenance", method.equals("POST") ? "{\"on\":true}" : null)
                    .header("X-Api-Key", DemoClients.ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(apiKey.statusCode()).as(method + " with an API key").isEqualTo(401);
        }
        assertThat(operator("GET", "/actuator/maintenance", null).body().path("on").asBoolean(true)).isFalse();
        assertThat(anonymous("/actuator/health/readiness").status()).isEqualTo(200);
    }

    @Test
    void aSiloThatGoesDownShowsDownWithItsBreakerWhileTheHubAnswers200() throws Exception {
        HubCalls hub = new HubCalls(apiPort, managementPort, json);
        TruthPerson p = DemoSubjects.cleanPersons(demo.dataSet()).get(11);
        hub.fault(PS, "down");
        try {
            Instant before = Instant.now().minusSeconds(1);
            // One look-up while it is down: the call fails (and is retried once), the answer still comes.
            HubCalls.Answer a = hub.person(p.citizenId());
            assertThat(a.http()).isEqualTo(200);
            // Refused connections, or a connection the proxy accepted before it went down: error, timeout, or the cache.
            assertThat(a.status(PS)).isIn("error", "timeout", "stale");

            Reply r = operator("GET", "/actuator/health", null);
            assertThat(r.status()).as("a silo down degrades the hub, it does not take it down").isEqualTo(200);
            assertThat(r.body().path("status").asText()).isEqualTo("DEGRADED");
            JsonNode silos = r.body().path("components").path("silos");
            assertThat(silos.path("status").asText()).isEqualTo("DEGRADED");
            JsonNode ps = silos.path("details").path(PS);
            assertThat(ps.path("status").asText()).isEqualTo("DOWN");
            assertThat(ps.path("error").asText()).isNotBlank();
            assertThat(ps.path("breaker").asText()).isIn("CLOSED", "OPEN", "HALF_OPEN");
            assertThat(Instant.parse(ps.path("lastFailure").asText())).isAfter(before);
            for (String other : List.of("social-insurance", "market-regulation", "civil-affairs")) {
                assertThat(silos.path("details").path(other).path("status").asText()).as(other).isEqualTo("UP");
            }
            assertThat(r.body().path("components").path("store").path("status").asText()).isEqualTo("UP");
            // The node still takes traffic: silos are not in the readiness group.
            assertThat(anonymous("/actuator/health/readiness").status()).isEqualTo(200);
        } finally {
            hub.fault(PS, "none");
        }
        await("public security back UP").atMost(PROMPTLY).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            Reply r = operator("GET", "/actuator/health", null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().path("components").path("silos").path("details").path(PS).path("status").asText()).isEqualTo("UP");
        });
    }

    @Test
    void infoNamesTheVersionAndTheLoadedRouteAndMappingFiles() throws Exception {
        Reply r = operator("GET", "/actuator/info", null);
        assertThat(r.status()).isEqualTo(200);
        JsonNode info = r.body();
        assertThat(info.path("build").path("version").asText()).isNotBlank();
        assertThat(info.path("build").path("artifact").asText()).isEqualTo("tongban-hub");
        assertThat(info.path("java").path("version").asText()).isNotBlank();

        JsonNode hub = info.path("hub");
        List<String> routeFiles = new ArrayList<>();
        List<String> routeIds = new ArrayList<>();
        hub.path("routeFiles").forEach(f -> {
            routeFiles.add(Path.of(f.path("file").asText().replaceFirst("^file:", "")).getFileName().toString());
            f.path("routes").forEach(id -> routeIds.add(id.asText()));
        });
        try (Stream<Path> files = Files.list(Path.of(routesDir))) {
            List<String> onDisk = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml"))
                    // error-handling.camel.yaml holds a route configuration only, no route.
                    .filter(n -> !n.equals("error-handling.camel.yaml")).toList();
            assertThat(routeFiles).containsExactlyInAnyOrderElementsOf(onDisk);
        }
        assertThat(routeIds).contains("market-regulation", "public-security", "social-insurance-person", "civil-affairs");

        List<String> mappingIds = new ArrayList<>();
        hub.path("mappingFiles").forEach(m -> {
            mappingIds.add(m.path("id").asText());
            assertThat(Path.of(m.path("file").asText()).getFileName().toString()).isEqualTo(m.path("id").asText() + ".yaml");
            assertThat(m.path("silo").asText()).isNotBlank();
        });
        try (Stream<Path> files = Files.list(Path.of(mappingsDir))) {
            List<String> onDisk = files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml")).map(n -> n.substring(0, n.length() - ".yaml".length())).toList();
            assertThat(mappingIds).containsExactlyInAnyOrderElementsOf(onDisk);
        }
    }

    @Test
    void managementEndpointsAreNotServedOnTheApiPort() throws Exception {
        for (String path : List.of("/actuator/health", "/actuator/maintenance", "/actuator/info")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                    .timeout(PROMPTLY).header("Authorization", DemoClients.operatorBasic()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void prometheusAndCamelRoutesAreExposedToOperators() throws Exception {
        assertThat(prometheus()).contains("jvm_memory_used_bytes");
        Reply routes = operator("GET", "/actuator/camelroutes", null);
        assertThat(routes.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        routes.body().forEach(route -> ids.add(route.path("id").asText()));
        assertThat(ids).contains("market-regulation", "public-security", "social-insurance-unit", "civil-affairs");
        for (String path : List.of("/actuator/prometheus", "/actuator/camelroutes", "/actuator/info", "/actuator/health")) {
            assertThat(anonymous(path).status()).as(path).isEqualTo(401);
        }
    }

    // ------------------------------------------------------------------ helpers

    private String prometheus() throws Exception {
        HttpResponse<String> r = http.send(request("GET", "/actuator/prometheus", null)
                .header("Authorization", DemoClients.operatorBasic()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private Reply operator(String method, String path, String body) throws Exception {
        return send(request(method, path, body).header("Authorization", DemoClients.operatorBasic()));
    }

    private Reply anonymous(String path) throws Exception {
        return send(request("GET", path, null));
    }

    private HttpRequest.Builder request(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).timeout(PROMPTLY);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }

    private Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isBlank() ? json.nullNode() : json.readTree(r.body()));
    }

    private static List<String> list(java.util.Iterator<String> it) {
        List<String> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }
}
