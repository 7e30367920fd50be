package cn.tongban.hub.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * The committed contract {@code docs/openapi.json} (from which GeneratedClientIT's client is
 * generated) is the document the running hub serves, apart from the server address. Run
 * with {@code -Dhub.openapi.write=true} to write the served document to the file instead.
 */
@HubIntegrationTest
class OpenApiDocumentIT {

    static final Path CONTRACT = Path.of("docs/openapi.json");
    /** The server address the committed document names: the demo hub's API port. */
    static final String CONTRACT_SERVER = "http://127.0.0.1:8080";
    private static final String REFRESH = "./mvnw verify -Dit.test=OpenApiDocumentIT -Dtest=NONE "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dhub.openapi.write=true";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    @LocalServerPort
    int apiPort;

    @Test
    void servedDocumentIsTheCommittedContract() throws Exception {
        HttpResponse<String> answer = get("/v3/api-docs");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode served = normalised(json.readTree(answer.body()));

        if (Boolean.getBoolean("hub.openapi.write")) {
            Object sorted = json.treeToValue(served, Object.class);
            Files.writeString(CONTRACT, json.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writerWithDefaultPrettyPrinter().writeValueAsString(sorted) + "\n", StandardCharsets.UTF_8);
            return;
        }
        assertThat(CONTRACT).as("the committed contract; create it with " + REFRESH).exists();
        JsonNode committed = json.readTree(CONTRACT.toFile());
        List<String> differences = new ArrayList<>();
        diff("", committed, served, differences);
        assertThat(differences)
                .as("""
                        docs/openapi.json differs from the document the hub serves at /v3/api-docs (%d places, first ones listed). \
                        If the API change is intended, refresh the contract with
                          %s
                        and review the file's diff before committing it (the generated client of GeneratedClientIT is built from it)."""
                        .formatted(differences.size(), REFRESH))
                .isEmpty();
    }

    @Test
    void swaggerUiAnswers() throws Exception {
        HttpResponse<String> answer = get("/swagger-ui.html");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(answer.body()).contains("swagger-ui");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The served document with the test's random port replaced by the demo hub's address. */
    private JsonNode normalised(JsonNode document) {
        ObjectNode copy = document.deepCopy();
        ArrayNode servers = copy.putArray("servers");
        servers.addObject().put("url", CONTRACT_SERVER).put("description", "演示枢纽 / The demo hub");
        return copy;
    }

    /** Collects the JSON pointers where the two documents differ, at most 20. */
    private static void diff(String at, JsonNode expected, JsonNode actual, List<String> out) {
        if (out.size() >= 20 || expected.equals(actual)) {
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String here = at + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                if (!actual.has(e.getKey())) {
                    out.add(here + ": in docs/openapi.json, not served");
                } else {
                    diff(here, e.getValue(), actual.get(e.getKey()), out);
                }
            }
            for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!expected.has(name)) {
                    out.add(at + "/" + name.replace("~", "~0").replace("/", "~1") + ": served, not in docs/openapi.json");
                }
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                diff(at + "/" + i, expected.get(i), actual.get(i), out);
            }
        } else {
            out.add(at + ": docs/openapi.json has " + abbreviate(expected) + ", served " + abbreviate(actual));
        }
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
