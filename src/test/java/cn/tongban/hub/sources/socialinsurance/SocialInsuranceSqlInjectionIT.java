package cn.tongban.hub.sources.socialinsurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.Ab01Row;
import cn.tongban.hub.demo.data.Ac01Row;
import cn.tongban.hub.demo.silos.SocialInsuranceSimulator;
import cn.tongban.hub.sources.SiloAnswer;
import cn.tongban.hub.sources.SiloGateway;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * Keys and aliases are bound parameters in every social-insurance query: hostile values
 * given as HubKey or as any alias find nothing, raise no error that could leak SQL, and
 * leave the tables as they were. Ordinary keys in every stored form still find their rows.
 */
@HubIntegrationTest
class SocialInsuranceSqlInjectionIT {

    private static final List<String> ENDPOINTS = List.of(
            "direct:social-insurance-unit", "direct:social-insurance-person", "direct:social-insurance-insurance");

    @Autowired
    ProducerTemplate producer;

    @Autowired
    SiloGateway gateway;

    @Autowired
    DemoInfrastructure demo;

    @ParameterizedTest
    @ValueSource(strings = {
            "' OR '1'='1",
            "x'); DROP TABLE AB01;--",
            "1' UNION SELECT AAC001, AAC002, AAC003, AAC004, AAC006, AAC008 FROM AC01 --",
            "%",
            "'; DELETE FROM AC01; --"})
    void hostileKeysAndAliasesAreInert(String hostile) throws Exception {
        Map<String, List<String>> aliases = Map.of(
                "socialInsuranceUnitNumber", List.of(hostile, "' OR 1=1 --"),
                "organizationCode", List.of(hostile),
                "registrationNumber", List.of(hostile),
                "socialInsurancePersonNumber", List.of(hostile),
                "citizenId15", List.of(hostile));
        for (String endpoint : ENDPOINTS) {
            for (Map<String, List<String>> a : List.of(Map.<String, List<String>>of(), aliases)) {
                Exchange reply = producer.send(endpoint, ex -> {
                    ex.getMessage().setHeader(SiloGateway.KEY_HEADER, hostile);
                    ex.getMessage().setHeader(SiloGateway.ALIASES_HEADER, a);
                });
                assertThat(reply.getException()).as("%s failed", endpoint).isNull();
                assertThat(reply.getMessage().getBody(List.class)).as("%s rows", endpoint).isEmpty();
            }
        }
        SiloAnswer answer = gateway.fetch("social-insurance.unit", hostile, aliases);
        assertThat(answer.status()).isEqualTo("not_found");
        assertThat(answer.toString()).doesNotContainIgnoringCase("select").doesNotContainIgnoringCase("AB01");
        assertTablesIntact();
    }

    @Test
    void emptyAndMissingAliasListsFindByTheKeyAlone() {
        Ab01Row withUscc = demo.dataSet().ab01Rows().stream().filter(r -> r.AAB998() != null && r.AAB998().matches("[0-9A-Z]{18}"))
                .findFirst().orElseThrow();
        Exchange reply = producer.send("direct:social-insurance-unit", ex -> {
            ex.getMessage().setHeader(SiloGateway.KEY_HEADER, withUscc.AAB998());
            ex.getMessage().setHeader(SiloGateway.ALIASES_HEADER, Map.of("organizationCode", List.of()));
        });
        assertThat(reply.getException()).isNull();
        List<?> rows = reply.getMessage().getBody(List.class);
        assertThat(rows).hasSize(1);
        assertThat(((Map<?, ?>) rows.get(0)).get("AAB001")).isEqualTo(withUscc.AAB001());

        Exchange noHeaders = producer.send("direct:social-insurance-person", ex -> { });
        assertThat(noHeaders.getException()).isNull();
        assertThat(noHeaders.getMessage().getBody(List.class)).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void findsAUnitThroughItsOrganisationCodeInEitherPrintedForm() {
        Ab01Row hyphenated = demo.dataSet().ab01Rows().stream()
                .filter(r -> r.AAB003() != null && r.AAB003().matches("[0-9A-Z]{8}-[0-9X]")).findFirst().orElseThrow();
        String compact = hyphenated.AAB003().replace("-", "");
        List<Map<String, Object>> rows = producer.requestBodyAndHeaders("direct:social-insurance-unit", null, Map.of(
                SiloGateway.KEY_HEADER, "91000000MA0000000X",
                SiloGateway.ALIASES_HEADER, Map.of("organizationCode", List.of(compact))), List.class);
        assertThat(rows).extracting(r -> r.get("AAB001")).contains(hyphenated.AAB001());
    }

    @Test
    @SuppressWarnings("unchecked")
    void findsAPersonStoredWithALowerCaseX() {
        Ac01Row lower = demo.dataSet().ac01Rows().stream().filter(r -> r.AAC002().matches("[0-9]{17}x")).findFirst().orElseThrow();
        List<Map<String, Object>> rows = producer.requestBodyAndHeaders("direct:social-insurance-person", null,
                Map.of(SiloGateway.KEY_HEADER, lower.AAC002().toUpperCase()), List.class);
        assertThat(rows).extracting(r -> r.get("AAC001")).containsExactly(lower.AAC001());
        List<Map<String, Object>> insurances = producer.requestBodyAndHeaders("direct:social-insurance-insurance", null,
                Map.of(SiloGateway.KEY_HEADER, lower.AAC002().toUpperCase()), List.class);
        assertThat(insurances).isNotEmpty().allSatisfy(r -> assertThat(r.get("RECORD_ID").toString())
                .startsWith(lower.AAC001() + "/"));
    }

    private void assertTablesIntact() throws Exception {
        String url = demo.properties().get("hub.silos.social-insurance.jdbc-url").toString();
        try (Connection c = DriverManager.getConnection(url, SocialInsuranceSimulator.USER, SocialInsuranceSimulator.PASSWORD);
             Statement s = c.createStatement()) {
            assertThat(count(s, "AB01")).isEqualTo(demo.dataSet().ab01Rows().size());
            assertThat(count(s, "AC01")).isEqualTo(demo.dataSet().ac01Rows().size());
            assertThat(count(s, "AC02")).isEqualTo(demo.dataSet().ac02Rows().size());
        }
    }

    private static long count(Statement s, String table) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
