package cn.tongban.hub.matters;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonRawValue;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The matter catalogue, pre-checks with their notices and evidence, and form prefill. */
@RestController
class MatterController {

    /** A catalogue entry without its materials. */
    record MatterSummary(String code, String type, String name, List<String> aliases, String subjectType, String department,
                         int materials) {
    }

    /** Body of a pre-check: the applicant's key and the case (purpose) it is made for. */
    record PrecheckRequest(String subject, String caseNumber, String applicantType) {
    }

    /** An evidence record; {@code content} is the stored canonical JSON, unchanged. */
    record EvidenceView(String id, String precheckId, String matterCode, String materialId, String caseNumber,
                        String contentHash, String hashAlgorithm, String canonicalization, boolean hashVerified,
                        String createdAt, @JsonRawValue String content) {
    }

    private final MatterCatalogue catalogue;
    private final PrecheckService prechecks;

    MatterController(MatterCatalogue catalogue, PrecheckService prechecks) {
        this.catalogue = catalogue;
        this.prechecks = prechecks;
    }

    @GetMapping("/api/v1/matters")
    Map<String, Object> list(@RequestParam(name = "q", required = false) String q) {
        List<MatterSummary> matters = catalogue.search(q).stream()
                .map(m -> new MatterSummary(m.code(), m.type(), m.name(), m.aliases(), m.subjectType(), m.department(), m.materials().size()))
                .toList();
        return Map.of("count", matters.size(), "matters", matters);
    }

    @GetMapping("/api/v1/matters/{code}")
    Matter matter(@PathVariable String code) {
        return prechecks.matter(code);
    }

    @PostMapping("/api/v1/matters/{code}/prechecks")
    PrecheckAnswer precheck(@PathVariable String code, @RequestBody PrecheckRequest body) {
        return prechecks.precheck(code, body.subject(), body.caseNumber(), body.applicantType());
    }

    @GetMapping(value = "/api/v1/matters/{code}/prechecks/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    String storedPrecheck(@PathVariable String code, @PathVariable String id) {
        return prechecks.storedAnswer(code, id);
    }

    @GetMapping(value = "/api/v1/matters/{code}/prechecks/{id}/notice")
    ResponseEntity<String> notice(@PathVariable String code, @PathVariable String id) {
        Map.Entry<Notice, String> n = prechecks.storedNotice(code, id);
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .body(NoticeHtml.render(n.getKey(), n.getValue()));
    }

    @GetMapping("/api/v1/matters/{code}/prefill")
    PrefillAnswer prefill(@PathVariable String code, @RequestParam(name = "subject", required = false) String subject) {
        return prechecks.prefill(code, subject);
    }

    @GetMapping("/api/v1/evidence/{id}")
    EvidenceView evidence(@PathVariable String id) {
        PrecheckStore.StoredEvidence e = prechecks.evidence(id);
        return new EvidenceView(e.id().toString(), e.precheckId().toString(), e.matterCode(), e.materialId(), e.caseNumber(),
                e.contentHash(), CanonicalJson.ALGORITHM, CanonicalJson.DESCRIPTION,
                CanonicalJson.rehash(e.content()).equals(e.contentHash()), e.createdAt().toString(), e.content());
    }
}
