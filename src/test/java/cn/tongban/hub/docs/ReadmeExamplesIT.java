package cn.tongban.hub.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * The {@code curl} examples of both READMEs work on the demo data: a newcomer's first
 * look-up must not break as the API grows. Each example's answer is checked against the
 * comment or expectation the README gives. The examples run in README order, so a fault
 * rehearsal (a {@code PUT /demo/faults/{silo}} on the management port) is in force for the
 * examples that follow it until the README switches it back; those must show the silo
 * degraded, and the README must end with every silo back to normal.
 */
@HubIntegrationTest
class ReadmeExamplesIT {

    private static final Pattern CURL_URL = Pattern.compile("curl [^\\n]*?'?(http://127\\.0\\.0\\.1:(8080|8081)(/[^'\\s`]*))'?[^\\n]*");
    private static final Pattern DATA = Pattern.compile(" -d '([^'\\n]*)'");

    @LocalServerPort
    int apiPort;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ObjectMapper json;

    /** One curl line: port, path, method, body, and the headers it sends (after the README's shell variables). */
    record Example(int port, String path, String method, String body, Map<String, String> headers) {
        String apiKey() {
            return headers.getOrDefault("X-Api-Key", "");
        }
    }

    private static final Pattern STRING_VAR = Pattern.compile("(?m)^([A-Z_]+)='([^'\\n]*)'$");
    private static final Pattern ARRAY_VAR = Pattern.compile("(?m)^([A-Z_]+)=\\((.*)\\)$");
    private static final Pattern HEADER = Pattern.compile(" -H '([^':]+): ([^']*)'");
    private static final Pattern USER = Pattern.compile(" -u (\\S+)");

    /** The line with the README's shell variables ({@code "$KEY"}, {@code "${PURPOSE[@]}"}) written out. */
    private static String expand(String line, Map<String, String> vars) {
        String out = line;
        for (Map.Entry<String, String> v : vars.entrySet()) {
            out = out.replace("\"${" + v.getKey() + "[@]}\"", v.getValue()).replace("\"$" + v.getKey() + "\"", "'" + v.getValue() + "'");
        }
        return out;
    }

    /** What the demo masking shows of a name for the client with this key (application-demo.yaml). */
    private static String nameAsSeenBy(String apiKey, String name) {
        return switch (apiKey) {
            case DemoClients.BACKOFFICE_KEY -> name;
            case DemoClients.RESTRICTED_KEY -> "*".repeat(name.length() - 1) + name.substring(name.length() - 1);
            default -> name.substring(0, 1) + "*".repeat(name.length() - 1);
        };
    }

    @Autowired
    cn.tongban.hub.demo.DemoInfrastructure demo;

    @Autowired
    cn.tongban.hub.registry.EnterpriseReplicaRepository replica;

    private String truthName(String citizenId) {
        return demo.dataSet().persons().stream().filter(p -> p.citizenId().equals(citizenId)).findFirst()
                .orElseThrow(() -> new AssertionError("README person is not in the demo data set")).name();
    }

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "README.zh-CN.md"})
    void everyCurlExampleAnswersAsTheReadmeSays(String readme) throws Exception {
        List<Example> examples = new ArrayList<>();
        String text = Files.readString(Path.of(readme));
        Map<String, String> vars = new LinkedHashMap<>();
        Matcher sv = STRING_VAR.matcher(text);
        while (sv.find()) {
            vars.put(sv.group(1), sv.group(2));
        }
        Matcher av = ARRAY_VAR.matcher(text);
        while (av.find()) {
            vars.put(av.group(1), av.group(2));
        }
        Matcher m = CURL_URL.matcher(text);
        while (m.find()) {
            String line = expand(m.group(0), vars);
            Matcher data = DATA.matcher(line);
            Map<String, String> headers = new LinkedHashMap<>();
            Matcher h = HEADER.matcher(line);
            while (h.find()) {
                headers.put(h.group(1), h.group(2));
            }
            Matcher u = USER.matcher(line);
            if (u.find()) {
                headers.put("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        u.group(1).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            examples.add(new Example(m.group(2).equals("8080") ? apiPort : managementPort, m.group(3),
                    line.contains("-X POST") ? "POST" : line.contains("-X PUT") ? "PUT" : "GET",
                    data.find() ? data.group(1) : null, headers));
        }
        assertThat(examples).as("curl examples in " + readme).hasSizeGreaterThanOrEqualTo(5);
        // The README's starting point: "the market-regulation events are in the registry replica
        // a few seconds later". Run first on a fresh context, the examples must not race the backlog.
        int enterprises = demo.dataSet().enterprises().size();
        org.awaitility.Awaitility.await("every enterprise of the data set in the replica").atMost(java.time.Duration.ofSeconds(120))
                .pollInterval(java.time.Duration.ofMillis(500)).until(() -> replica.count() >= enterprises);

        // Silo -> mode of the fault rehearsals the README has put in force so far.
        Map<String, String> faults = new LinkedHashMap<>();
        try {
            run(examples, faults);
        } finally {
            // Whatever happened, the context the other tests share gets its silos back.
            for (String silo : List.copyOf(faults.keySet())) {
                DemoClients.management(managementPort).put().uri("/demo/faults/" + silo)
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON).body("{\"mode\":\"none\"}")
                        .retrieve().toBodilessEntity();
            }
        }
        assertThat(faults).as("faults the README leaves in force").isEmpty();
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

    private void run(List<Example> examples, Map<String, String> faults) throws Exception {
        for (Example e : examples) {
            RestClient client = RestClient.builder().defaultHeaders(h -> e.headers().forEach(h::set)).build();
            var request = e.method().equals("POST") || e.method().equals("PUT")
                    ? client.method(org.springframework.http.HttpMethod.valueOf(e.method()))
                            .uri("http://127.0.0.1:" + e.port() + e.path())
                            .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                            .body(e.body() == null ? "" : e.body())
                    : client.get().uri("http://127.0.0.1:" + e.port() + e.path());
            var answer = request.exchange((req, res) -> new Object[] {res.getStatusCode().value(),
                    new String(res.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)});
            int status = (int) answer[0];
            String body = (String) answer[1];
            if (e.path().startsWith("/api/v1/enterprises/91350100M000100Y44")) {
                // The README shows this one failing on purpose.
                assertThat(status).as(e.path()).isEqualTo(400);
                assertThat(json.readTree(body).path("code").asText()).isEqualTo("USCC_CHECK_DIGIT");
            } else {
                assertThat(status).as(e.path()).isEqualTo(200);
            }
            if (e.path().contains("/dry-run")) {
                JsonNode outcome = json.readTree(body).path("outcomes").get(0);
                assertThat(outcome.path("record").path("key").asText()).as(body).isEqualTo("911101058226552339");
                assertThat(outcome.path("record").path("fields").path("enterpriseType").path("value").asText()).isEqualTo("1130");
            }
            if (e.path().startsWith("/api/v1/mappings/civil-affairs/records/")) {
                assertThat(json.readTree(body).path("status").asText()).as(body).isEqualTo("ok");
            }
            if (e.path().startsWith("/demo/faults/") && e.method().equals("PUT")) {
                String silo = e.path().substring("/demo/faults/".length());
                String mode = json.readTree(e.body()).path("mode").asText();
                assertThat(json.readTree(body).path("mode").asText()).as(body).isEqualTo(mode);
                if (mode.equals("none")) {
                    faults.remove(silo);
                } else {
                    faults.put(silo, mode);
                }
            }
            if (e.path().equals("/demo/faults")) {
                JsonNode silos = json.readTree(body).path("silos");
                assertThat(silos.size()).as(body).isGreaterThanOrEqualTo(4);
                silos.fields().forEachRemaining(s -> assertThat(s.getValue().path("mode").asText()).as(s.getKey())
                        .isEqualTo(faults.getOrDefault(s.getKey(), "none")));
            }
            if (e.path().startsWith("/api/v1/persons/")) {
                JsonNode profile = json.readTree(body);
                String id = e.path().substring("/api/v1/persons/".length()).replaceFirst("\\?.*", "");
                assertThat(profile.path("citizenId").asText()).as(body).isEqualTo(id);
                assertThat(profile.path("fields").path("name").path("value").asText()).isEqualTo(nameAsSeenBy(e.apiKey(), truthName(id)));
                if (e.apiKey().equals(DemoClients.RESTRICTED_KEY)) {
                    // Unconditional sharing class: public security only, the rest withheld.
                    assertThat(iterable(profile.path("sources").fieldNames())).containsExactly("public-security");
                    assertThat(profile.path("withheld").toString()).contains("maritalStatus");
                    continue;
                }
                // Unless the README has just taken civil affairs out (checked below instead).
                if (!faults.containsKey("civil-affairs")) {
                    assertThat(profile.path("sources").path("civil-affairs").path("status").asText()).isEqualTo("ok");
                }
                // A silo in a rehearsed fault is reported for what it is, never as a normal answer.
                faults.keySet().forEach(silo -> {
                    List<String> statuses = new ArrayList<>();
                    profile.path("sources").fields().forEachRemaining(s -> {
                        if (s.getKey().equals(silo) || s.getKey().startsWith(silo + ".")) {
                            statuses.add(s.getValue().path("status").asText());
                        }
                    });
                    assertThat(statuses).as("sources of " + silo + " during its fault: " + body).isNotEmpty()
                            .allSatisfy(st -> assertThat(st).isNotIn("ok", "not_found"));
                });
            }
            if (e.path().equals("/api/v1/verifications")) {
                JsonNode claimed = json.readTree(e.body());
                JsonNode results = json.readTree(body).path("results");
                assertThat(results.size()).as(body).isEqualTo(claimed.path("claims").size());
                results.forEach(r -> assertThat(r.path("result").asText()).isIn("match", "differ", "unknown"));
                // The README claims the marital status the civil-affairs record holds.
                assertThat(results.path("maritalStatus").path("result").asText()).as(body).isEqualTo("match");
                // Least disclosure: the recorded name is never in the answer.
                assertThat(body).doesNotContain(truthName(claimed.path("subject").asText()));
            }
            if (e.path().startsWith("/api/v1/enterprises/") && status == 200) {
                JsonNode profile = json.readTree(body);
                assertThat(profile.path("uscc").asText()).as(e.path()).isEqualTo("911101058226552339");
                assertThat(profile.path("fields").path("name").path("value").asText()).as(e.path()).isNotBlank();
            }
        }
    }
}
