package cn.tongban.hub.matters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import cn.tongban.hub.access.AccessHeaders;
import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.HubIntegrationTest;

/** The catalogue over HTTP: list, filter by alias text, look up by code or alias, 404 as problem. */
@HubIntegrationTest
class MatterCatalogueIT {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    RestClient http;

    @BeforeEach
    void setUp() {
        // The catalogue needs an API key only, no purpose.
        http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader(AccessHeaders.API_KEY, DemoClients.BACKOFFICE_KEY).build();
    }

    @Test
    void listsEveryMatterAndFiltersByAliasText() throws Exception {
        JsonNode all = get("/api/v1/matters");
        assertThat(all.path("count").asInt()).isGreaterThanOrEqualTo(6);
        JsonNode filtered = get("/api/v1/matters?q=公积金");
        assertThat(filtered.path("count").asInt()).isEqualTo(1);
        assertThat(filtered.path("matters").get(0).path("code").asText()).isEqualTo("GG00301003");
    }

    @Test
    void findsAMatterByCodeAndByRegionalAlias() throws Exception {
        JsonNode byCode = get("/api/v1/matters/QR00401004");
        JsonNode byAlias = get("/api/v1/matters/婚姻变更户口登记");
        assertThat(byAlias.path("code").asText()).isEqualTo("QR00401004");
        assertThat(byAlias).isEqualTo(byCode);
        JsonNode material = byCode.path("materials").get(2);
        assertThat(material.path("id").asText()).isEqualTo("marriage-certificate");
        assertThat(material.path("formLabel").asText()).isEqualTo("原件");
        assertThat(material.path("dataFields").toString()).contains("maritalStatus");
    }

    @Test
    void unknownMatterIsProblem404() {
        var answer = http.get().uri("/api/v1/matters/XK99999999").exchange((req, res) ->
                new Object[] {res.getStatusCode().value(), json.readTree(res.getBody())});
        assertThat(answer[0]).isEqualTo(404);
        assertThat(((JsonNode) answer[1]).path("code").asText()).isEqualTo("MATTER_NOT_FOUND");
    }

    private JsonNode get(String path) throws Exception {
        return json.readTree(http.get().uri(path).retrieve().body(String.class));
    }
}
