package cn.tongban.hub.sources.socialinsurance;

import static cn.tongban.hub.canonical.Silo.MARKET_REGULATION;
import static cn.tongban.hub.canonical.Silo.SOCIAL_INSURANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import cn.tongban.hub.access.AccessHeaders;
import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.Ab01Row;
import cn.tongban.hub.demo.data.MarketRegulationEvent;
import cn.tongban.hub.demo.data.QuirkManifest;
import cn.tongban.hub.demo.data.Quirk;
import cn.tongban.hub.demo.data.SyntheticDataSet;
import cn.tongban.hub.demo.data.TruthEnterprise;
import cn.tongban.hub.identifiers.IdentifierNormalizer;
import cn.tongban.hub.sources.SiloSync;
import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * The social-insurance reconciliation on the embedded default, checked against what the
 * generator injected: the data-quality summary must count exactly the AB01 rows the
 * manifest says cannot be keyed, the rows keyed through each older identifier, and the
 * disagreements with market regulation, with the expectation computed from the data set,
 * not from the hub.
 */
@HubIntegrationTest
class SocialInsuranceSyncIT {

    private static final Logger log = LoggerFactory.getLogger(SocialInsuranceSyncIT.class);

    // One reconciliation for the class: it reads the whole silo, and re-runs must not change the counts.
    private static JsonNode summary;
    private static SiloSync.Report secondUnitRun;

    @LocalServerPort
    int port;

    @Autowired
    DemoInfrastructure demo;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper json;

    @Autowired
    cn.tongban.hub.quarantine.QuarantineRepository quarantine;

    SyntheticDataSet data;
    QuirkManifest manifest;

    @BeforeEach
    void syncOnceTheRegistryIsIn() throws Exception {
        data = demo.dataSet();
        manifest = data.manifest();
        if (summary != null) {
            return;
        }
        Map<String, Long> finalVersion = new HashMap<>();
        for (MarketRegulationEvent e : data.marketRegulationEvents()) {
            Object uscc = e.wellFormed() ? e.payload().get("uniscid") : null;
            if (uscc != null) {
                finalVersion.merge(IdentifierNormalizer.normalize(uscc.toString()), e.version(), Math::max);
            }
        }
        await("every enterprise's last version in the replica").atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Map<String, Long> have = new HashMap<>();
                    jdbc.query("select uscc, source_version from enterprise", rs -> {
                        have.put(rs.getString(1), rs.getLong(2));
                    });
                    return data.enterprises().stream()
                            .allMatch(t -> have.getOrDefault(t.uscc(), 0L) >= finalVersion.getOrDefault(t.uscc(), 1L));
                });
        producer.requestBody("direct:social-insurance-sync", (Object) null);
        // A second unit run over the same rows must leave every count as it was.
        secondUnitRun = producer.requestBody("direct:social-insurance-sync-unit", (Object) null, SiloSync.Report.class);
        summary = json.readTree(RestClient.create("http://127.0.0.1:" + port).get().uri("/api/v1/data-quality")
                .header(AccessHeaders.API_KEY, DemoClients.ADMIN_KEY).retrieve().body(String.class));
        log.info("data-quality summary after the sync: {}", summary);
    }

    /** The generator's view of one AB01 row without USCC: through which alias the hub can key it, if any. */
    private String expectedLink(Ab01Row row, Map<String, String> badCheckColumn, Set<String> orgOnly, Set<String> regOnly,
                                Set<String> registryBadRegNo, String uscc) {
        String corrupted = badCheckColumn.get(row.AAB001());
        boolean orgUsable = !regOnly.contains(row.AAB001()) && !"AAB003".equals(corrupted);
        // Market regulation links the registration number it holds: a wrong check digit there
        // means AB01's correct number finds no link.
        boolean regUsable = !orgOnly.contains(row.AAB001()) && !"AAB007".equals(corrupted) && !registryBadRegNo.contains(uscc);
        return orgUsable ? "organizationCode" : regUsable ? "registrationNumber" : null;
    }

    @Test
    void unitOutcomesAgreeWithTheInjectedIdentifierQuirks() {
        Map<String, String> truthKeyOf = manifest.injections(Quirk.AB01_USCC_MISSING, SOCIAL_INSURANCE).stream()
                .collect(Collectors.toMap(QuirkManifest.Injection::recordKey, QuirkManifest.Injection::truthKey));
        Map<String, String> badCheckColumn = manifest.injections(Quirk.BAD_CHECK_CHARACTER, SOCIAL_INSURANCE).stream()
                .filter(i -> i.field().startsWith("AAB"))
                .collect(Collectors.toMap(QuirkManifest.Injection::recordKey, QuirkManifest.Injection::field));
        Set<String> orgOnly = manifest.recordKeys(Quirk.AB01_ORG_CODE_ONLY, SOCIAL_INSURANCE);
        Set<String> regOnly = manifest.recordKeys(Quirk.AB01_REG_NO_ONLY, SOCIAL_INSURANCE);
        Set<String> registryBadRegNo = manifest.truthKeys(Quirk.BAD_CHECK_CHARACTER, MARKET_REGULATION);

        long byOrg = 0;
        long byReg = 0;
        long unkeyed = 0;
        for (Ab01Row row : data.ab01Rows()) {
            if (!truthKeyOf.containsKey(row.AAB001())) {
                continue;
            }
            String link = expectedLink(row, badCheckColumn, orgOnly, regOnly, registryBadRegNo, truthKeyOf.get(row.AAB001()));
            if (link == null) {
                unkeyed++;
            } else if (link.equals("organizationCode")) {
                byOrg++;
            } else {
                byReg++;
            }
        }
        long carrying = data.ab01Rows().size() - truthKeyOf.size();
        log.info("AB01 expected: {} rows, {} carrying a USCC, {} by organisation code, {} by registration number, {} unkeyed",
                data.ab01Rows().size(), carrying, byOrg, byReg, unkeyed);

        JsonNode unit = summary.path("mappings").path("social-insurance.unit");
        assertThat(unit.path("records").asLong()).isEqualTo(data.ab01Rows().size());
        assertThat(unit.path("carryingKey").asLong()).isEqualTo(carrying);
        assertThat(unit.path("linkedThroughAlias").path("organizationCode").asLong()).isEqualTo(byOrg);
        assertThat(unit.path("linkedThroughAlias").path("registrationNumber").asLong()).isEqualTo(byReg);
        assertThat(unit.path("quarantined").asLong()).isEqualTo(unkeyed);
        assertThat(unit.path("quarantinedByReason").path("UNKEYED").asLong()).isEqualTo(unkeyed);
        assertThat(countOpen("AB01/%")).as("open AB01 quarantine rows").isEqualTo(unkeyed);

        // Identifier flags: one per injected bad check character, per column.
        assertThat(unit.path("flagsByField").path("USCC_CHECK_DIGIT:uscc").asLong())
                .isEqualTo(badCheckColumn.values().stream().filter("AAB998"::equals).count());
        assertThat(unit.path("flagsByField").path("ORG_CODE_CHECK_DIGIT:organizationCode").asLong())
                .isEqualTo(badCheckColumn.values().stream().filter("AAB003"::equals).count());

        // Re-running changes nothing: no new quarantine rows, the same outcome per record.
        assertThat(secondUnitRun.rows()).isEqualTo(data.ab01Rows().size());
        assertThat(secondUnitRun.quarantined()).isEqualTo((int) unkeyed);
        assertThat(secondUnitRun.newlyQuarantined()).isZero();
    }

    @Test
    void conflictsWithMarketRegulationAreTheInjectedDisagreements() {
        Map<String, String> usccMissing = manifest.injections(Quirk.AB01_USCC_MISSING, SOCIAL_INSURANCE).stream()
                .collect(Collectors.toMap(QuirkManifest.Injection::recordKey, QuirkManifest.Injection::truthKey));
        Map<String, String> badCheckColumn = manifest.injections(Quirk.BAD_CHECK_CHARACTER, SOCIAL_INSURANCE).stream()
                .filter(i -> i.field().startsWith("AAB"))
                .collect(Collectors.toMap(QuirkManifest.Injection::recordKey, QuirkManifest.Injection::field));
        Set<String> orgOnly = manifest.recordKeys(Quirk.AB01_ORG_CODE_ONLY, SOCIAL_INSURANCE);
        Set<String> regOnly = manifest.recordKeys(Quirk.AB01_REG_NO_ONLY, SOCIAL_INSURANCE);
        Set<String> registryBadRegNo = manifest.truthKeys(Quirk.BAD_CHECK_CHARACTER, MARKET_REGULATION);
        Map<String, TruthEnterprise> truth = data.enterprises().stream()
                .collect(Collectors.toMap(TruthEnterprise::uscc, Function.identity()));
        Map<String, String> usccOfRow = manifest.injections(Quirk.CAPITAL_IN_YUAN, SOCIAL_INSURANCE).stream()
                .collect(Collectors.toMap(QuirkManifest.Injection::recordKey, QuirkManifest.Injection::truthKey));
        Set<String> nameInjected = manifest.recordKeys(Quirk.ENTERPRISE_NAME_DISAGREES, SOCIAL_INSURANCE);
        Set<String> repInjected = manifest.recordKeys(Quirk.LEGAL_REP_DISAGREES, SOCIAL_INSURANCE);

        long comparable = 0;
        long names = 0;
        long reps = 0;
        long repSameName = 0;
        for (Ab01Row row : data.ab01Rows()) {
            String uscc = usccOfRow.get(row.AAB001());
            // Rows that cannot be compared: unkeyed ones, and those keyed by a mistyped USCC
            // (the registry holds no such enterprise).
            boolean keyed = usccMissing.containsKey(row.AAB001())
                    ? expectedLink(row, badCheckColumn, orgOnly, regOnly, registryBadRegNo, uscc) != null
                    : !"AAB998".equals(badCheckColumn.get(row.AAB001()));
            if (!keyed) {
                continue;
            }
            comparable++;
            if (nameInjected.contains(row.AAB001())) {
                names++;
            }
            if (repInjected.contains(row.AAB001())) {
                // Names repeat: a different person of the same name cannot be told apart by name.
                if (row.AAB013().equals(truth.get(uscc).legalRepresentativeName())) {
                    repSameName++;
                } else {
                    reps++;
                }
            }
        }
        log.info("AB01 expected: {} comparable, {} name and {} legal-representative disagreements ({} injected with the same name)",
                comparable, names, reps, repSameName);

        JsonNode c = null;
        for (JsonNode n : summary.path("conflicts")) {
            if (n.path("mapping").asText().equals("social-insurance.unit")) {
                c = n;
            }
        }
        assertThat(c).as("conflicts of social-insurance.unit").isNotNull();
        assertThat(c.path("comparedWith").asText()).isEqualTo("market-regulation");
        assertThat(c.path("compared").asLong()).isEqualTo(comparable);
        assertThat(c.path("notCompared").asLong()).isEqualTo(data.ab01Rows().size() - comparable);
        assertThat(c.path("byField").path("name").asLong()).isEqualTo(names);
        assertThat(c.path("byField").path("legalRepresentative").asLong()).isEqualTo(reps);
    }

    @Test
    void personsAndInsurancesAreAllKeyedAndTheirIdentifierQuirksFlagged() {
        JsonNode person = summary.path("mappings").path("social-insurance.person");
        long ac01 = data.ac01Rows().size();
        long badCheck = manifest.injections(Quirk.BAD_CHECK_CHARACTER, SOCIAL_INSURANCE).stream()
                .filter(i -> i.field().equals("AAC002")).count();
        long fifteen = manifest.injections(Quirk.FIFTEEN_DIGIT_CITIZEN_ID, SOCIAL_INSURANCE).stream()
                .filter(i -> i.field().equals("AAC002")).count();
        assertThat(person.path("records").asLong()).isEqualTo(ac01);
        assertThat(person.path("mapped").asLong()).isEqualTo(ac01);
        assertThat(person.path("flags").path("ID_CHECK_DIGIT").asLong()).isEqualTo(badCheck);
        assertThat(person.path("flags").path("ID_UPGRADED_FROM_15").asLong()).isEqualTo(fifteen);

        JsonNode insurance = summary.path("mappings").path("social-insurance.insurance");
        assertThat(insurance.path("records").asLong()).isEqualTo(data.ac02Rows().size());
        assertThat(insurance.path("mapped").asLong()).isEqualTo(data.ac02Rows().size());

        // Links: each person number of a well-formed ID, each upgraded 15-digit ID, each keyed unit's number.
        assertThat(links("person", "socialInsurancePersonNumber", "social-insurance")).isEqualTo(ac01 - badCheck);
        assertThat(links("person", "citizenId15", "social-insurance")).isEqualTo(fifteen);
        JsonNode unit = summary.path("mappings").path("social-insurance.unit");
        long badUscc = manifest.injections(Quirk.BAD_CHECK_CHARACTER, SOCIAL_INSURANCE).stream()
                .filter(i -> i.field().equals("AAB998")).count();
        assertThat(links("enterprise", "socialInsuranceUnitNumber", "social-insurance"))
                .isEqualTo(unit.path("mapped").asLong() - badUscc);
    }

    @Test
    void summaryCountsTheMarketRegulationQuarantineByReason() {
        long malformed = data.marketRegulationEvents().stream().filter(e -> !e.wellFormed()).count();
        JsonNode mr = summary.path("quarantine").path("market-regulation");
        // Each malformed body is published once and quarantined once (keyed by its offset).
        assertThat(mr.path("MALFORMED_RECORD").asLong()).isEqualTo(malformed);
        quarantine.countByReason("market-regulation").forEach((reason, n) ->
                assertThat(mr.path(reason).asLong()).as(reason).isLessThanOrEqualTo(n));
    }

    private long links(String entity, String kind, String assertedBy) {
        for (JsonNode n : summary.path("crosswalk")) {
            if (n.path("entity").asText().equals(entity) && n.path("aliasKind").asText().equals(kind)
                    && n.path("assertedBy").asText().equals(assertedBy)) {
                return n.path("links").asLong();
            }
        }
        return 0;
    }

    private long countOpen(String sourceRefPattern) {
        Long n = jdbc.queryForObject("select count(*) from quarantine where silo = 'social-insurance' and replayed_at is null"
                + " and source_ref like ?", Long.class, sourceRefPattern);
        return n == null ? 0 : n;
    }

}
