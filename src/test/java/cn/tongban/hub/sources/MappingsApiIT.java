package cn.tongban.hub.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import cn.tongban.hub.access.AccessHeaders;
import cn.tongban.hub.crosswalk.AliasLink;
import cn.tongban.hub.crosswalk.Crosswalk;
import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.identifiers.RegistrationNumber;
import cn.tongban.hub.identifiers.Uscc;
import cn.tongban.hub.quarantine.QuarantineRepository;
import cn.tongban.hub.registry.EnterpriseReplicaRepository;
import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * The developer and operator endpoints over the real in-process servers: the mappings in
 * force, the dry run (which writes nothing), a look-up through a silo's route and mapping,
 * and the replay of a quarantined event once the crosswalk can key it.
 */
@HubIntegrationTest
class MappingsApiIT {

    @LocalServerPort
    int port;

    @Autowired
    DemoInfrastructure demo;

    @Autowired
    ObjectMapper json;

    @Autowired
    EnterpriseReplicaRepository replica;

    @Autowired
    QuarantineRepository quarantine;

    @Autowired
    Crosswalk crosswalk;

    RestClient http;

    @BeforeEach
    void setUp() {
        // Mappings and quarantine are administrator endpoints: the admin key, no purpose.
        http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader(AccessHeaders.API_KEY, DemoClients.ADMIN_KEY)
                .defaultStatusHandler(s -> true, (req, res) -> { }).build();
    }

    private JsonNode get(String path) throws Exception {
        return json.readTree(http.get().uri(path).retrieve().body(String.class));
    }

    private JsonNode post(String path, String body, MediaType type) throws Exception {
        return json.readTree(http.post().uri(path).contentType(type).body(body.getBytes(StandardCharsets.UTF_8))
                .retrieve().body(String.class));
    }

    /** A USCC of valid shape and check character that no demo enterprise has (organisation code body starts with "AB"). */
    private static String unusedUscc(String tail) {
        String first17 = "91110000" + "AB" + tail;
        return first17 + Uscc.checkCharacter(first17);
    }

    @Test
    void listsEveryMappingWithItsLookupEndpoint() throws Exception {
        JsonNode list = get("/api/v1/mappings");
        List<String> ids = new ArrayList<>();
        list.forEach(m -> ids.add(m.path("id").asText()));
        assertThat(ids).contains("market-regulation", "public-security", "social-insurance.unit",
                "social-insurance.person", "social-insurance.insurance");
        JsonNode ps = get("/api/v1/mappings/public-security");
        assertThat(ps.path("lookupEndpoint").asText()).isEqualTo("direct:public-security-person");
        assertThat(ps.path("sources").path("name").asText()).isEqualTo("XM");
    }

    @Test
    void dryRunMapsAPastedEventWithProvenanceAndWritesNothing() throws Exception {
        String uscc = unusedUscc("0000001");
        String fullWidth = uscc.chars().mapToObj(c -> Character.isLetterOrDigit(c) ? String.valueOf((char) (c + 0xFEE0)) : String.valueOf((char) c))
                .reduce("", String::concat);
        JsonNode r = post("/api/v1/mappings/market-regulation/dry-run", """
                {"eventId":"it-dry-1","version":7,"changedAt":"2026-11-20T01:02:03Z","payload":{
                 "uniscid":"%s","entname":"试运行科技有限公司  ","enttype":"有限责任公司（自然人投资或控股）",
                 "estdate":"2019年3月4日","regcap":"100","regstate":"在营","opto":"无"}}
                """.formatted(fullWidth), MediaType.APPLICATION_JSON);
        JsonNode out = r.path("outcomes").get(0);
        assertThat(out.has("error")).as(r.toString()).isFalse();
        JsonNode rec = out.path("record");
        assertThat(rec.path("key").asText()).isEqualTo(uscc);
        assertThat(rec.path("version").asLong()).isEqualTo(7);
        assertThat(rec.path("fields").path("name").path("value").asText()).isEqualTo("试运行科技有限公司");
        assertThat(rec.path("fields").path("enterpriseType").path("value").asText()).isEqualTo("1130");
        assertThat(rec.path("fields").path("registrationState").path("value").asText()).isEqualTo("1");
        assertThat(rec.path("fields").path("establishedOn").path("value").asText()).isEqualTo("2019-03-04");
        assertThat(rec.path("fields").has("termTo")).isFalse();
        assertThat(rec.path("fields").path("name").path("provenance").path("sourceField").asText()).isEqualTo("/payload/entname");
        assertThat(rec.path("fields").path("name").path("provenance").path("recordId").asText()).isEqualTo("it-dry-1");
        assertThat(replica.findByUscc(uscc)).isEmpty();
    }

    @Test
    void dryRunReportsTheErrorARealIngestionWouldQuarantineWith() throws Exception {
        JsonNode malformed = post("/api/v1/mappings/market-regulation/dry-run", "{\"eventId\":\"x\",\"payload\":{", MediaType.APPLICATION_JSON);
        assertThat(malformed.path("outcomes").get(0).path("error").asText()).isEqualTo("MALFORMED_RECORD");
        JsonNode unkeyed = post("/api/v1/mappings/market-regulation/dry-run",
                "{\"eventId\":\"x\",\"version\":1,\"payload\":{\"entname\":\"某公司\",\"uniscid\":\"无\"}}", MediaType.APPLICATION_JSON);
        assertThat(unkeyed.path("outcomes").get(0).path("error").asText()).isEqualTo("UNKEYED");
        JsonNode xxe = post("/api/v1/mappings/public-security/dry-run",
                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><record><XM>&x;</XM></record>",
                MediaType.APPLICATION_XML);
        assertThat(xxe.path("outcomes").get(0).path("error").asText()).isEqualTo("MALFORMED_RECORD");
        assertThat(xxe.toString()).doesNotContain("root:");
    }

    @Test
    void dryRunOfAnUnknownMappingIsAProblemAnswer() {
        var res = http.post().uri("/api/v1/mappings/no-such-silo/dry-run").contentType(MediaType.APPLICATION_JSON)
                .body("{}").retrieve().toEntity(String.class);
        assertThat(res.getStatusCode().value()).isEqualTo(404);
        assertThat(res.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(res.getBody()).contains("MAPPING_NOT_FOUND");
    }

    @Test
    void looksAPersonUpThroughThePublicSecurityRouteAndMapping() throws Exception {
        TruthPerson p = demo.dataSet().persons().stream().filter(t -> t.personStatus().equals(TruthPerson.ACTIVE)).findFirst().orElseThrow();
        JsonNode r = get("/api/v1/mappings/public-security/records/" + p.citizenId());
        assertThat(r.path("status").asText()).as(r.path("errorCode").asText()).isEqualTo("ok");
        JsonNode rec = r.path("records").get(0);
        assertThat(rec.path("key").asText()).isEqualTo(p.citizenId());
        assertThat(rec.path("fields").path("name").path("value").asText()).isEqualTo(p.name());
        assertThat(rec.path("fields").path("sex").path("value").asText()).isEqualTo(p.sex());
        assertThat(rec.path("fields").path("birthDate").path("value").asText()).isEqualTo(p.birthDate().toString());
        assertThat(rec.path("fields").path("name").path("provenance").path("silo").asText()).isEqualTo("public-security");
    }

    @Test
    void looksAPersonUpInTheCivilAffairsSiloAddedAsDataOnly() throws Exception {
        var record = demo.dataSet().civilAffairs().records().stream()
                .filter(r -> "IA".equals(r.ywlx()) && r.sfzh().equals(cn.tongban.hub.identifiers.CitizenId.parse(r.sfzh()).value()))
                .findFirst().orElseThrow();
        JsonNode r = get("/api/v1/mappings/civil-affairs/records/" + record.sfzh());
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("ok");
        JsonNode rec = r.path("records").get(0);
        assertThat(rec.path("key").asText()).isEqualTo(record.sfzh());
        assertThat(rec.path("fields").path("marriageRegistrationType").path("value").asText()).isEqualTo("IA");
        assertThat(rec.path("fields").path("spouseName").path("value").asText()).isEqualTo(record.poxm());
        assertThat(rec.path("fields").path("maritalStatus").path("provenance").path("silo").asText()).isEqualTo("civil-affairs");

        String unknown = "110101190001010014";
        JsonNode none = get("/api/v1/mappings/civil-affairs/records/" + cn.tongban.hub.identifiers.CitizenId.parse(unknown).value());
        assertThat(none.path("status").asText()).isEqualTo("not_found");
    }

    @Test
    void replaysAQuarantinedEventOnceTheCrosswalkCanKeyIt() throws Exception {
        String uscc = unusedUscc("0000002");
        String first14 = "11000000" + "990001";
        String regNo = first14 + RegistrationNumber.checkDigit(first14);
        String event = """
                {"eventId":"it-replay-1","version":3,"payload":{"uniscid":null,"regno":"%s","entname":"重放测试有限公司"}}
                """.formatted(regNo);
        assertThat(quarantine.add("market-regulation", "UNKEYED", "UNKEYED: no crosswalk link", event, "it/replay@1")).isTrue();

        JsonNode first = json.readTree(http.post().uri("/api/v1/quarantine/replay?silo=market-regulation&reason=UNKEYED")
                .retrieve().body(String.class));
        assertThat(first.path("through").asInt()).isZero();
        assertThat(replica.findByUscc(uscc)).isEmpty();

        crosswalk.assertLinks(List.of(new AliasLink("enterprise", "registrationNumber", regNo, uscc, "market-regulation", "it", null, null)));
        JsonNode second = json.readTree(http.post().uri("/api/v1/quarantine/replay?silo=market-regulation&reason=UNKEYED")
                .retrieve().body(String.class));
        assertThat(second.path("through").asInt()).isEqualTo(1);
        var row = replica.findByUscc(uscc).orElseThrow();
        assertThat(row.sourceVersion()).isEqualTo(3);
        assertThat(row.flags()).contains("LINKED_BY:registrationNumber");
        assertThat(quarantine.open("market-regulation", "UNKEYED", 10_000)).noneMatch(e -> "it/replay@1".equals(e.sourceRef()));
    }

    @Test
    void replayOfASiloWithoutReplayIsAProblemAnswer() {
        var res = http.post().uri("/api/v1/quarantine/replay?silo=nowhere").retrieve().toEntity(String.class);
        assertThat(res.getStatusCode().value()).isEqualTo(400);
        assertThat(res.getBody()).contains("UNKNOWN_SILO");
    }
}
