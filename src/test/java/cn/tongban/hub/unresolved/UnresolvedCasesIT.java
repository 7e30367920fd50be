package cn.tongban.hub.unresolved;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.lookup.LookupProperties;
import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * Unresolved cases opened by pre-checks against the demo silos: a material no department
 * shares (not connected), and a silo that hangs (source unavailable); idempotent on a
 * repeated pre-check, moved through its stages, counted by the report.
 */
@HubIntegrationTest
class UnresolvedCasesIT {

    static final String HOUSING_FUND = "GG00301003";
    static final String HOUSEHOLD = "QR00401004";

    @LocalServerPort
    int port;

    @Autowired
    DemoInfrastructure demo;

    @Autowired
    ObjectMapper json;

    @Autowired
    LookupProperties lookup;

    @Autowired
    ServiceLevels levels;

    RestClient http;

    record Reply(int status, JsonNode body) {
    }

    @BeforeEach
    void setUp() {
        // The back-office client with the default purpose; pre-checks name their own matter and case.
        http = DemoClients.api(port);
    }

    /** Active persons whose records carry no quirk, from the end of the list so other ITs' subjects are not reused. */
    List<TruthPerson> clean() {
        List<TruthPerson> l = new java.util.ArrayList<>(cn.tongban.hub.testing.DemoSubjects.cleanPersons(demo.dataSet()));
        java.util.Collections.reverse(l);
        return l;
    }

    @Test
    void notShareableMaterialOpensOneNotConnectedCaseThatMovesAndIsCounted() throws Exception {
        TruthPerson p = clean().get(0);
        Instant before = Instant.now();
        JsonNode first = precheck(HOUSING_FUND, p.citizenId(), "IT-UNRESOLVED-1");
        Instant after = Instant.now();
        long id = first.path("unresolvedCases").path("property-certificate").asLong();
        assertThat(id).as(first.toString()).isPositive();
        // The applicant's own bank card has no department that could share it: no case.
        assertThat(first.path("unresolvedCases").has("bank-card")).isFalse();

        JsonNode c = get("/api/v1/unresolved/" + id).body();
        assertThat(c.path("tag").asText()).isEqualTo("not_connected");
        assertThat(c.path("tagLabel").asText()).isEqualTo("系统未接入");
        assertThat(c.path("department").asText()).isEqualTo("不动产登记机构");
        assertThat(c.path("matterCode").asText()).isEqualTo(HOUSING_FUND);
        assertThat(c.path("status").asText()).isEqualTo("open");
        assertThat(c.path("subject").asText()).isEqualTo(p.citizenId().substring(0, 6) + "********" + p.citizenId().substring(14))
                .doesNotContain(p.citizenId().substring(6, 14));
        Instant opened = Instant.parse(c.path("openedAt").asText());
        assertThat(opened).isBetween(before.minusSeconds(1), after.plusSeconds(1));
        ServiceLevels.Deadlines expected = levels.from(opened);
        assertThat(Instant.parse(c.path("deadlines").path("respondBy").asText())).isEqualTo(opened.plus(Duration.ofHours(1)));
        assertThat(Instant.parse(c.path("deadlines").path("coordinateBy").asText())).isEqualTo(expected.coordinateBy());
        assertThat(Instant.parse(c.path("deadlines").path("closeBy").asText())).isEqualTo(expected.closeBy());
        assertThat(Duration.between(opened, expected.closeBy())).isGreaterThanOrEqualTo(Duration.ofDays(7));

        JsonNode second = precheck(HOUSING_FUND, p.citizenId(), "IT-UNRESOLVED-1");
        assertThat(second.path("unresolvedCases").path("property-certificate").asLong()).isEqualTo(id);
        JsonNode again = get("/api/v1/unresolved/" + id).body();
        assertThat(again.path("occurrences").asInt()).isEqualTo(2);
        List<JsonNode> occurrences = new java.util.ArrayList<>();
        again.path("history").forEach(e -> {
            if (e.path("kind").asText().equals("occurrence")) {
                occurrences.add(e);
            }
        });
        assertThat(occurrences).hasSize(2).allSatisfy(e -> {
            assertThat(e.path("caseNumber").asText()).isEqualTo("IT-UNRESOLVED-1");
            assertThat(e.path("at").asText()).isNotBlank();
        });
        JsonNode list = get("/api/v1/unresolved?matter=" + HOUSING_FUND + "&tag=not_connected&limit=200").body();
        long same = 0;
        for (JsonNode x : list.path("cases")) {
            if (x.path("materialId").asText().equals("property-certificate") && x.path("subject").asText().equals(c.path("subject").asText())) {
                same++;
            }
            assertThat(x.toString()).doesNotContain(p.citizenId());
        }
        assertThat(same).isEqualTo(1);

        JsonNode before2 = get("/api/v1/unresolved/report").body();
        Reply bad = patch(id, Map.of("status", "closed"), null);
        assertThat(bad.status()).isEqualTo(409);
        assertThat(bad.body().path("code").asText()).isEqualTo("UNRESOLVED_BAD_TRANSITION");
        Reply moved = patch(id, Map.of("status", "responding", "note", "已联系不动产登记机构", "assignee", "窗口-07"), "clerk-42");
        assertThat(moved.status()).as(moved.body().toString()).isEqualTo(200);
        assertThat(moved.body().path("status").asText()).isEqualTo("responding");
        assertThat(moved.body().path("assignee").asText()).isEqualTo("窗口-07");
        JsonNode change = null;
        for (JsonNode e : moved.body().path("history")) {
            if (e.path("kind").asText().equals("status")) {
                change = e;
            }
        }
        assertThat(change).isNotNull();
        assertThat(change.path("from").asText()).isEqualTo("open");
        assertThat(change.path("to").asText()).isEqualTo("responding");
        assertThat(change.path("operator").asText()).isEqualTo("clerk-42");
        assertThat(change.path("note").asText()).isEqualTo("已联系不动产登记机构");

        JsonNode report = get("/api/v1/unresolved/report").body();
        assertThat(report.path("byTag").path("not_connected").path("active").asLong()).isPositive();
        assertThat(report.path("byDepartment").path("不动产登记机构").path("active").asLong()).isPositive();
        assertThat(report.path("byMatter").path(HOUSING_FUND).path("total").asLong()).isPositive();
        assertThat(report.path("byStatus").path("responding").asLong())
                .isEqualTo(before2.path("byStatus").path("responding").asLong() + 1);
        assertThat(report.path("stages").path("respond").path("open").asLong())
                .isEqualTo(before2.path("stages").path("respond").path("open").asLong() - 1);
        assertThat(report.path("stages").path("close").path("open").asLong())
                .isEqualTo(before2.path("stages").path("close").path("open").asLong());

        assertThat(get("/api/v1/unresolved/999999999").status()).isEqualTo(404);
        assertThat(get("/api/v1/unresolved/999999999").body().path("code").asText()).isEqualTo("UNRESOLVED_NOT_FOUND");
        assertThat(patch(999999999L, Map.of("status", "responding"), null).body().path("code").asText())
                .isEqualTo("UNRESOLVED_NOT_FOUND");
    }

    @Test
    void siloThatHangsNamesTheMaterialAsSourceUnavailableAndOpensACase() throws Exception {
        TruthPerson p = clean().stream().filter(x -> "20".equals(x.maritalStatus()))
                .filter(x -> demo.dataSet().civilAffairs().record(x.citizenId()).isPresent()).findFirst().orElseThrow();
        var ca = demo.civilAffairs().server();
        ca.setGlobalFixedDelay((int) lookup.deadline().toMillis() + 2_000);
        JsonNode answer;
        try {
            answer = precheck(HOUSEHOLD, p.citizenId(), "IT-UNRESOLVED-2");
        } finally {
            ca.setGlobalFixedDelay(0);
        }
        JsonNode cert = null;
        for (JsonNode m : answer.path("materials")) {
            if (m.path("id").asText().equals("marriage-certificate")) {
                cert = m;
            }
        }
        assertThat(cert).as(answer.toString()).isNotNull();
        assertThat(cert.path("reason").asText()).as(answer.toString()).isEqualTo("SOURCE_UNAVAILABLE");
        List<String> notice = new java.util.ArrayList<>();
        answer.path("notice").path("content").path("items").forEach(i -> notice.add(i.path("materialId").asText() + ":" + i.path("reason").asText()));
        assertThat(notice).contains("marriage-certificate:SOURCE_UNAVAILABLE");

        long id = answer.path("unresolvedCases").path("marriage-certificate").asLong();
        assertThat(id).as(answer.toString()).isPositive();
        JsonNode c = get("/api/v1/unresolved/" + id).body();
        assertThat(c.path("tag").asText()).isEqualTo("source_unavailable");
        assertThat(c.path("reason").asText()).isEqualTo("SOURCE_UNAVAILABLE");
        assertThat(c.path("department").asText()).isEqualTo("民政部门");
        assertThat(c.path("history").get(0).path("note").asText()).contains("civil-affairs");
        JsonNode listed = get("/api/v1/unresolved?tag=source_unavailable&status=open&limit=200").body();
        assertThat(listed.path("cases").findValuesAsText("id")).contains(String.valueOf(id));
    }

    @Test
    void silosThatDisagreeNameTheMaterialAsDataConflictAndOpenACase() throws Exception {
        // Public security says married (20); the civil-affairs registry is made to answer
        // "divorced" (40) for this one person, so the authoritative value is in conflict.
        TruthPerson p = clean().stream().filter(x -> "20".equals(x.maritalStatus()))
                .filter(x -> demo.dataSet().civilAffairs().record(x.citizenId()).isPresent()).skip(1).findFirst().orElseThrow();
        var ca = demo.civilAffairs().server();
        var stub = ca.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/mz/hydj/v1/hyzk"))
                .withQueryParam("sfzh", com.github.tomakehurst.wiremock.client.WireMock.equalTo(p.citizenId()))
                .atPriority(1)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json; charset=UTF-8")
                        .withBody("""
                                {"code":"0000","msg":"成功","data":{"total":1,"list":[{"ywlsh":"IT-CONFLICT-1","sfzh":"%s",
                                 "xm":"%s","hyzk":"40","ywlx":"IB","djrq":"2020-05-06","djjg":"测试区民政局婚姻登记处",
                                 "zsbh":"","poxm":"","posfzh":""}]}}
                                """.formatted(p.citizenId(), p.name()))));
        JsonNode answer;
        try {
            answer = precheck(HOUSEHOLD, p.citizenId(), "IT-UNRESOLVED-3");
        } finally {
            ca.removeStub(stub);
        }
        JsonNode cert = null;
        for (JsonNode m : answer.path("materials")) {
            if (m.path("id").asText().equals("marriage-certificate")) {
                cert = m;
            }
        }
        assertThat(cert).as(answer.toString()).isNotNull();
        assertThat(cert.path("reason").asText()).as(answer.toString()).isEqualTo("DATA_CONFLICT");
        long id = answer.path("unresolvedCases").path("marriage-certificate").asLong();
        assertThat(id).as(answer.toString()).isPositive();
        JsonNode c = get("/api/v1/unresolved/" + id).body();
        assertThat(c.path("tag").asText()).isEqualTo("departments_disagree");
        assertThat(c.path("department").asText()).isEqualTo("民政部门");
    }

    @Test
    void rejectsUnknownFiltersAndEmptyChanges() throws Exception {
        assertThat(get("/api/v1/unresolved?status=pending").status()).isEqualTo(400);
        assertThat(get("/api/v1/unresolved?limit=0").status()).isEqualTo(400);
        assertThat(get("/api/v1/unresolved?overdue=true").status()).isEqualTo(200);
    }

    private JsonNode precheck(String code, String subject, String caseNumber) throws Exception {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("subject", subject);
        body.put("caseNumber", caseNumber);
        return json.readTree(http.post().uri("/api/v1/matters/" + code + "/prechecks")
                .headers(DemoClients.purpose(DemoClients.BACKOFFICE_KEY, code, caseNumber)).contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsString(body)).retrieve().body(String.class));
    }

    private Reply get(String path) {
        return http.get().uri(path).accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .exchange((req, res) -> new Reply(res.getStatusCode().value(),
                        json.readTree(new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8))));
    }

    private Reply patch(long id, Map<String, String> body, String operator) throws Exception {
        var spec = http.method(HttpMethod.PATCH).uri("/api/v1/unresolved/" + id).contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON).body(json.writeValueAsString(body));
        if (operator != null) {
            // Replaces the default purpose's operator (the same header); without it the default operator is sent.
            spec = spec.header("X-Operator-Id", operator);
        }
        return spec.exchange((req, res) -> new Reply(res.getStatusCode().value(),
                json.readTree(new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8))));
    }
}
