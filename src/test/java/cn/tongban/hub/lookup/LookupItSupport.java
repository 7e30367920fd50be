package cn.tongban.hub.lookup;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import cn.tongban.hub.testing.DemoClients;

/**
 * HTTP helpers shared by the profile and verification ITs: status and JSON body, whatever the
 * status. Calls as the back-office client with the default purpose ({@link DemoClients#api}).
 */
final class LookupItSupport {

    record Reply(int status, String contentType, String text, JsonNode body) {
    }

    /** A reply and how long the caller waited for it. */
    record Timed(Reply reply, long wallMillis) {
        JsonNode body() {
            return reply.body();
        }
    }

    /** GET while the given simulated silos answer {@code delayMs} late (restored afterwards, whatever happens). */
    Timed getWhileSlow(String path, int delayMs, com.github.tomakehurst.wiremock.WireMockServer... silos) {
        for (var s : silos) {
            s.setGlobalFixedDelay(delayMs);
        }
        try {
            long t0 = System.nanoTime();
            Reply r = get(path);
            return new Timed(r, (System.nanoTime() - t0) / 1_000_000);
        } finally {
            for (var s : silos) {
                s.setGlobalFixedDelay(0);
            }
        }
    }

    private final RestClient http;
    private final ObjectMapper json;

    LookupItSupport(int port, ObjectMapper json) {
        this.http = DemoClients.api(port);
        this.json = json;
    }

    Reply get(String path) {
        return http.get().uri(path).accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .exchange((req, res) -> reply(res.getStatusCode().value(), String.valueOf(res.getHeaders().getContentType()),
                        new String(res.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
    }

    Reply post(String path, String body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON).body(body)
                .exchange((req, res) -> reply(res.getStatusCode().value(), String.valueOf(res.getHeaders().getContentType()),
                        new String(res.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
    }

    private Reply reply(int status, String contentType, String text) throws java.io.IOException {
        return new Reply(status, contentType, text, json.readTree(text));
    }

    static <T> List<T> list(Iterator<T> it) {
        List<T> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }
}
