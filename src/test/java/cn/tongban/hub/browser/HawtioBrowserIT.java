package cn.tongban.hub.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * The Hawtio console on the management port, with the console's login as in production
 * ({@code hub.security.open-console} off): a real browser signs in as the operator, opens the
 * Camel routes page and finds every route of the silo route files, then opens the
 * public-security route's diagram; without credentials the
 * console and Jolokia answer 401; Jolokia reads Camel and java.lang MBeans and nothing else.
 */
@HubIntegrationTest
@TestPropertySource(properties = "hub.security.open-console=false")
// A context of its own (the console closed): not kept for the other tests of the run.
@DirtiesContext
class HawtioBrowserIT {

    private static final Set<String> ALLOWED_DOMAINS = Set.of("org.apache.camel", "java.lang", "jolokia", "hawtio", "cn.tongban.hub");

    @LocalManagementPort
    int managementPort;

    final ObjectMapper json = new ObjectMapper();

    /** The route ids of routes/*.camel.yaml, the route configuration (error handling) aside. */
    static List<String> siloRouteIds() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of("routes"), "*.camel.yaml")) {
            for (Path f : files) {
                for (JsonNode item : yaml.readTree(f.toFile())) {
                    if (item.has("route")) {
                        ids.add(item.path("route").path("id").asText());
                    }
                }
            }
        }
        return ids;
    }

    @Test
    void camelRoutesPageListsTheRoutesOfEverySilo() throws Exception {
        Path chromium = Chromium.executableOrSkip();
        List<String> routes = siloRouteIds();
        assertThat(routes).contains("public-security", "social-insurance-person", "market-regulation", "civil-affairs");
        String url = "http://127.0.0.1:" + managementPort + "/actuator/hawtio/camel/routes";
        try (Chromium browser = Chromium.launch(chromium)) {
            browser.viewport(1400, 1000);
            browser.basicAuth(DemoClients.OPERATOR_USER, DemoClients.OPERATOR_PASSWORD);
            browser.navigate(url);
            // The rows of the Camel plugin's routes table (cell texts), once Hawtio has read the
            // routes' MBeans and every silo route is in it.
            String rowsJs = "Array.from(document.querySelectorAll('table tbody tr'))"
                    + ".map(tr => Array.from(tr.cells).map(c => c.innerText.trim()))";
            String ready = "(() => { const rows = " + rowsJs + "; const names = rows.map(r => r.join(' ')).join('\\n'); return "
                    + json.writeValueAsString(routes) + ".every(id => names.includes(id)) ? rows : null; })()";
            JsonNode rows;
            try {
                rows = browser.waitUntil(ready, Duration.ofSeconds(90));
            } finally {
                browser.screenshot(Chromium.screenshotDir().resolve("hawtio-camel-routes.png"), 1400);
            }
            for (String id : routes) {
                assertThat(rows).as("Hawtio's routes table lists %s as started", id).anySatisfy(row -> {
                    assertThat(row.findValuesAsText("")).isEmpty();
                    List<String> cells = new ArrayList<>();
                    row.forEach(c -> cells.add(c.asText()));
                    assertThat(cells).contains(id, "Started");
                });
            }
            // The route tree beside the table names the CamelContext.
            assertThat(browser.evaluate("document.body.innerText").asText()).contains("tongban-hub");
        }
    }

    @Test
    void routeDiagramOfPublicSecurityIsDrawn() throws Exception {
        Path chromium = Chromium.executableOrSkip();
        try (Chromium browser = Chromium.launch(chromium)) {
            browser.viewport(1400, 1000);
            browser.basicAuth(DemoClients.OPERATOR_USER, DemoClients.OPERATOR_PASSWORD);
            browser.navigate("http://127.0.0.1:" + managementPort + "/actuator/hawtio/camel/routes");
            try {
                // Select the route in the tree, then open its diagram tab (clicks as an operator would).
                browser.waitUntil(click("[role=tree]", "public-security"), Duration.ofSeconds(90));
                browser.waitUntil(click("body", "Route Diagram"), Duration.ofSeconds(30));
                JsonNode nodes = browser.waitUntil("document.querySelectorAll('.react-flow__node').length >= 3"
                        + " ? Array.from(document.querySelectorAll('.react-flow__node')).map(n => n.innerText.trim()) : null",
                        Duration.ofSeconds(60));
                assertThat(nodes.size()).isGreaterThanOrEqualTo(3);
            } finally {
                browser.screenshot(Chromium.screenshotDir().resolve("hawtio-route-diagram.png"), 1400);
            }
        }
    }

    /** A script that clicks the innermost element under {@code scope} whose text is {@code text}; true once clicked. */
    private String click(String scope, String text) throws Exception {
        return "(() => { const root = document.querySelector(" + json.writeValueAsString(scope) + "); if (!root) { return false; }"
                + " const hits = Array.from(root.querySelectorAll('*')).filter(e => e.children.length === 0"
                + " && e.textContent.trim() === " + json.writeValueAsString(text) + ");"
                + " if (!hits.length) { return false; }"
                + " (hits[0].closest('button, a, [role=tab], [role=treeitem]') || hits[0]).click(); return true; })()";
    }

    @Test
    void consoleAndJolokiaNeedAnOperatorOutsideTheDemo() {
        for (String path : List.of("/actuator/hawtio/", "/actuator/hawtio/camel/routes", "/actuator/jolokia/version")) {
            int anonymous = RestClient.create().get().uri("http://127.0.0.1:" + managementPort + path)
                    .exchange((req, res) -> res.getStatusCode().value());
            assertThat(anonymous).as(path).isEqualTo(401);
            int wrongPassword = RestClient.create().get().uri("http://127.0.0.1:" + managementPort + path)
                    .header(HttpHeaders.AUTHORIZATION, "Basic b3BzOndyb25n")
                    .exchange((req, res) -> res.getStatusCode().value());
            assertThat(wrongPassword).as(path).isEqualTo(401);
            int operator = RestClient.create().get().uri("http://127.0.0.1:" + managementPort + path)
                    .header(HttpHeaders.AUTHORIZATION, DemoClients.operatorBasic())
                    .exchange((req, res) -> res.getStatusCode().value());
            assertThat(operator).as(path).isEqualTo(200);
        }
    }

    @Test
    void jolokiaReadsCamelAndJavaLangAndRefusesEveryOtherDomain() throws Exception {
        assertThat(jolokia("read", "java.lang:type=Memory", "attribute", "HeapMemoryUsage").path("status").asInt()).isEqualTo(200);
        JsonNode routes = jolokia("search", "org.apache.camel:type=routes,*");
        assertThat(routes.path("status").asInt()).isEqualTo(200);
        String route = routes.path("value").get(0).asText();
        assertThat(jolokia("read", route, "attribute", "State").path("value").asText()).isEqualTo("Started");
        // The silos' protection is readable (and resettable) from Hawtio, as docs/resilience.md says.
        assertThat(jolokia("read", "cn.tongban.hub:type=SiloProtection,name=\"public-security\"", "attribute", "CircuitBreakerState")
                .path("value").asText()).isIn("CLOSED", "OPEN", "HALF_OPEN");
        // Nothing can be written, not even on an allowed MBean.
        assertThat(jolokia("write", "java.lang:type=Memory", "attribute", "Verbose", "value", true).path("status").asInt()).isEqualTo(403);
        // Every other domain registered in this JVM (the hub runs in the test's JVM) is refused:
        // two MBeans of each, read in one bulk request.
        java.util.Map<String, List<String>> byDomain = new java.util.TreeMap<>();
        for (ObjectName n : ManagementFactory.getPlatformMBeanServer().queryNames(null, null)) {
            if (!ALLOWED_DOMAINS.contains(n.getDomain())) {
                List<String> names = byDomain.computeIfAbsent(n.getDomain(), d -> new ArrayList<>());
                if (names.size() < 2) {
                    names.add(n.getCanonicalName());
                }
            }
        }
        assertThat(byDomain).containsKeys("com.sun.management", "java.nio", "JMImplementation");
        List<java.util.Map<String, Object>> reads = byDomain.values().stream().flatMap(List::stream)
                .map(n -> java.util.Map.<String, Object>of("type", "read", "mbean", n)).toList();
        for (JsonNode r : jolokiaBulk(reads)) {
            int status = r.path("status").asInt();
            // 404: gone since the query; 200 only for an MBean without a single attribute.
            assertThat(status == 403 || status == 404 || (status == 200 && r.path("value").isEmpty())).as("%s", r).isTrue();
        }
        assertThat(jolokia("exec", "com.sun.management:type=HotSpotDiagnostic", "operation", "dumpHeap",
                "arguments", List.of("x.hprof", true)).path("status").asInt())
                .isEqualTo(403);
        assertThat(jolokia("exec", "com.sun.management:type=DiagnosticCommand", "operation", "vmFlags",
                "arguments", List.of(List.of())).path("status").asInt()).isEqualTo(403);
    }

    private JsonNode jolokiaBulk(List<java.util.Map<String, Object>> requests) throws Exception {
        String body = RestClient.create().post().uri("http://127.0.0.1:" + managementPort + "/actuator/jolokia")
                .header(HttpHeaders.AUTHORIZATION, DemoClients.operatorBasic())
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(json.writeValueAsString(requests))
                .exchange((req, res) -> new String(res.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        JsonNode answers = json.readTree(body);
        assertThat(answers.size()).isEqualTo(requests.size());
        return answers;
    }

    /** A Jolokia request as the operator (POST, JSON: MBean names need no escaping). */
    private JsonNode jolokia(String type, String mbean, Object... more) throws Exception {
        java.util.Map<String, Object> request = new java.util.LinkedHashMap<>();
        request.put("type", type);
        request.put("mbean", mbean);
        for (int i = 0; i + 1 < more.length; i += 2) {
            request.put((String) more[i], more[i + 1]);
        }
        String body = RestClient.create().post().uri("http://127.0.0.1:" + managementPort + "/actuator/jolokia")
                .header(HttpHeaders.AUTHORIZATION, DemoClients.operatorBasic())
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(json.writeValueAsString(request))
                .exchange((req, res) -> new String(res.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        return json.readTree(body);
    }
}
