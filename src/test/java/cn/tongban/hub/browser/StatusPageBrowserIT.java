package cn.tongban.hub.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.DemoSubjects;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * The operators' status page (/actuator/status) on the demo: after some look-ups and a
 * pre-check that opens an unresolved case, a real browser draws every chart with data; the
 * page and its data need the operator, while the demo leaves Hawtio open.
 */
@HubIntegrationTest
class StatusPageBrowserIT {

    /** A housing-fund matter: its property certificate has no sharing department, so a case opens. */
    static final String HOUSING_FUND = "GG00301003";

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    DemoInfrastructure demo;

    @Autowired
    ObjectMapper json;

    @Test
    void chartsRenderWithDataInTheBrowser() throws Exception {
        Path chromium = Chromium.executableOrSkip();
        List<TruthPerson> persons = DemoSubjects.cleanPersons(demo.dataSet());
        RestClient api = DemoClients.api(port);
        for (TruthPerson p : persons.subList(0, 12)) {
            api.get().uri("/api/v1/persons/" + p.citizenId()).retrieve().toBodilessEntity();
        }
        TruthPerson applicant = persons.get(persons.size() / 2);
        api.post().uri("/api/v1/matters/" + HOUSING_FUND + "/prechecks")
                .headers(DemoClients.purpose(DemoClients.BACKOFFICE_KEY, HOUSING_FUND, "IT-STATUS-1"))
                .contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsString(Map.of("subject", applicant.citizenId(), "caseNumber", "IT-STATUS-1")))
                .retrieve().toBodilessEntity();

        // The sampler takes a point every 10 s; the look-ups above land in the next one.
        JsonNode data = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(this::data,
                d -> d.path("latency").path("points").findValues("count").stream().anyMatch(c -> c.asLong() > 0)
                        && d.path("quarantine").size() > 0 && d.path("unresolved").size() > 0);
        assertThat(data.path("silos").findValuesAsText("silo"))
                .contains("public-security", "social-insurance", "market-regulation", "civil-affairs");
        assertThat(data.path("ingestion").path("replica").path("enterprises").asLong()).isPositive();

        try (Chromium browser = Chromium.launch(chromium)) {
            browser.viewport(1400, 1000);
            browser.basicAuth(DemoClients.OPERATOR_USER, DemoClients.OPERATOR_PASSWORD);
            browser.navigate("http://127.0.0.1:" + managementPort + "/actuator/status");
            JsonNode lengths;
            try {
                browser.waitUntil("window.hubStatusRendered", Duration.ofSeconds(30));
                // Per chart, the number of data points of each series, as ECharts holds them.
                lengths = browser.evaluate("""
                        Object.fromEntries(Object.entries(window.hubCharts).map(([name, chart]) =>
                          [name, chart.getOption().series.map(s => (s.data || []).length)]))
                        """);
            } finally {
                browser.screenshot(Chromium.screenshotDir().resolve("status-page.png"), 1400);
            }
            for (String chart : List.of("silos", "latency", "ingestion", "progress", "quarantine", "unresolved")) {
                assertThat(lengths.path(chart).findValuesAsText("")).isEmpty();
                assertThat(sum(lengths.path(chart))).as("data points of chart %s: %s", chart, lengths).isPositive();
            }
            assertThat(lengths.path("silos").get(0).asInt()).isEqualTo(4);
            // Each chart's canvas has been drawn on: some of its pixels are not transparent.
            JsonNode painted = browser.evaluate("""
                    Object.fromEntries(Object.entries(window.hubCharts).map(([name, chart]) => {
                      const c = chart.getDom().querySelector('canvas');
                      const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                      let n = 0;
                      for (let i = 3; i < px.length; i += 4) { if (px[i] > 0) { n++; } }
                      return [name, n];
                    }))
                    """);
            painted.fields().forEachRemaining(e -> assertThat(e.getValue().asInt()).as("painted pixels of %s", e.getKey()).isGreaterThan(500));
            String text = browser.evaluate("document.body.innerText").asText();
            assertThat(text).contains("数据源健康与熔断", "Silos: health and circuit breakers", "查询延迟", "Look-up latency",
                    "办不成事", "Unresolved cases");
            assertThat(browser.evaluate("document.getElementById('error').hidden").asBoolean()).isTrue();
        }
    }

    @Test
    void statusPageNeedsTheOperatorWhileTheDemoLeavesHawtioOpen() {
        for (String path : List.of("/actuator/status", "/actuator/status/data")) {
            assertThat(status(path, null)).as(path).isEqualTo(401);
            assertThat(status(path, DemoClients.operatorBasic())).as(path).isEqualTo(200);
            // Never on the API port.
            int api = RestClient.create().get().uri("http://127.0.0.1:" + port + path).exchange((req, res) -> res.getStatusCode().value());
            assertThat(api).as(path + " on the API port").isEqualTo(404);
        }
        assertThat(status("/actuator/status/assets/echarts.min.js", DemoClients.operatorBasic())).isEqualTo(200);
        assertThat(status("/actuator/status/assets/nothing.js", DemoClients.operatorBasic())).isEqualTo(404);
        assertThat(status("/actuator/hawtio/", null)).isEqualTo(200);
        assertThat(status("/actuator/jolokia/version", null)).isEqualTo(200);
        // The rest of the management port stays closed in the demo.
        assertThat(status("/actuator/prometheus", null)).isEqualTo(401);
    }

    private static long sum(JsonNode lengths) {
        long n = 0;
        for (JsonNode l : lengths) {
            n += l.asLong();
        }
        return n;
    }

    private JsonNode data() throws Exception {
        String body = RestClient.create().get().uri("http://127.0.0.1:" + managementPort + "/actuator/status/data")
                .header(HttpHeaders.AUTHORIZATION, DemoClients.operatorBasic())
                .exchange((req, res) -> new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8));
        return json.readTree(body);
    }

    private int status(String path, String authorization) {
        var spec = RestClient.create().get().uri("http://127.0.0.1:" + managementPort + path);
        if (authorization != null) {
            spec = spec.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return spec.exchange((req, res) -> res.getStatusCode().value());
    }
}
