package cn.tongban.hub.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * Every access is audited through the HTTP layer: the subject history lists exactly the
 * accesses made to a person (who, for which matter and case, which fields and sources), the
 * live chain verifies, and an answer never leaves before its audit record is durable.
 */
@HubIntegrationTest
class AuditedAccessIT {

    @LocalServerPort
    int port;

    @Autowired
    DemoInfrastructure demo;

    @Autowired
    DataSource store;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private record Reply(int status, JsonNode body, String text) {
    }

    private Reply get(String path, String key, String caseNumber) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
                .header(AccessHeaders.API_KEY, key);
        if (caseNumber != null) {
            b.header(AccessHeaders.OPERATOR, DemoClients.OPERATOR).header(AccessHeaders.MATTER, DemoClients.MATTER)
                    .header(AccessHeaders.CASE, caseNumber);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? json.nullNode() : json.readTree(r.body()), r.body());
    }

    /** A person no other test touches: far down the data set. */
    private TruthPerson untouchedPerson(int n) {
        return demo.dataSet().persons().stream().filter(p -> !p.deceased()).skip(7_000 + n).findFirst().orElseThrow();
    }

    private List<JsonNode> history(String key) throws Exception {
        Reply r = get("/api/v1/audit/subjects/" + key, DemoClients.AUDITOR_KEY, null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<JsonNode> accesses = new ArrayList<>();
        r.body().path("accesses").forEach(accesses::add);
        return accesses;
    }

    @Test
    void theSubjectHistoryListsExactlyTheAccessesMade() throws Exception {
        TruthPerson p = untouchedPerson(0);
        assertThat(history(p.citizenId())).as("accesses before the test").isEmpty();

        assertThat(get("/api/v1/persons/" + p.citizenId(), DemoClients.BACKOFFICE_KEY, "AUDIT-IT-1").status()).isEqualTo(200);
        assertThat(get("/api/v1/persons/" + p.citizenId() + "?fields=name", DemoClients.WINDOW_KEY, "AUDIT-IT-2").status()).isEqualTo(200);
        assertThat(get("/api/v1/persons/" + p.citizenId(), DemoClients.RESTRICTED_KEY, "AUDIT-IT-3").status()).isEqualTo(200);
        // Refused before any data was touched: not an access to this person.
        assertThat(get("/api/v1/persons/" + p.citizenId(), DemoClients.BACKOFFICE_KEY, null).status()).isEqualTo(400);
        assertThat(get("/api/v1/persons/" + p.citizenId(), "no-such-key", "AUDIT-IT-5").status()).isEqualTo(401);

        List<JsonNode> accesses = history(p.citizenId());
        assertThat(accesses).extracting(a -> a.path("caseNumber").asText()).containsExactly("AUDIT-IT-3", "AUDIT-IT-2", "AUDIT-IT-1");
        assertThat(accesses).extracting(a -> a.path("client").asText()).containsExactly("restricted-demo", "window-demo", "backoffice-demo");
        assertThat(accesses).allSatisfy(a -> {
            assertThat(a.path("operator").asText()).isEqualTo(DemoClients.OPERATOR);
            assertThat(a.path("matter").asText()).isEqualTo(DemoClients.MATTER);
            assertThat(a.path("action").asText()).isEqualTo("GET /api/v1/persons/{idNumber}");
            assertThat(a.path("outcome").asText()).isEqualTo("200");
        });
        JsonNode restricted = accesses.get(0);
        assertThat(texts(restricted.path("sources"))).containsExactly("public-security");
        assertThat(texts(restricted.path("fields"))).contains("person.name").doesNotContain("person.maritalStatus");
        JsonNode window = accesses.get(1);
        assertThat(texts(window.path("fields"))).contains("person.name").doesNotContain("person.maritalStatus", "person.insurances");
        JsonNode backoffice = accesses.get(2);
        assertThat(texts(backoffice.path("sources"))).contains("public-security", "social-insurance", "civil-affairs");
        assertThat(texts(backoffice.path("fields"))).contains("person.maritalStatus", "person.insurances");

        // Only auditors read the history.
        assertThat(get("/api/v1/audit/subjects/" + p.citizenId(), DemoClients.BACKOFFICE_KEY, null).status()).isEqualTo(403);
    }

    @Test
    void theLiveChainVerifies() throws Exception {
        get("/api/v1/persons/" + untouchedPerson(1).citizenId(), DemoClients.BACKOFFICE_KEY, "AUDIT-IT-VERIFY");
        Reply r = get("/api/v1/audit/verify", DemoClients.AUDITOR_KEY, null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().path("ok").asBoolean()).as(r.text()).isTrue();
        assertThat(r.body().path("recordsChecked").asLong()).isPositive();
    }

    @Test
    void anAnswerWaitsForItsAuditRecordAndIsWithheldWhenItCannotBeWritten() throws Exception {
        TruthPerson p = untouchedPerson(2);
        CompletableFuture<Reply> answer;
        // Hold the chain head, as a stuck store would: no record can commit meanwhile.
        try (Connection c = store.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("select * from audit_head for update");
            }
            answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return get("/api/v1/persons/" + p.citizenId(), DemoClients.BACKOFFICE_KEY, "AUDIT-IT-HELD");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Reply r = answer.get(30, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.text()).isEqualTo(503);
            assertThat(r.body().path("code").asText()).isEqualTo("AUDIT_UNAVAILABLE");
            assertThat(r.text()).doesNotContain(p.name());
            c.rollback();
        }
        // With the store back, the same request answers.
        Reply after = get("/api/v1/persons/" + p.citizenId(), DemoClients.BACKOFFICE_KEY, "AUDIT-IT-AFTER");
        assertThat(after.status()).as(after.text()).isEqualTo(200);
        assertThat(after.body().path("fields").path("name").path("value").asText()).isEqualTo(p.name());
    }

    private static List<String> texts(JsonNode array) {
        List<String> l = new ArrayList<>();
        array.forEach(n -> l.add(n.asText()));
        return l;
    }
}
