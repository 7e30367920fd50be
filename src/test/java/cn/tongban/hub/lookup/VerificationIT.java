package cn.tongban.hub.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.Quirk;
import cn.tongban.hub.demo.data.TruthEnterprise;
import cn.tongban.hub.demo.data.TruthMarriage;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.registry.EnterpriseReplicaRepository;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * {@code POST /api/v1/verifications}: claims normalised like silo values, match or differ per
 * field, and never a recorded value in the answer.
 */
@HubIntegrationTest
class VerificationIT {

    @LocalServerPort
    int port;

    @Autowired
    DemoInfrastructure demo;

    @Autowired
    EnterpriseReplicaRepository replica;

    @Autowired
    ObjectMapper json;

    LookupItSupport http;

    @BeforeEach
    void setUp() {
        http = new LookupItSupport(port, json);
    }

    private TruthPerson marriedPerson() {
        Set<String> dirty = demo.dataSet().manifest().injections().stream()
                .filter(i -> i.quirk() == Quirk.PERSON_NAME_DISAGREES).map(i -> i.truthKey()).collect(Collectors.toSet());
        return demo.dataSet().persons().stream().filter(p -> !dirty.contains(p.citizenId()))
                .filter(p -> demo.dataSet().civilAffairs().marriage(p.citizenId()).isPresent())
                .skip(7).findFirst().orElseThrow();
    }

    private JsonNode verify(String subjectType, String subject, Map<String, Object> claims) throws Exception {
        String body = json.writeValueAsString(Map.of("subjectType", subjectType, "subject", subject, "claims", claims));
        LookupItSupport.Reply r = http.post("/api/v1/verifications", body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.body();
    }

    @Test
    void confirmsMatchingClaimsWrittenInAnyOfTheSilosFormats() throws Exception {
        TruthPerson t = marriedPerson();
        TruthMarriage m = demo.dataSet().civilAffairs().marriage(t.citizenId()).orElseThrow();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("name", " " + t.name() + " ");
        claims.put("birthDate", t.birthDate().format(DateTimeFormatter.ofPattern("yyyy年M月d日")));
        claims.put("sex", "1".equals(t.sex()) ? "男" : "女");
        claims.put("maritalStatus", m.maritalStatus());
        JsonNode answer = verify("person", t.citizenId().toLowerCase(), claims);
        JsonNode results = answer.path("results");
        for (String f : claims.keySet()) {
            assertThat(results.path(f).path("result").asText()).as(f + " in " + answer).isEqualTo("match");
        }
        assertThat(results.path("name").path("silo").asText()).isEqualTo("public-security");
        assertThat(results.path("name").path("fetchedAt").asText()).isNotBlank();
        assertThat(results.path("maritalStatus").path("silo").asText()).isEqualTo("civil-affairs");
    }

    @Test
    void reportsDifferencesWithoutDisclosingTheRecordedValues() throws Exception {
        TruthPerson t = marriedPerson();
        String otherName = t.name().charAt(0) + "某某";
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("name", otherName);
        claims.put("birthDate", t.birthDate().plusDays(1).toString());
        claims.put("householdAddress", "火星路1号");
        JsonNode answer = verify("person", t.citizenId(), claims);
        JsonNode results = answer.path("results");
        assertThat(results.path("name").path("result").asText()).isEqualTo("differ");
        assertThat(results.path("birthDate").path("result").asText()).isEqualTo("differ");
        String text = answer.toString();
        assertThat(text).doesNotContain(t.name()).doesNotContain(t.birthDate().toString());
        if (t.householdAddress() != null) {
            assertThat(text).doesNotContain(t.householdAddress());
        }
        for (JsonNode r : LookupItSupport.list(results.elements())) {
            assertThat(LookupItSupport.list(r.fieldNames())).isSubsetOf("result", "silo", "fetchedAt", "authoritative", "conflicting");
        }
    }

    @Test
    void saysUnknownWhenNoSiloHoldsTheField() throws Exception {
        TruthPerson t = demo.dataSet().persons().stream()
                .filter(p -> demo.dataSet().civilAffairs().marriage(p.citizenId()).isEmpty()).findFirst().orElseThrow();
        JsonNode answer = verify("person", t.citizenId(), Map.of("spouseName", "王某"));
        assertThat(answer.path("results").path("spouseName").path("result").asText()).isEqualTo("unknown");
    }

    @Test
    void verifiesEnterpriseClaimsByCodeOrLabel() throws Exception {
        await().atMost(Duration.ofSeconds(120)).until(() -> replica.count() >= demo.dataSet().enterprises().size());
        TruthEnterprise t = demo.dataSet().enterprises().get(3);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("name", t.name());
        claims.put("enterpriseType", t.typeLabel());
        claims.put("registrationState", t.registrationState());
        claims.put("legalRepresentative", t.legalRepresentativeName() + "甲");
        JsonNode answer = verify("enterprise", t.uscc(), claims);
        JsonNode results = answer.path("results");
        assertThat(results.path("name").path("result").asText()).isEqualTo("match");
        assertThat(results.path("enterpriseType").path("result").asText()).as(answer.toString()).isEqualTo("match");
        assertThat(results.path("registrationState").path("result").asText()).isEqualTo("match");
        assertThat(results.path("legalRepresentative").path("result").asText()).isEqualTo("differ");
        assertThat(results.path("name").path("silo").asText()).isEqualTo("market-regulation");
        assertThat(answer.toString()).doesNotContain("\"" + t.legalRepresentativeName() + "\"");
    }

    @Test
    void rejectsUnknownClaimedFieldsAndUnreadableClaims() throws Exception {
        TruthPerson t = marriedPerson();
        LookupItSupport.Reply unknown = http.post("/api/v1/verifications", json.writeValueAsString(
                Map.of("subjectType", "person", "subject", t.citizenId(), "claims", Map.of("shoeSize", "42"))));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("code").asText()).isEqualTo("UNKNOWN_FIELD");
        LookupItSupport.Reply badDate = http.post("/api/v1/verifications", json.writeValueAsString(
                Map.of("subjectType", "person", "subject", t.citizenId(), "claims", Map.of("birthDate", "last spring"))));
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.body().path("code").asText()).isEqualTo("INVALID_CLAIM");
        LookupItSupport.Reply badType = http.post("/api/v1/verifications", json.writeValueAsString(
                Map.of("subjectType", "vehicle", "subject", t.citizenId(), "claims", Map.of("name", "x"))));
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.body().path("code").asText()).isEqualTo("BAD_REQUEST");
    }
}
