package cn.tongban.hub.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.tongban.hub.canonical.Silo;
import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.Ab01Row;
import cn.tongban.hub.demo.data.Quirk;
import cn.tongban.hub.demo.data.TruthEnterprise;
import cn.tongban.hub.registry.EnterpriseReplicaRepository;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * The enterprise profile merges the market-regulation replica with the social-insurance unit
 * record (pulled under the request deadline), lists their conflicts, checks the legal
 * representative against public security and reports the social-insurance registration.
 */
@HubIntegrationTest
class EnterpriseProfileIT {

    @LocalServerPort
    int port;

    @Autowired
    DemoInfrastructure demo;

    @Autowired
    EnterpriseReplicaRepository replica;

    @Autowired
    ObjectMapper json;

    @Autowired
    LookupProperties props;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    LookupItSupport http;

    @BeforeEach
    void setUp() {
        http = new LookupItSupport(port, json);
        int expected = demo.dataSet().enterprises().size();
        await("every enterprise of the data set in the replica").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500)).until(() -> replica.count() >= expected);
    }

    private Set<String> injected(Quirk... quirks) {
        Set<Quirk> q = Set.of(quirks);
        return demo.dataSet().manifest().injections().stream().filter(i -> q.contains(i.quirk()))
                .map(i -> i.truthKey()).collect(Collectors.toSet());
    }

    private List<TruthEnterprise> cleanEnterprisesWithAUnit() {
        Set<String> dirty = injected(Quirk.LEGAL_REP_DISAGREES, Quirk.ENTERPRISE_NAME_DISAGREES, Quirk.BAD_CHECK_CHARACTER);
        return demo.dataSet().enterprises().stream().filter(e -> !dirty.contains(e.uscc()))
                .filter(e -> e.legalRepresentativeId() != null).toList();
    }

    @Test
    void mergesTheReplicaWithTheSocialInsuranceUnitAndChecksTheLegalRepresentative() {
        int checked = 0;
        for (TruthEnterprise t : cleanEnterprisesWithAUnit().subList(0, 20)) {
            LookupItSupport.Reply r = http.get("/api/v1/enterprises/" + t.uscc());
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            JsonNode body = r.body();
            if (!"ok".equals(body.path("sources").path("social-insurance.unit").path("status").asText())) {
                assertThat(body.path("socialInsurance").path("status").asText()).isIn("not_registered", "unknown");
                continue;
            }
            JsonNode fields = body.path("fields");
            assertThat(fields.path("name").path("value").asText()).isEqualTo(t.name());
            assertThat(fields.path("name").path("provenance").path("silo").asText()).isEqualTo("market-regulation");
            assertThat(fields.path("legalRepresentative").path("value").asText()).isEqualTo(t.legalRepresentativeName());
            // Market regulation is the authority for the representative's ID but has none: social insurance's, marked.
            JsonNode repId = fields.path("legalRepresentativeId");
            assertThat(repId.path("value").asText()).isEqualTo(t.legalRepresentativeId());
            assertThat(repId.path("provenance").path("silo").asText()).isEqualTo("social-insurance");
            assertThat(repId.path("authoritative").asBoolean()).isFalse();
            assertThat(fields.path("socialInsuranceUnitNumber").path("provenance").path("sourceField").asText()).isEqualTo("AAB001");
            // 元 in AB01, 万元 in the registry: the same capital, no conflict.
            assertThat(body.path("conflicts").findValuesAsText("field"))
                    .doesNotContain("registeredCapitalWan", "enterpriseType", "legalRepresentative", "name");

            JsonNode check = body.path("legalRepresentativeCheck");
            assertThat(check.path("status").asText()).as(check.toString()).isEqualTo("match");
            assertThat(check.path("checkedAgainst").asText()).isEqualTo("public-security");
            assertThat(LookupItSupport.list(check.fieldNames()))
                    .isSubsetOf("status", "reason", "idSource", "checkedAgainst", "fetchedAt");
            assertThat(body.path("sources").path("public-security").path("status").asText()).isEqualTo("ok");

            Ab01Row row = unitRow(t);
            JsonNode si = body.path("socialInsurance");
            assertThat(si.path("status").asText()).isEqualTo("registered");
            assertThat(si.path("unitNumber").asText()).isEqualTo(row.AAB001().strip());
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);
    }

    @Test
    void listsTheLegalRepresentativeConflictAndTheFailedIdentityCheck() {
        var injected = demo.dataSet().manifest().injections(Quirk.LEGAL_REP_DISAGREES, Silo.SOCIAL_INSURANCE);
        assertThat(injected).isNotEmpty();
        int checked = 0;
        for (var i : injected.subList(0, Math.min(8, injected.size()))) {
            TruthEnterprise t = demo.dataSet().enterprises().stream().filter(e -> e.uscc().equals(i.truthKey())).findFirst().orElseThrow();
            JsonNode body = http.get("/api/v1/enterprises/" + t.uscc()).body();
            if (!"ok".equals(body.path("sources").path("social-insurance.unit").path("status").asText())) {
                continue;
            }
            assertThat(body.path("fields").path("legalRepresentative").path("value").asText()).isEqualTo(t.legalRepresentativeName());
            JsonNode conflict = LookupItSupport.list(body.path("conflicts").elements()).stream()
                    .filter(c -> c.path("field").asText().equals("legalRepresentative")).findFirst()
                    .orElseThrow(() -> new AssertionError("no legalRepresentative conflict for " + t.uscc() + ": " + body));
            List<JsonNode> values = LookupItSupport.list(conflict.path("values").elements());
            assertThat(values.get(0).path("silo").asText()).isEqualTo("market-regulation");
            assertThat(values.get(0).path("value").asText()).isEqualTo(t.legalRepresentativeName());
            assertThat(values.get(1).path("silo").asText()).isEqualTo("social-insurance");
            assertThat(values.get(1).path("value").asText()).isNotEqualTo(t.legalRepresentativeName());
            assertThat(values.get(1).path("sourceField").asText()).isEqualTo("AAB013");
            // AB01 names someone else's ID: public security's name for it is not the registry's representative.
            assertThat(body.path("legalRepresentativeCheck").path("status").asText()).isIn("mismatch", "unknown");
            if ("mismatch".equals(body.path("legalRepresentativeCheck").path("status").asText())) {
                checked++;
            }
        }
        assertThat(checked).isPositive();
    }

    @Test
    void aSocialInsuranceRegistrationThatDoesNotExistIsReportedAsNotRegistered() {
        Set<String> units = demo.dataSet().ab01Rows().stream().map(Ab01Row::AAB998).filter(java.util.Objects::nonNull)
                .map(String::strip).collect(Collectors.toSet());
        TruthEnterprise t = demo.dataSet().enterprises().stream().filter(TruthEnterprise::postReform)
                .filter(e -> !units.contains(e.uscc()))
                .findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(t != null, "every post-reform enterprise has an AB01 row");
        JsonNode body = http.get("/api/v1/enterprises/" + t.uscc()).body();
        assertThat(body.path("sources").path("social-insurance.unit").path("status").asText()).isEqualTo("not_found");
        assertThat(body.path("socialInsurance").path("status").asText()).isEqualTo("not_registered");
        assertThat(body.path("legalRepresentativeCheck").path("status").asText()).isEqualTo("unknown");
        assertThat(body.path("legalRepresentativeCheck").path("reason").asText()).isEqualTo("NO_ID");
    }

    @Test
    void publicSecurityDownGivesAnUnknownIdentityCheckWithinTheDeadline() {
        TruthEnterprise t = cleanEnterprisesWithAUnit().get(25);
        long deadline = props.deadline().toMillis();
        // Other tests may have looked the legal representative up: without the last-known-good
        // entry the check has nothing to go on (with it, it would be decided on stale data, with its age).
        jdbc.update("delete from last_known_good where mapping_id = 'public-security'");
        LookupItSupport.Timed answer = http.getWhileSlow("/api/v1/enterprises/" + t.uscc(), (int) deadline + 2_000,
                demo.publicSecurity().server());
        JsonNode body = answer.body();
        long wall = answer.wallMillis();
        assertThat(wall).isLessThan(deadline + 1_000);
        assertThat(body.path("fields").path("name").path("value").asText()).isEqualTo(t.name());
        if ("ok".equals(body.path("sources").path("social-insurance.unit").path("status").asText())) {
            assertThat(body.path("sources").path("public-security").path("status").asText()).isEqualTo("timeout");
            assertThat(body.path("legalRepresentativeCheck").path("status").asText()).isEqualTo("unknown");
            assertThat(body.path("legalRepresentativeCheck").path("reason").asText()).isEqualTo("SOURCE_UNAVAILABLE");
        }
    }

    private Ab01Row unitRow(TruthEnterprise t) {
        return demo.dataSet().ab01Rows().stream().filter(r -> matches(r, t)).findFirst().orElseThrow();
    }

    private static boolean matches(Ab01Row r, TruthEnterprise t) {
        String uscc = norm(r.AAB998());
        String org = norm(r.AAB003());
        String reg = norm(r.AAB007());
        return t.uscc().equals(uscc) || (t.orgCode() != null && t.orgCode().equals(org)) || (t.regNo() != null && t.regNo().equals(reg));
    }

    private static String norm(String s) {
        return s == null ? null : cn.tongban.hub.identifiers.IdentifierNormalizer.normalize(s);
    }
}
