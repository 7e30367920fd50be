package cn.tongban.hub.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.tongban.hub.config.OpenApiConfiguration;

/**
 * The audit log for auditors: chain verification and the access history of one data subject.
 * (Who may call these is decided by the security layer, not here.)
 */
@RestController
@Tag(name = "audit", description = "审计日志：链校验与数据主体访问记录 / Audit log: chain verification and a data subject's access history")
@RequestMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
class AuditController {

    private final AuditStoreVerifier verifier;
    private final AuditSubjects subjects;

    AuditController(AuditStoreVerifier verifier, AuditSubjects subjects) {
        this.verifier = verifier;
        this.subjects = subjects;
    }

    @Operation(operationId = "verifyAudit", summary = "校验审计日志的哈希链与签名检查点 / Verify the audit log's hash chain and signed checkpoints",
            description = """
                    按序号逐条重算记录哈希、核对链接与签名检查点，报告第一条有问题的记录及问题代码；ok 为 false 时 problem \
                    说明篡改类型（如 AUDIT_RECORD_HASH_MISMATCH、AUDIT_SEQUENCE_GAP、AUDIT_CHECKPOINT_SIGNATURE_INVALID）。

                    Recomputes every record's hash in seq order and checks the links and the signed checkpoints; names \
                    the first bad record and a problem code (e.g. AUDIT_RECORD_HASH_MISMATCH, AUDIT_SEQUENCE_GAP, \
                    AUDIT_CHECKPOINT_SIGNATURE_INVALID) when ok is false.""")
    @ApiResponse(responseCode = "200", description = "校验结果 / The verification result")
    @ApiResponse(responseCode = "400", description = "范围无效（AUDIT_RANGE_INVALID） / Invalid range (AUDIT_RANGE_INVALID)",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @GetMapping("/verify")
    VerificationResult verify(
            @Parameter(description = "起始序号（含），缺省为表中第一条 / First seq to check (inclusive); default the first in the table")
            @RequestParam(required = false) Long from,
            @Parameter(description = "结束序号（含），缺省为末尾（并核对链头与最后的检查点） / Last seq to check (inclusive); "
                    + "default the end (the head row and last checkpoint are checked too)")
            @RequestParam(required = false) Long to,
            @Parameter(description = "同时校验归档文件（存在、摘要、内容） / Also check every archive file (present, digest, content)")
            @RequestParam(defaultValue = "false") boolean archives) {
        return verifier.verify(from, to, archives);
    }

    @Operation(operationId = "auditSubject", summary = "某人或某企业数据的访问记录 / Accesses to one person's or enterprise's data",
            description = """
                    按数据主体（公民身份号码或统一社会信用代码）查询访问记录，新的在前，分页：下一页传 before=nextBefore。\
                    15 位旧身份证号按 18 位查询。已归档的记录不在此列（见 archivedThroughSeq）。

                    The accesses to one data subject (citizen ID or USCC), newest first, paged: pass before=nextBefore for \
                    the next page. An old 15-digit ID is looked up as its 18-character form. Archived records are not \
                    included (see archivedThroughSeq).""")
    @ApiResponse(responseCode = "200", description = "一页访问记录 / A page of accesses")
    @ApiResponse(responseCode = "400", description = "既非身份证号也非统一社会信用代码（AUDIT_SUBJECT_INVALID），或分页参数无效（AUDIT_PAGE_INVALID） / "
            + "Neither a citizen ID nor a USCC (AUDIT_SUBJECT_INVALID), or an invalid page (AUDIT_PAGE_INVALID)",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @GetMapping("/subjects/{key}")
    AuditSubjects.Page subject(
            @Parameter(description = "公民身份号码或统一社会信用代码 / Citizen ID or unified social credit code", example = "91110108MA01ABCD2H")
            @PathVariable String key,
            @Parameter(description = "每页条数，1 至 1000，默认 100 / Page size, 1 to 1000, default 100")
            @RequestParam(required = false) Integer limit,
            @Parameter(description = "只返回序号小于此值的记录 / Only records with a seq below this")
            @RequestParam(required = false) Long before) {
        return subjects.accesses(key, limit, before);
    }
}
