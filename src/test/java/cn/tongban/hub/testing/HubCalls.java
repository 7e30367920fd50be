package cn.tongban.hub.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The calls the fault and soak tests make on a running hub: a person look-up timed from the
 * caller's side (status and body whatever the status), the demo fault switch, and a JSON
 * document from the management port. Look-ups go as the back-office client with the default
 * purpose, management calls as the demo operator ({@link DemoClients}).
 */
public final class HubCalls {

    /** An answer: HTTP status, wall time in ms, body. */
    public record Answer(int http, long millis, JsonNode body) {
        /** The status of one source, e.g. {@code status("public-security")}. */
        public String status(String source) {
            return source(source).path("status").asText();
        }

        public JsonNode source(String source) {
            return body.path("sources").path(source);
        }
    }

    private final RestClient http = RestClient.builder().build();
    private final int port;
    private final int managementPort;
    private final ObjectMapper json;

    public HubCalls(int port, int managementPort, ObjectMapper json) {
        this.port = port;
        this.managementPort = managementPort;
        this.json = json;
    }

    public Answer person(String citizenId) {
        long t0 = System.nanoTime();
        return http.get().uri("http://127.0.0.1:" + port + "/api/v1/persons/" + citizenId)
                .headers(DemoClients.purpose(DemoClients.BACKOFFICE_KEY))
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .exchange((req, res) -> {
                    String text = new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8);
                    return new Answer(res.getStatusCode().value(), (System.nanoTime() - t0) / 1_000_000, json.readTree(text));
                });
    }

    /** Switches a simulated silo (PUT /demo/faults/{silo} on the management port). */
    public void fault(String silo, String mode) {
        http.put().uri("http://127.0.0.1:" + managementPort + "/demo/faults/" + silo)
                .header(HttpHeaders.AUTHORIZATION, DemoClients.operatorBasic())
                .contentType(MediaType.APPLICATION_JSON).body("{\"mode\":\"" + mode + "\"}")
                .retrieve().toBodilessEntity();
    }

    /** A JSON document from the management port, whatever its status (e.g. a DOWN health). */
    public JsonNode management(String path) {
        String text = http.get().uri("http://127.0.0.1:" + managementPort + path)
                .header(HttpHeaders.AUTHORIZATION, DemoClients.operatorBasic())
                .exchange((req, res) -> new String(res.getBody().readAllBytes(), StandardCharsets.UTF_8));
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + path, e);
        }
    }

    /** A text document from the management port (e.g. /actuator/prometheus). */
    public String managementText(String path) {
        return http.get().uri("http://127.0.0.1:" + managementPort + path)
                .header(HttpHeaders.AUTHORIZATION, DemoClients.operatorBasic()).retrieve().body(String.class);
    }
}
