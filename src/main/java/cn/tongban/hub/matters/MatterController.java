package cn.tongban.hub.matters;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.tongban.hub.access.Access;
import cn.tongban.hub.access.AccessHeaders;
import cn.tongban.hub.access.PurposeBound;
import cn.tongban.hub.api.ApiProblem;
import cn.tongban.hub.api.ProblemCodes;
import org.springframework.http.HttpStatus;
import cn.tongban.hub.config.OpenApiConfiguration;

/** The matter catalogue, pre-checks with their notices and evidence, and form prefill. */
@RestController
@Tag(name = "matters", description = "事项目录、预审、一次性告知与表单预填 / Matter catalogue, pre-checks, notices and prefill")
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

    /** The case of a pre-check: the body's, which must then be the purpose's, or else the purpose's. */
    private static String caseNumber(String inBody) {
        String purpose = Access.currentCase();
        if (inBody != null && !inBody.isBlank() && purpose != null && !purpose.equals(inBody)) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.PURPOSE_MISMATCH, "Purpose mismatch",
                    "The body names case " + inBody + ", the " + AccessHeaders.CASE + " header " + purpose + ".");
        }
        return inBody == null || inBody.isBlank() ? purpose : inBody;
    }

    private final MatterCatalogue catalogue;
    private final PrecheckService prechecks;

    MatterController(MatterCatalogue catalogue, PrecheckService prechecks) {
        this.catalogue = catalogue;
        this.prechecks = prechecks;
    }

    @Operation(operationId = "listMatters", summary = "查询事项目录 / Search the matter catalogue",
            description = "按事项编码、标准名称或地方别名查找，不含材料清单。 / By code, standard name or regional alias; without the material lists.")
    @GetMapping("/api/v1/matters")
    Map<String, Object> list(@Parameter(description = "编码、名称或别名的片段 / Part of a code, name or alias") @RequestParam(name = "q", required = false) String q) {
        List<MatterSummary> matters = catalogue.search(q).stream()
                .map(m -> new MatterSummary(m.code(), m.type(), m.name(), m.aliases(), m.subjectType(), m.department(), m.materials().size()))
                .toList();
        return Map.of("count", matters.size(), "matters", matters);
    }

    @Operation(operationId = "getMatter", summary = "事项及其材料清单 / A matter with its material list")
    @ApiResponse(responseCode = "404", description = "无此事项（MATTER_NOT_FOUND） / No such matter (MATTER_NOT_FOUND)",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @ApiResponse(responseCode = "200", description = "事项 / The matter")
    @GetMapping("/api/v1/matters/{code}")
    Matter matter(@Parameter(description = "事项编码或名称 / Matter code or name") @PathVariable String code) {
        return prechecks.matter(code);
    }

    @Operation(operationId = "precheck", summary = "事项预审：逐项材料由数据满足或需提交，附一次性告知 / Pre-check a matter: each material satisfied by data or to submit, with the one-time notice",
            description = "同样的输入与数据给出同样的告知；由数据满足的材料附证据记录（GET /api/v1/evidence/{id}）。 / Same input and data give the same notice; a material satisfied by data carries an evidence record (GET /api/v1/evidence/{id}).")
    @ApiResponse(responseCode = "400", description = "缺少申请人或案件编号、申请人类型未知、标识无效（code 说明原因） / Applicant or case number missing, unknown applicant type, invalid key (see code)",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @ApiResponse(responseCode = "404", description = "无此事项或无此申请人 / No such matter or applicant",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @ApiResponse(responseCode = "200", description = "预审结果与一次性告知 / The pre-check answer with the notice")
    @PostMapping("/api/v1/matters/{code}/prechecks")
    @PurposeBound(matterVariable = "code")
    PrecheckAnswer precheck(@Parameter(description = "事项编码或名称 / Matter code or name") @PathVariable String code, @RequestBody PrecheckRequest body) {
        return prechecks.precheck(code, body.subject(), caseNumber(body.caseNumber()), body.applicantType());
    }

    @Operation(operationId = "getPrecheck", summary = "已存的预审结果 / A stored pre-check answer")
    @ApiResponse(responseCode = "404", description = "无此预审（PRECHECK_NOT_FOUND） / No such pre-check (PRECHECK_NOT_FOUND)",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @ApiResponse(responseCode = "200", description = "预审结果 / The pre-check answer",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PrecheckAnswer.class)))
    @PurposeBound(matterVariable = "code")
    @GetMapping(value = "/api/v1/matters/{code}/prechecks/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    String storedPrecheck(@PathVariable String code, @PathVariable String id) {
        return prechecks.storedAnswer(code, id);
    }

    @Operation(operationId = "getNotice", summary = "可打印的一次性告知单（中文 HTML） / The printable one-time notice (HTML, Chinese)")
    @ApiResponse(responseCode = "404", description = "无此预审 / No such pre-check",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @ApiResponse(responseCode = "200", description = "告知单 / The notice",
            content = @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string")))
    @PurposeBound(matterVariable = "code")
    @GetMapping(value = "/api/v1/matters/{code}/prechecks/{id}/notice")
    ResponseEntity<String> notice(@PathVariable String code, @PathVariable String id) {
        Map.Entry<Notice, String> n = prechecks.storedNotice(code, id);
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .body(NoticeHtml.render(n.getKey(), n.getValue()));
    }

    @Operation(operationId = "prefill", summary = "用共享数据预填申请表 / The application form prefilled from shared data",
            description = "每个字段注明来源，无需重复填写。 / Every field with its provenance, so nothing is typed twice.")
    @ApiResponse(responseCode = "400", description = "缺少或无效的申请人标识 / Applicant key missing or invalid",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @ApiResponse(responseCode = "404", description = "无此事项或无此申请人 / No such matter or applicant",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @ApiResponse(responseCode = "200", description = "预填的表单字段 / The prefilled form fields")
    @PurposeBound(matterVariable = "code")
    @GetMapping("/api/v1/matters/{code}/prefill")
    PrefillAnswer prefill(@PathVariable String code,
                          @Parameter(description = "申请人标识：统一社会信用代码或公民身份号码 / Applicant key: USCC or citizen ID number", example = "911101058226552339") @RequestParam(name = "subject", required = false) String subject) {
        return prechecks.prefill(code, subject);
    }

    @Operation(operationId = "getEvidence", summary = "证据记录：数据、来源、获取时间与内容哈希 / An evidence record: data, sources, fetched-at and content hash")
    @ApiResponse(responseCode = "404", description = "无此证据（EVIDENCE_NOT_FOUND） / No such evidence (EVIDENCE_NOT_FOUND)",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @ApiResponse(responseCode = "200", description = "证据记录 / The evidence record")
    @GetMapping("/api/v1/evidence/{id}")
    @PurposeBound
    EvidenceView evidence(@PathVariable String id) {
        PrecheckStore.StoredEvidence e = prechecks.evidence(id);
        if (!e.matterCode().equals(Access.currentMatter())) {
            // Evidence serves the matter it was issued for, and no other purpose.
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.PURPOSE_MISMATCH, "Purpose mismatch",
                    "This evidence was issued for matter " + e.matterCode() + ", not the one in " + AccessHeaders.MATTER + ".");
        }
        return new EvidenceView(e.id().toString(), e.precheckId().toString(), e.matterCode(), e.materialId(), e.caseNumber(),
                e.contentHash(), CanonicalJson.ALGORITHM, CanonicalJson.DESCRIPTION,
                CanonicalJson.rehash(e.content()).equals(e.contentHash()), e.createdAt().toString(), e.content());
    }
}
