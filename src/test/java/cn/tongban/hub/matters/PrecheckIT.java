package cn.tongban.hub.matters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.TruthEnterprise;
import cn.tongban.hub.demo.data.TruthInsurance;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.registry.EnterpriseReplicaRepository;
import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * Pre-checks against the demo silos, with expectations read from the synthetic truth:
 * insurance proofs from social insurance, marriage proofs from civil affairs, enterprise
 * facts from the registry replica; evidence retrievable with a hash that recomputes; the
 * notice (JSON and HTML) listing exactly the must-submit materials, stable across runs.
 */
@HubIntegrationTest
class PrecheckIT {

    static final String TRANSFER = "GG00201002";
    static final String HOUSEHOLD = "QR00401004";
    static final String MATERNITY = "JF00601006";
    static final String STARTUP = "GG00101001";

    @LocalServerPort
    int port;

    @Autowired
    DemoInfrastructure demo;

    @Autowired
    ObjectMapper json;

    @Autowired
    EnterpriseReplicaRepository replica;

    RestClient http;

    @BeforeEach
    void setUp() {
        http = RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
    }

    /** Active persons whose silo records carry no quirk that changes what they say about them. */
    List<TruthPerson> clean() {
        return cn.tongban.hub.testing.DemoSubjects.cleanPersons(demo.dataSet());
    }

    static TruthInsurance pension(TruthPerson p) {
        return p.insurances().stream().filter(i -> TruthInsurance.PENSION.equals(i.type())).findFirst().orElse(null);
    }

    @Test
    void insuredPersonPayingPensionWithoutArrearsNeedsNoPaymentProof() throws Exception {
        TruthPerson p = clean().stream().filter(x -> {
            TruthInsurance i = pension(x);
            return i != null && TruthInsurance.PAYING.equals(i.contributionStatus()) && i.monthsPaid() >= 6
                    && i.arrears().signum() == 0;
        }).findFirst().orElseThrow();

        JsonNode answer = precheck(TRANSFER, p.citizenId(), "IT-TRANSFER-1", null);
        JsonNode proof = material(answer, "pension-payment-proof");
        assertThat(proof.path("outcome").asText()).as(answer.toString()).isEqualTo("satisfied");
        assertThat(material(answer, "identity").path("outcome").asText()).isEqualTo("satisfied");
        assertThat(answer.path("notice").path("count").asInt()).isZero();
        assertThat(answer.path("subject").asText()).doesNotContain(p.citizenId().substring(6, 14));

        JsonNode evidence = get("/api/v1/evidence/" + proof.path("evidenceId").asText(), TRANSFER, "IT-TRANSFER-1");
        assertThat(evidence.path("contentHash").asText()).isEqualTo(proof.path("evidenceHash").asText());
        assertThat(evidence.path("hashVerified").asBoolean()).isTrue();
        JsonNode content = evidence.path("content");
        // Recompute the hash from the stored content: it must be the hash stored with it.
        assertThat(CanonicalJson.hash(json.treeToValue(content, Object.class))).isEqualTo(evidence.path("contentHash").asText());
        // Only what the condition needed, with the facts of the truth and their source.
        List<String> keys = new ArrayList<>();
        content.path("data").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrder("insurance[110].insuranceType", "insurance[110].contributionStatus",
                "insurance[110].monthsPaid", "insurance[110].arrearsYuan");
        TruthInsurance truth = pension(p);
        assertThat(content.path("data").path("insurance[110].monthsPaid").path("value").asText()).isEqualTo(String.valueOf(truth.monthsPaid()));
        assertThat(new BigDecimal(content.path("data").path("insurance[110].arrearsYuan").path("value").asText())).isEqualByComparingTo("0");
        assertThat(content.path("data").path("insurance[110].monthsPaid").path("silo").asText()).isEqualTo("social-insurance");
        assertThat(content.path("sources").toString()).isEqualTo("[\"social-insurance\"]");
        assertThat(content.path("subjectKey").asText()).isEqualTo(p.citizenId());
        assertThat(content.path("caseNumber").asText()).isEqualTo("IT-TRANSFER-1");
        assertThat(content.path("fetchedAt").asText()).isNotBlank();
    }

    @Test
    void pensionInArrearsIsConditionNotMet() throws Exception {
        TruthPerson p = clean().stream().filter(x -> {
            TruthInsurance i = pension(x);
            return i != null && i.arrears().signum() > 0;
        }).findFirst().orElseThrow();
        JsonNode answer = precheck(TRANSFER, p.citizenId(), "IT-TRANSFER-2", null);
        JsonNode proof = material(answer, "pension-payment-proof");
        assertThat(proof.path("outcome").asText()).isEqualTo("must_submit");
        assertThat(proof.path("reason").asText()).isEqualTo("CONDITION_NOT_MET");
        assertThat(noticeIds(answer)).containsExactly("pension-payment-proof");
    }

    @Test
    void personWithoutInsuranceHasNoRecordForThePaymentProof() throws Exception {
        TruthPerson p = clean().stream().filter(x -> !x.insured()).findFirst().orElseThrow();
        JsonNode answer = precheck(TRANSFER, p.citizenId(), "IT-TRANSFER-3", null);
        assertThat(material(answer, "pension-payment-proof").path("reason").asText()).isEqualTo("NO_RECORD");
        assertThat(answer.path("sources").path("social-insurance").asText()).isEqualTo("not_found");
    }

    @Test
    void marriedPersonsMarriageCertificateComesFromCivilAffairs() throws Exception {
        TruthPerson p = clean().stream().filter(x -> "20".equals(x.maritalStatus()))
                .filter(x -> demo.dataSet().civilAffairs().record(x.citizenId()).isPresent()).findFirst().orElseThrow();
        JsonNode answer = precheck(HOUSEHOLD, p.citizenId(), "IT-HOUSEHOLD-1", null);
        JsonNode cert = material(answer, "marriage-certificate");
        assertThat(cert.path("outcome").asText()).as(answer.toString()).isEqualTo("satisfied");
        assertThat(cert.path("sources").toString()).contains("civil-affairs");
        JsonNode content = get("/api/v1/evidence/" + cert.path("evidenceId").asText(), HOUSEHOLD, "IT-HOUSEHOLD-1").path("content");
        assertThat(content.path("data").path("maritalStatus").path("value").asText()).isEqualTo("20");
        assertThat(content.path("data").path("maritalStatus").path("silo").asText()).isEqualTo("civil-affairs");
        assertThat(content.path("data").path("marriageRegisteredOn").path("value").asText())
                .isEqualTo(demo.dataSet().civilAffairs().marriage(p.citizenId()).orElseThrow().registeredOn().toString());
        assertThat(answer.path("notice").path("count").asInt()).isZero();
    }

    @Test
    void unmarriedPersonHasNoMarriageRecord() throws Exception {
        TruthPerson p = clean().stream().filter(x -> "10".equals(x.maritalStatus())).findFirst().orElseThrow();
        JsonNode answer = precheck(HOUSEHOLD, p.citizenId(), "IT-HOUSEHOLD-2", null);
        assertThat(material(answer, "marriage-certificate").path("reason").asText()).isEqualTo("NO_RECORD");
        assertThat(noticeIds(answer)).containsExactly("marriage-certificate");
    }

    @Test
    void matterDataCannotSatisfyGivesANoticeWhoseHtmlListsExactlyTheMustSubmitMaterials() throws Exception {
        TruthPerson p = clean().get(0);
        JsonNode answer = precheck(MATERNITY, p.citizenId(), "IT-MATERNITY-1", null);
        List<String> mustSubmit = new ArrayList<>();
        answer.path("materials").forEach(m -> {
            if (m.path("outcome").asText().equals("must_submit")) {
                mustSubmit.add(m.path("id").asText());
            }
        });
        assertThat(mustSubmit).contains("medical-invoices", "discharge-record");
        assertThat(material(answer, "medical-invoices").path("reason").asText()).isEqualTo("NOT_SHAREABLE");
        assertThat(noticeIds(answer)).containsExactlyElementsOf(mustSubmit);

        String html = http.get().uri(answer.path("notice").path("html").asText()).headers(purpose(MATERNITY, "IT-MATERNITY-1"))
                .exchange((req, res) -> {
                    assertThat(res.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
                    return new String(res.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                });
        Matcher m = Pattern.compile("data-material=\"([a-z0-9-]+)\"").matcher(html);
        List<String> rows = new ArrayList<>();
        while (m.find()) {
            rows.add(m.group(1));
        }
        assertThat(rows).containsExactlyElementsOf(mustSubmit);
        assertThat(html).contains("一次性告知清单").contains("医疗费用收费票据").contains(answer.path("notice").path("hash").asText())
                .doesNotContain(p.citizenId()).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=");
    }

    @Test
    void twoIdenticalPrechecksGiveIdenticalNotices() throws Exception {
        TruthPerson p = clean().stream().filter(x -> pension(x) != null && pension(x).arrears().signum() > 0).findFirst().orElseThrow();
        JsonNode one = precheck(MATERNITY, p.citizenId(), "IT-SAME-1", "agent");
        JsonNode two = precheck(MATERNITY, p.citizenId(), "IT-SAME-1", "agent");
        assertThat(one.path("precheckId").asText()).isNotEqualTo(two.path("precheckId").asText());
        assertThat(one.path("notice").path("hash").asText()).isEqualTo(two.path("notice").path("hash").asText());
        assertThat(one.path("notice").path("content")).isEqualTo(two.path("notice").path("content"));
        String html1 = http.get().uri(one.path("notice").path("html").asText()).headers(purpose(MATERNITY, "IT-SAME-1"))
                .retrieve().body(String.class);
        String html2 = http.get().uri(two.path("notice").path("html").asText()).headers(purpose(MATERNITY, "IT-SAME-1"))
                .retrieve().body(String.class);
        assertThat(html1).isEqualTo(html2);
        // A different case is a different notice.
        JsonNode other = precheck(MATERNITY, p.citizenId(), "IT-SAME-2", "agent");
        assertThat(other.path("notice").path("hash").asText()).isNotEqualTo(one.path("notice").path("hash").asText());
    }

    @Test
    void registeredEnterpriseHasItsLicenceFromTheRegistryAndADissolvedOneDoesNot() throws Exception {
        int expected = demo.dataSet().enterprises().size();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> replica.count() >= expected);
        TruthEnterprise active = demo.dataSet().enterprises().stream().filter(e -> "1".equals(e.registrationState())).findFirst().orElseThrow();
        TruthEnterprise closed = demo.dataSet().enterprises().stream().filter(e -> "4".equals(e.registrationState())).findFirst().orElseThrow();

        JsonNode ok = precheck(STARTUP, active.uscc(), "IT-STARTUP-1", null);
        JsonNode licence = material(ok, "business-licence");
        assertThat(licence.path("outcome").asText()).as(ok.toString()).isEqualTo("satisfied");
        JsonNode content = get("/api/v1/evidence/" + licence.path("evidenceId").asText(), STARTUP, "IT-STARTUP-1").path("content");
        assertThat(content.path("data").path("registrationState").path("value").asText()).isEqualTo("1");
        assertThat(content.path("data").path("uscc").path("value").asText()).isEqualTo(active.uscc());
        assertThat(content.path("sources").toString()).isEqualTo("[\"market-regulation\"]");

        JsonNode no = precheck(STARTUP, closed.uscc(), "IT-STARTUP-2", null);
        assertThat(material(no, "business-licence").path("reason").asText()).isEqualTo("CONDITION_NOT_MET");
    }

    @Test
    void prefillsTheFormFromSharedDataWithProvenance() throws Exception {
        TruthPerson p = clean().stream().filter(x -> pension(x) != null).findFirst().orElseThrow();
        JsonNode answer = get("/api/v1/matters/" + TRANSFER + "/prefill?subject=" + p.citizenId(), TRANSFER, DemoClients.CASE);
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        answer.path("fields").forEach(f -> byId.put(f.path("id").asText(), f));
        assertThat(byId.get("name").path("value").asText()).isEqualTo(p.name());
        assertThat(byId.get("name").path("source").path("silo").asText()).isEqualTo("public-security");
        assertThat(byId.get("birthDate").path("value").asText()).isEqualTo(p.birthDate().toString());
        assertThat(byId.get("monthsPaid").path("value").asInt()).isEqualTo(pension(p).monthsPaid());
        assertThat(byId.get("monthsPaid").path("source").path("silo").asText()).isEqualTo("social-insurance");
    }

    @Test
    void rejectsAMissingOrMismatchedCaseAndAnInvalidKeyAsProblems() {
        TruthPerson p = clean().get(0);
        // The case is part of the purpose: a body naming another case than X-Case-Number is refused ...
        assertThat(problem(TRANSFER, TRANSFER, DemoClients.CASE, "{\"subject\":\"" + p.citizenId() + "\",\"caseNumber\":\"OTHER-1\"}"))
                .isEqualTo("PURPOSE_MISMATCH");
        // ... and without the header there is no pre-check at all, whatever the body says.
        String withoutCase = http.post().uri("/api/v1/matters/" + TRANSFER + "/prechecks")
                .headers(h -> {
                    purpose(TRANSFER, DemoClients.CASE).accept(h);
                    h.remove(cn.tongban.hub.access.AccessHeaders.CASE);
                })
                .contentType(MediaType.APPLICATION_JSON).body("{\"subject\":\"" + p.citizenId() + "\",\"caseNumber\":\"C\"}")
                .exchange((req, res) -> json.readTree(res.getBody()).path("code").asText(), true);
        assertThat(withoutCase).isEqualTo("PURPOSE_REQUIRED");
        String bad = p.citizenId().substring(0, 17) + (p.citizenId().charAt(17) == '1' ? '2' : '1');
        assertThat(problem(TRANSFER, TRANSFER, "C", "{\"subject\":\"" + bad + "\",\"caseNumber\":\"C\"}")).isNotBlank().isNotEqualTo("INTERNAL_ERROR");
        // The purpose must name a matter of the catalogue: an unknown one in the path is then the controller's 404.
        assertThat(problem("XK99999999", TRANSFER, "C", "{\"subject\":\"" + p.citizenId() + "\",\"caseNumber\":\"C\"}")).isEqualTo("MATTER_NOT_FOUND");
    }

    /** POSTs a pre-check of matter {@code code} expected to fail, with the purpose {@code matter} and {@code caseNumber}. */
    private String problem(String code, String matter, String caseNumber, String body) {
        return http.post().uri("/api/v1/matters/" + code + "/prechecks").headers(purpose(matter, caseNumber))
                .contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange((req, res) -> {
                    assertThat(res.getStatusCode().value()).isBetween(400, 404);
                    return json.readTree(res.getBody()).path("code").asText();
                });
    }

    private JsonNode precheck(String code, String subject, String caseNumber, String applicantType) throws Exception {
        Map<String, String> body = new java.util.LinkedHashMap<>();
        body.put("subject", subject);
        body.put("caseNumber", caseNumber);
        if (applicantType != null) {
            body.put("applicantType", applicantType);
        }
        return json.readTree(http.post().uri("/api/v1/matters/" + code + "/prechecks").headers(purpose(code, caseNumber))
                .contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(body)).retrieve().body(String.class));
    }

    /** GET as the back-office client for the given matter and case (evidence: the matter and case it was taken for). */
    private JsonNode get(String path, String matter, String caseNumber) throws Exception {
        return json.readTree(http.get().uri(path).headers(purpose(matter, caseNumber)).retrieve().body(String.class));
    }

    /** The back-office key and a purpose naming the matter's catalogue code and the case. */
    private static Consumer<HttpHeaders> purpose(String matter, String caseNumber) {
        return DemoClients.purpose(DemoClients.BACKOFFICE_KEY, matter, caseNumber);
    }

    private static JsonNode material(JsonNode answer, String id) {
        for (JsonNode m : answer.path("materials")) {
            if (m.path("id").asText().equals(id)) {
                return m;
            }
        }
        throw new AssertionError("no material " + id + " in " + answer);
    }

    private static List<String> noticeIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.path("notice").path("content").path("items").forEach(i -> ids.add(i.path("materialId").asText()));
        return ids;
    }

    static Set<String> ids(List<TruthPerson> persons) {
        return persons.stream().map(TruthPerson::citizenId).collect(Collectors.toSet());
    }
}
