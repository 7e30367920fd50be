package cn.tongban.hub.sources.socialinsurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import cn.tongban.hub.access.AccessHeaders;
import cn.tongban.hub.crosswalk.AliasLink;
import cn.tongban.hub.crosswalk.Crosswalk;
import cn.tongban.hub.identifiers.RegistrationNumber;
import cn.tongban.hub.identifiers.Uscc;
import cn.tongban.hub.quarantine.QuarantineRepository;
import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * Replay of quarantined social-insurance rows: an AB01 row that could not be keyed leaves
 * quarantine once the crosswalk can key it, and goes back in when the link is withdrawn.
 */
@HubIntegrationTest
class SocialInsuranceReplayIT {

    @LocalServerPort
    int port;

    @Autowired
    QuarantineRepository quarantine;

    @Autowired
    Crosswalk crosswalk;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper json;

    private JsonNode replay() throws Exception {
        String body = RestClient.create("http://127.0.0.1:" + port).post()
                .uri("/api/v1/quarantine/replay?silo=social-insurance&reason=UNKEYED")
                .header(AccessHeaders.API_KEY, DemoClients.ADMIN_KEY).retrieve().body(String.class);
        return json.readTree(body);
    }

    @Test
    void anUnkeyedUnitLeavesQuarantineOnceTheCrosswalkKeysItAndReturnsWhenTheLinkGoes() throws Exception {
        // The first replay runs the sync, which quarantines the AB01 rows no alias keys.
        JsonNode first = replay();
        List<QuarantineRepository.Entry> open = quarantine.open("social-insurance", "UNKEYED", 100).stream()
                .filter(e -> e.sourceRef().startsWith("AB01/")).toList();
        assertThat(open).as(first.toString()).isNotEmpty();
        assertThat(first.path("through").asInt()).isZero();
        QuarantineRepository.Entry target = open.get(0);
        JsonNode row = json.readTree(target.payload());
        String regNo = RegistrationNumber.parseLenient(row.path("AAB007").asText()).value();
        String first17 = "91110000" + "AC" + "0000003";
        String uscc = first17 + Uscc.checkCharacter(first17);
        crosswalk.assertLinks(List.of(new AliasLink("enterprise", "registrationNumber", regNo, uscc, "it", "it", null, null)));
        try {
            JsonNode second = replay();
            assertThat(second.path("through").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(quarantine.isOpen(target.id())).isFalse();
        } finally {
            jdbc.update("delete from crosswalk where asserted_by = 'it' and alias_value = ?", regNo);
            // Links the sync asserted for the row while it was keyed go too: they were derived from the test link.
            jdbc.update("delete from crosswalk where key = ? and asserted_by = 'social-insurance'", uscc);
        }
        replay();
        assertThat(quarantine.isOpen(target.id())).as("back in quarantine once the link is gone").isTrue();
    }
}
