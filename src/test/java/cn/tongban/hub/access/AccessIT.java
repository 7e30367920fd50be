package cn.tongban.hub.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.TruthEnterprise;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.demo.silos.CivilAffairsSimulator;
import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * Purpose-bound access on the embedded default with the demo clients of application-demo.yaml:
 * no data without a client and a purpose, scopes and sharing classes narrow what is read and
 * which silos are called, masking follows the client, rate limits and body limits hold, JWT
 * bearer tokens name configured clients, the management port needs an operator.
 */
@HubIntegrationTest
class AccessIT {

    private static final Set<String> RESTRICTED_PERSON_FIELDS = Set.of("citizenId", "name", "sexLabel", "birthDate", "householdAddress");

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    DemoInfrastructure demo;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, Map<String, List<String>> headers, JsonNode body, String text) {
        String code() {
            return body.path("code").asText();
        }
    }

    private Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = r.body().isEmpty() ? json.nullNode() : json.readTree(r.body());
        } catch (IOException e) {
            body = json.nullNode();
        }
        return new Reply(r.statusCode(), r.headers().map(), body, r.body());
    }

    private HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", "application/json");
    }

    private static HttpRequest.Builder withPurpose(HttpRequest.Builder b, String key, String matter) {
        return b.header(AccessHeaders.API_KEY, key).header(AccessHeaders.OPERATOR, DemoClients.OPERATOR)
                .header(AccessHeaders.MATTER, matter).header(AccessHeaders.CASE, DemoClients.CASE);
    }

    private Reply person(String key, String id) throws Exception {
        return send(withPurpose(api("/api/v1/persons/" + id), key, DemoClients.MATTER));
    }

    private TruthPerson marriedInsuredPerson(int skip) {
        return demo.dataSet().persons().stream().filter(TruthPerson::insured).filter(p -> !p.deceased())
                .filter(p -> p.householdAddress() != null && p.householdAddress().length() > 8)
                .filter(p -> demo.dataSet().civilAffairs().marriage(p.citizenId()).isPresent())
                .skip(skip).findFirst().orElseThrow();
    }

    /** Requests the civil-affairs simulator received, by the citizen ID asked for (its request journal is off). */
    private static final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.atomic.AtomicInteger> CIVIL_AFFAIRS_CALLS =
            new java.util.concurrent.ConcurrentHashMap<>();

    @org.junit.jupiter.api.BeforeEach
    void countCivilAffairsCalls() {
        if (CIVIL_AFFAIRS_CALLS.isEmpty()) {
            // The first look-ups after start can miss a silo's deadline while everything warms up.
            String warm = marriedInsuredPerson(9).citizenId();
            org.awaitility.Awaitility.await("public security answering").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> person(DemoClients.BACKOFFICE_KEY, warm).body().path("sources").path("public-security")
                            .path("status").asText().equals("ok"));
            CIVIL_AFFAIRS_CALLS.put("", new java.util.concurrent.atomic.AtomicInteger());
            demo.civilAffairs().server().addMockServiceRequestListener((request, response) -> {
                String id = request.queryParameter(CivilAffairsSimulator.ID_PARAMETER).isPresent()
                        ? request.queryParameter(CivilAffairsSimulator.ID_PARAMETER).firstValue() : "";
                CIVIL_AFFAIRS_CALLS.computeIfAbsent(id, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            });
        }
    }

    private int civilAffairsCallsFor(String citizenId) {
        var n = CIVIL_AFFAIRS_CALLS.get(citizenId);
        return n == null ? 0 : n.get();
    }

    @Test
    void answersNoDataEndpointWithoutAClient() throws Exception {
        TruthPerson p = marriedInsuredPerson(0);
        TruthEnterprise e = demo.dataSet().enterprises().get(0);
        List<HttpRequest.Builder> requests = List.of(
                api("/api/v1/persons/" + p.citizenId()),
                api("/api/v1/enterprises/" + e.uscc()),
                api("/api/v1/matters"),
                api("/api/v1/unresolved"),
                api("/api/v1/quarantine"),
                api("/api/v1/audit/subjects/" + p.citizenId()),
                api("/api/v1/verifications").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"subjectType\":\"person\",\"subject\":\"" + p.citizenId()
                                + "\",\"claims\":{\"name\":\"" + p.name() + "\"}}")),
                api("/api/v1/matters/GG00101001/prechecks").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"subject\":\"" + e.uscc() + "\",\"caseNumber\":\"C-1\"}")));
        for (HttpRequest.Builder b : requests) {
            Reply r = send(b);
            assertThat(r.status()).as(r.text()).isEqualTo(401);
            assertThat(r.code()).isEqualTo("CLIENT_UNAUTHENTICATED");
            assertThat(r.text()).doesNotContain(p.name()).doesNotContain(e.name());
        }
        Reply unknown = person("not-a-key-the-hub-knows", p.citizenId());
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.code()).isEqualTo("CLIENT_UNAUTHENTICATED");
        assertThat(unknown.text()).doesNotContain(p.name());
    }

    @Test
    void givesEachRoleOnlyItsEndpoints() throws Exception {
        TruthPerson p = marriedInsuredPerson(0);
        Reply admin = person(DemoClients.ADMIN_KEY, p.citizenId());
        assertThat(admin.status()).isEqualTo(403);
        assertThat(admin.code()).isEqualTo("CLIENT_FORBIDDEN");
        Reply window = send(api("/api/v1/quarantine").header(AccessHeaders.API_KEY, DemoClients.WINDOW_KEY));
        assertThat(window.status()).isEqualTo(403);
        Reply auditorOnData = person(DemoClients.AUDITOR_KEY, p.citizenId());
        assertThat(auditorOnData.status()).isEqualTo(403);
        Reply dataOnAudit = send(api("/api/v1/audit/subjects/" + p.citizenId()).header(AccessHeaders.API_KEY, DemoClients.BACKOFFICE_KEY));
        assertThat(dataOnAudit.status()).isEqualTo(403);
        assertThat(send(api("/api/v1/quarantine").header(AccessHeaders.API_KEY, DemoClients.ADMIN_KEY)).status()).isEqualTo(200);
    }

    @Test
    void refusesADataRequestWithoutAValidPurposeBeforeAnySiloIsCalled() throws Exception {
        TruthPerson p = marriedInsuredPerson(1);
        int before = civilAffairsCallsFor(p.citizenId());
        String path = "/api/v1/persons/" + p.citizenId();
        Map<String, String> full = new LinkedHashMap<>();
        full.put(AccessHeaders.OPERATOR, DemoClients.OPERATOR);
        full.put(AccessHeaders.MATTER, DemoClients.MATTER);
        full.put(AccessHeaders.CASE, DemoClients.CASE);
        for (String missing : full.keySet()) {
            HttpRequest.Builder b = api(path).header(AccessHeaders.API_KEY, DemoClients.BACKOFFICE_KEY);
            full.forEach((h, v) -> {
                if (!h.equals(missing)) {
                    b.header(h, v);
                }
            });
            Reply r = send(b);
            assertThat(r.status()).as(missing).isEqualTo(400);
            assertThat(r.code()).isEqualTo("PURPOSE_REQUIRED");
            assertThat(r.text()).doesNotContain(p.name());
        }
        Map<String, String[]> invalid = Map.of(
                AccessHeaders.OPERATOR, new String[]{"op erator", "x".repeat(65), "'; drop table audit_log;--"},
                AccessHeaders.MATTER, new String[]{"gg00101001x", "GG0010100", "XX99999999"},
                AccessHeaders.CASE, new String[]{"-starts-with-dash", "c".repeat(65), "a\tb"});
        for (Map.Entry<String, String[]> e : invalid.entrySet()) {
            for (String value : e.getValue()) {
                HttpRequest.Builder b = api(path).header(AccessHeaders.API_KEY, DemoClients.BACKOFFICE_KEY);
                full.forEach((h, v) -> b.header(h, h.equals(e.getKey()) ? value : v));
                Reply r = send(b);
                assertThat(r.status()).as(e.getKey() + "=" + value).isEqualTo(400);
                assertThat(r.code()).isEqualTo("PURPOSE_INVALID");
            }
        }
        // A matter the restricted client may not act for.
        Reply notAllowed = send(withPurpose(api(path), DemoClients.RESTRICTED_KEY, "GG00201002"));
        assertThat(notAllowed.status()).isEqualTo(403);
        assertThat(notAllowed.code()).isEqualTo("MATTER_NOT_ALLOWED");
        // A pre-check whose path names another matter than the purpose.
        Reply mismatch = send(withPurpose(api("/api/v1/matters/GG00201002/prechecks"), DemoClients.BACKOFFICE_KEY, DemoClients.MATTER)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"subject\":\"" + p.citizenId() + "\"}")));
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.code()).isEqualTo("PURPOSE_MISMATCH");
        assertThat(civilAffairsCallsFor(p.citizenId())).as("silo calls for refused requests").isEqualTo(before);
    }

    @Test
    void withholdsFieldsAndSourcesOutsideTheClientsScopeWithoutCallingThem() throws Exception {
        TruthPerson p = marriedInsuredPerson(2);
        int before = civilAffairsCallsFor(p.citizenId());
        Reply r = person(DemoClients.RESTRICTED_KEY, p.citizenId());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(names(r.body().path("fields"))).isNotEmpty().isSubsetOf(RESTRICTED_PERSON_FIELDS);
        assertThat(r.body().path("insurances").isMissingNode()).isTrue();
        assertThat(texts(r.body().path("withheld"))).contains("maritalStatus", "insurances", "socialInsurancePersonNumber")
                .doesNotContainAnyElementsOf(RESTRICTED_PERSON_FIELDS);
        // Unconditional sharing class: social insurance and civil affairs are not called at all.
        assertThat(names(r.body().path("sources"))).isEqualTo(Set.of("public-security"));
        assertThat(civilAffairsCallsFor(p.citizenId())).isEqualTo(before);
        // The back office, conditional and unrestricted, gets them and calls civil affairs.
        Reply full = person(DemoClients.BACKOFFICE_KEY, p.citizenId());
        assertThat(names(full.body().path("sources"))).contains("civil-affairs", "social-insurance.person");
        assertThat(full.body().path("fields").path("maritalStatus").path("value").asText()).isNotBlank();
        assertThat(full.body().path("withheld").isMissingNode()).isTrue();
        assertThat(civilAffairsCallsFor(p.citizenId())).isEqualTo(before + 1);

        TruthEnterprise e = demo.dataSet().enterprises().stream().filter(x -> "1".equals(x.registrationState())).findFirst().orElseThrow();
        // The registry replica fills from Kafka after start.
        Reply ent = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> send(withPurpose(api("/api/v1/enterprises/" + e.uscc()), DemoClients.RESTRICTED_KEY, DemoClients.MATTER)),
                        x -> x.status() != 404);
        assertThat(ent.status()).as(ent.text()).isEqualTo(200);
        assertThat(names(ent.body().path("fields"))).contains("name").isSubsetOf(
                Set.of("uscc", "name", "registrationStateLabel", "legalRepresentative"));
        assertThat(ent.body().path("socialInsurance").isMissingNode()).isTrue();
        assertThat(texts(ent.body().path("withheld"))).contains("socialInsurance", "address", "legalRepresentativeId");
        assertThat(names(ent.body().path("sources"))).doesNotContain("social-insurance.unit");

        // A verification of a field outside the scope is not compared.
        Reply v = send(withPurpose(api("/api/v1/verifications"), DemoClients.RESTRICTED_KEY, DemoClients.MATTER)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"subjectType\":\"person\",\"subject\":\"" + p.citizenId()
                        + "\",\"claims\":{\"name\":\"" + p.name() + "\",\"maritalStatus\":\"20\"}}")));
        assertThat(v.status()).as(v.text()).isEqualTo(200);
        assertThat(v.body().path("results").path("name").path("result").asText()).isEqualTo("match");
        assertThat(v.body().path("results").path("maritalStatus").path("result").asText()).isEqualTo("withheld");
    }

    @Test
    void masksPersonalDataWithEachClientsRules() throws Exception {
        TruthPerson p = marriedInsuredPerson(3);
        JsonNode plain = person(DemoClients.BACKOFFICE_KEY, p.citizenId()).body().path("fields");
        assertThat(plain.path("name").path("value").asText()).isEqualTo(p.name());
        assertThat(plain.path("householdAddress").path("value").asText()).isEqualTo(p.householdAddress());

        JsonNode window = person(DemoClients.WINDOW_KEY, p.citizenId()).body().path("fields");
        String id = p.citizenId();
        assertThat(window.path("citizenId").path("value").asText()).isEqualTo(id.substring(0, 6) + "********" + id.substring(14));
        assertThat(window.path("name").path("value").asText())
                .isEqualTo(p.name().substring(0, 1) + "*".repeat(p.name().length() - 1));
        String address = p.householdAddress();
        assertThat(window.path("householdAddress").path("value").asText())
                .isEqualTo(address.substring(0, 6) + "*".repeat(address.length() - 6));
        // Provenance keeps its silo and field; a record id that is the person's ID is masked like the ID.
        assertThat(window.path("name").path("provenance").path("silo").asText()).isEqualTo("public-security");
        assertThat(window.path("name").path("provenance").path("sourceField").asText()).isEqualTo("XM");
        assertThat(window.path("name").path("provenance").path("recordId").asText())
                .isEqualTo(id.substring(0, 6) + "********" + id.substring(14));
        // Only the key the caller sent comes back whole.
        String windowText = person(DemoClients.WINDOW_KEY, p.citizenId()).text();
        assertThat(windowText.split(java.util.regex.Pattern.quote(id), -1)).as(windowText).hasSize(2);

        JsonNode restricted = person(DemoClients.RESTRICTED_KEY, p.citizenId()).body().path("fields");
        assertThat(restricted.path("citizenId").path("value").asText()).isEqualTo(id.charAt(0) + "*".repeat(16) + id.charAt(17));
        assertThat(restricted.path("name").path("value").asText())
                .isEqualTo("*".repeat(p.name().length() - 1) + p.name().substring(p.name().length() - 1));
    }

    @Test
    void limitsEachClientToItsRate() throws Exception {
        // The restricted client may make 5 requests per second; 20 at once cannot all pass.
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            replies.add(send(api("/api/v1/matters").header(AccessHeaders.API_KEY, DemoClients.RESTRICTED_KEY)));
        }
        List<Reply> limited = replies.stream().filter(r -> r.status() == 429).toList();
        assertThat(limited).isNotEmpty();
        assertThat(limited.get(0).code()).isEqualTo("RATE_LIMITED");
        assertThat(limited.get(0).headers()).containsKey("retry-after");
        assertThat(replies.stream().filter(r -> r.status() == 200).count()).isBetween(1L, 15L);
        // Another client is not affected.
        assertThat(send(api("/api/v1/matters").header(AccessHeaders.API_KEY, DemoClients.BACKOFFICE_KEY)).status()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                send(api("/api/v1/matters").header(AccessHeaders.API_KEY, DemoClients.RESTRICTED_KEY)).status() == 200);
    }

    @Test
    void acceptsJwtBearerTokensOfConfiguredClientsOnly() throws Exception {
        TruthPerson p = marriedInsuredPerson(4);
        String path = "/api/v1/persons/" + p.citizenId();
        Reply ok = send(purposeOnly(api(path)).header("Authorization", "Bearer " + token("backoffice-demo", demoKey(), 300)));
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.body().path("fields").path("name").path("value").asText()).isEqualTo(p.name());
        Reply window = send(purposeOnly(api(path)).header("Authorization", "Bearer " + token("window-demo", demoKey(), 300)));
        assertThat(window.body().path("fields").path("name").path("value").asText()).endsWith("*");

        Reply unknownClient = send(purposeOnly(api(path)).header("Authorization", "Bearer " + token("no-such-client", demoKey(), 300)));
        assertThat(unknownClient.status()).isEqualTo(401);
        Reply expired = send(purposeOnly(api(path)).header("Authorization", "Bearer " + token("backoffice-demo", demoKey(), -120)));
        assertThat(expired.status()).isEqualTo(401);
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        Reply forged = send(purposeOnly(api(path)).header("Authorization",
                "Bearer " + token("backoffice-demo", (RSAPrivateKey) g.generateKeyPair().getPrivate(), 300)));
        assertThat(forged.status()).isEqualTo(401);
        for (Reply r : List.of(unknownClient, expired, forged)) {
            assertThat(r.text()).doesNotContain(p.name());
        }
    }

    private static HttpRequest.Builder purposeOnly(HttpRequest.Builder b) {
        return b.header(AccessHeaders.OPERATOR, DemoClients.OPERATOR).header(AccessHeaders.MATTER, DemoClients.MATTER)
                .header(AccessHeaders.CASE, DemoClients.CASE);
    }

    private static RSAPrivateKey demoKey() throws Exception {
        try (InputStream in = AccessIT.class.getResourceAsStream("/demo/jwt-demo-private.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        }
    }

    private static String token(String clientId, RSAPrivateKey key, long expiresInSeconds) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(clientId).claim("client_id", clientId)
                .issueTime(Date.from(now.minusSeconds(300))).expirationTime(Date.from(now.plusSeconds(expiresInSeconds))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void keepsTheManagementPortForOperators() throws Exception {
        String base = "http://127.0.0.1:" + managementPort;
        Reply none = send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.code()).isEqualTo("OPERATOR_UNAUTHENTICATED");
        assertThat(none.headers()).containsKey("www-authenticate");
        String wrong = "Basic " + Base64.getEncoder().encodeToString("ops:wrong".getBytes(StandardCharsets.UTF_8));
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).header("Authorization", wrong)).status())
                .isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/demo/faults"))).status()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))).status()).isEqualTo(401);
        // An API key is no operator credential.
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                .header(AccessHeaders.API_KEY, DemoClients.BACKOFFICE_KEY)).status()).isEqualTo(401);
        Reply ok = send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).header("Authorization", DemoClients.operatorBasic()));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.text()).contains("resilience4j_ratelimiter");
        // Probes stay open for load balancers.
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/liveness"))).status()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))).status()).isIn(200, 503);
    }

    @Test
    void refusesBodiesOverTheLimitWhetherAnnouncedOrChunked() throws Exception {
        String big = "{\"subjectType\":\"person\",\"subject\":\"" + "1".repeat(70_000) + "\",\"claims\":{}}";
        Reply announced = send(withPurpose(api("/api/v1/verifications"), DemoClients.BACKOFFICE_KEY, DemoClients.MATTER)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(big)));
        assertThat(announced.status()).isEqualTo(413);
        assertThat(announced.code()).isEqualTo("REQUEST_TOO_LARGE");
        Reply chunked = send(withPurpose(api("/api/v1/verifications"), DemoClients.BACKOFFICE_KEY, DemoClients.MATTER)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))));
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.code()).isEqualTo("REQUEST_TOO_LARGE");
    }

    private static Set<String> names(JsonNode object) {
        Set<String> s = new HashSet<>();
        object.fieldNames().forEachRemaining(s::add);
        return s;
    }

    private static List<String> texts(JsonNode array) {
        List<String> l = new ArrayList<>();
        Iterator<JsonNode> it = array.elements();
        it.forEachRemaining(n -> l.add(n.asText()));
        return l.stream().collect(Collectors.toList());
    }
}
