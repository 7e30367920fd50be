package cn.tongban.hub.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import cn.tongban.hub.testing.HubIntegrationTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.Quirk;
import cn.tongban.hub.demo.data.TruthEnterprise;
import cn.tongban.hub.identifiers.Uscc;
import cn.tongban.hub.registry.EnterpriseReplicaRepository;
import cn.tongban.hub.testing.DemoClients;

/**
 * The first slice end to end on the embedded default: market-regulation events published
 * by the simulated registry are consumed into the PostgreSQL replica, and
 * {@code GET /api/v1/enterprises/{id}} answers from it, with problem answers for bad keys.
 */
@HubIntegrationTest
class EnterpriseLookupIT {

    @LocalServerPort
    int port;

    @Autowired
    DemoInfrastructure demo;

    @Autowired
    EnterpriseReplicaRepository replica;

    @Autowired
    ObjectMapper json;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    RestClient http;

    @BeforeEach
    void setUp() {
        http = DemoClients.api(port);
        int expected = demo.dataSet().enterprises().size();
        await("every enterprise of the data set in the replica").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> replica.count() >= expected);
    }

    @Test
    void replicaHoldsEveryEnterpriseOnceWithItsNewestVersion() {
        List<TruthEnterprise> truth = demo.dataSet().enterprises();
        // Rows made by other tests' hand-written events carry event ids starting with "it-".
        Long fromDataSet = jdbc.queryForObject(
                "select count(*) from enterprise where source_event_id not like 'it-%'", Long.class);
        assertThat(fromDataSet).isEqualTo(truth.size());
        Set<String> truthKeys = truth.stream().map(TruthEnterprise::uscc).collect(Collectors.toSet());
        assertThat(truthKeys).hasSize(truth.size());
        // The truth is the state after the last version; re-deliveries and out-of-order
        // versions in the stream must not have left an older name or representative behind.
        for (TruthEnterprise t : truth.subList(0, Math.min(300, truth.size()))) {
            var row = replica.findByUscc(t.uscc()).orElseThrow(() -> new AssertionError("missing " + t.uscc()));
            assertThat(row.fields().get("name").value()).as("name of %s", t.uscc()).isEqualTo(t.name());
            assertThat(row.fields().get("legalRepresentative").value()).as("legal rep of %s", t.uscc())
                    .isEqualTo(t.legalRepresentativeName());
        }
    }

    @Test
    void answersEnterpriseByUsccWithProvenanceAndSourceStatus() throws Exception {
        TruthEnterprise t = demo.dataSet().enterprises().get(0);
        JsonNode body = getJson("/api/v1/enterprises/" + t.uscc());
        assertThat(body.path("uscc").asText()).isEqualTo(t.uscc());
        assertThat(body.path("fields").path("name").path("value").asText()).isEqualTo(t.name());
        assertThat(body.path("fields").path("enterpriseType").path("value").asText()).isEqualTo(t.typeCode());
        assertThat(body.path("fields").path("registrationState").path("value").asText()).isEqualTo(t.registrationState());
        JsonNode provenance = body.path("fields").path("name").path("provenance");
        assertThat(provenance.path("silo").asText()).isEqualTo("market-regulation");
        assertThat(provenance.path("sourceField").asText()).isEqualTo("/payload/entname");
        assertThat(provenance.path("recordId").asText()).isNotBlank();
        assertThat(body.path("sources").path("market-regulation").path("status").asText()).isEqualTo("ok");
    }

    @Test
    void answersEnterpriseByRegistrationNumberAndOrganizationCode() throws Exception {
        TruthEnterprise t = demo.dataSet().enterprises().stream()
                .filter(e -> !e.postReform() && e.regNo() != null)
                .filter(e -> replica.findByUscc(e.uscc()).map(r -> e.regNo().equals(r.registrationNumber())).orElse(false))
                .findFirst().orElseThrow();
        JsonNode byRegNo = getJson("/api/v1/enterprises/" + t.regNo());
        assertThat(byRegNo.path("uscc").asText()).isEqualTo(t.uscc());
        assertThat(byRegNo.path("resolvedVia").asText()).isEqualTo("REGISTRATION_NUMBER");

        String printed = t.orgCode().substring(0, 8) + "-" + t.orgCode().charAt(8);
        JsonNode byOrgCode = getJson("/api/v1/enterprises/" + printed);
        assertThat(byOrgCode.path("uscc").asText()).isEqualTo(t.uscc());
        assertThat(byOrgCode.path("resolvedVia").asText()).isEqualTo("ORGANIZATION_CODE");
    }

    @Test
    void normalisesFullWidthAndLowerCaseInput() throws Exception {
        TruthEnterprise t = demo.dataSet().enterprises().stream()
                .filter(e -> e.uscc().chars().anyMatch(Character::isLetter)).findFirst().orElseThrow();
        String fullWidthLower = t.uscc().toLowerCase().chars()
                .mapToObj(c -> String.valueOf((char) (c < 128 ? c + 0xFEE0 : c))).collect(Collectors.joining());
        JsonNode body = getJson("/api/v1/enterprises/" + fullWidthLower);
        assertThat(body.path("uscc").asText()).isEqualTo(t.uscc());
    }

    @Test
    void returnsOnlyTheRequestedFields() throws Exception {
        TruthEnterprise t = demo.dataSet().enterprises().get(1);
        JsonNode body = getJson("/api/v1/enterprises/" + t.uscc() + "?fields=name,legalRepresentative");
        assertThat(iterable(body.path("fields").fieldNames())).containsExactlyInAnyOrder("name", "legalRepresentative");
    }

    @Test
    void rejectsUsccWithWrongCheckCharacterAsProblem() {
        Problem p = getProblem("/api/v1/enterprises/91350100M000100Y44");
        assertThat(p.status).isEqualTo(400);
        assertThat(p.contentType).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(p.body.path("code").asText()).isEqualTo("USCC_CHECK_DIGIT");
        assertThat(p.body.path("type").asText()).isEqualTo("urn:tongban:problem:USCC_CHECK_DIGIT");
    }

    @Test
    void rejectsUsccOfWrongLengthAndAlphabet() {
        assertThat(getProblem("/api/v1/enterprises/91350100M000100Y4").body.path("code").asText()).isEqualTo("USCC_LENGTH");
        assertThat(getProblem("/api/v1/enterprises/91350100M000100I43").body.path("code").asText()).isEqualTo("USCC_CHARSET");
    }

    @Test
    void answers404ForValidButUnknownUscc() {
        String first17 = "91110000MA0000001";
        String unknown = first17 + Uscc.checkCharacter(first17);
        Problem p = getProblem("/api/v1/enterprises/" + unknown);
        assertThat(p.status).isEqualTo(404);
        assertThat(p.body.path("code").asText()).isEqualTo("ENTERPRISE_NOT_FOUND");
    }

    @Test
    void rejectsUnknownFieldNames() {
        TruthEnterprise t = demo.dataSet().enterprises().get(0);
        Problem p = getProblem("/api/v1/enterprises/" + t.uscc() + "?fields=name,shoeSize");
        assertThat(p.status).isEqualTo(400);
        assertThat(p.body.path("code").asText()).isEqualTo("UNKNOWN_FIELD");
    }

    @Test
    void acceptsUsccWithBadCheckCharacterOnlyWhenTheRegistryHoldsItAndFlagsIt() throws Exception {
        String first17 = "91340100MA2TEW800";
        char good = Uscc.checkCharacter(first17);
        char bad = good == '0' ? '1' : '0';
        String flawed = first17 + bad;
        assertThat(getProblem("/api/v1/enterprises/" + flawed).body.path("code").asText()).isEqualTo("USCC_CHECK_DIGIT");

        demo.marketRegulation().publishAndWait(flawed, """
                {"eventId":"it-bad-check-1","version":1,"changedAt":"2020-01-02T03:04:05Z",
                 "payload":{"uniscid":"%s","entname":"合肥校验测试有限公司","enttype":"1100","regstate":"1"}}
                """.formatted(flawed));
        await().atMost(Duration.ofSeconds(30)).until(() -> replica.findByUscc(flawed).isPresent());

        JsonNode body = getJson("/api/v1/enterprises/" + flawed);
        assertThat(body.path("uscc").asText()).isEqualTo(flawed);
        assertThat(iterable(body.path("flags").elements()).stream().map(JsonNode::asText)).contains("USCC_CHECK_DIGIT:uscc");
    }

    @Test
    void quarantinesExactlyThePoisonEventsTheGeneratorInjected() {
        var manifest = demo.dataSet().manifest();
        long malformed = manifest.count(Quirk.EVENT_MALFORMED_JSON);
        long keyless = manifest.count(Quirk.EVENT_MISSING_KEYS);
        assertThat(malformed).isPositive();
        assertThat(keyless).isPositive();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(quarantineCounts()).containsEntry("MALFORMED_RECORD", malformed).containsEntry("UNKEYED", keyless));
        assertThat(quarantineCounts()).containsOnlyKeys("MALFORMED_RECORD", "UNKEYED");
    }

    @Autowired
    cn.tongban.hub.quarantine.QuarantineRepository quarantine;

    private Map<String, Long> quarantineCounts() {
        return quarantine.countByReason("market-regulation");
    }

    private JsonNode getJson(String path) throws Exception {
        String body = http.get().uri(path).accept(MediaType.APPLICATION_JSON).retrieve().body(String.class);
        return json.readTree(body);
    }

    private record Problem(int status, String contentType, JsonNode body) {
    }

    private Problem getProblem(String path) {
        return http.get().uri(path).accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .exchange((req, res) -> new Problem(res.getStatusCode().value(),
                        String.valueOf(res.getHeaders().getContentType()), json.readTree(res.getBody())));
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
