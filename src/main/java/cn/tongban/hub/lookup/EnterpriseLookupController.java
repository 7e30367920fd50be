package cn.tongban.hub.lookup;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.tongban.hub.access.PurposeBound;
import cn.tongban.hub.config.OpenApiConfiguration;

/** {@code GET /api/v1/enterprises/{id}}: the enterprise profile by USCC or alias. */
@RestController
@Tag(name = "profiles", description = "企业与个人档案 / Enterprise and person profiles")
@RequestMapping(path = "/api/v1/enterprises", produces = MediaType.APPLICATION_JSON_VALUE)
class EnterpriseLookupController {

    private final EnterpriseLookupService service;

    EnterpriseLookupController(EnterpriseLookupService service) {
        this.service = service;
    }

    @Operation(operationId = "getEnterprise",
            summary = "按统一社会信用代码或别名查询企业档案 / Enterprise profile by USCC or alias",
            description = """
                    合并后的企业档案：市场监管数据取自本地副本，社保等来源并行调用；每个字段注明来源与时效，                    每个来源注明状态（ok、not_found、timeout、circuit_open、error、stale），来源之间的分歧列在 conflicts。                    校验位错误的统一社会信用代码仅在登记库中确有该码时接受，并加以标记（flags）。

                    The merged enterprise profile: market-regulation data from the local replica, the other silos                     called in parallel; every field carries its provenance and freshness, every source its status                     (ok, not_found, timeout, circuit_open, error, stale); disagreements are listed in conflicts.                     A USCC with a bad check character is accepted only when the registry holds it, and is then flagged.""")
    @ApiResponse(responseCode = "200", description = "企业档案 / The enterprise profile")
    @ApiResponse(responseCode = "400", description = "标识无效，code 说明未通过的规则（如 USCC_CHECK_DIGIT）或未知字段 / Invalid identifier, code names the rule that failed (e.g. USCC_CHECK_DIGIT), or an unknown field",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class),
                    examples = @ExampleObject(name = "USCC_CHECK_DIGIT", value = """
                            {"type":"urn:tongban:problem:USCC_CHECK_DIGIT","title":"Invalid identifier","status":400,                            "detail":"unified social credit code check character (position 18) is wrong (GB 32100-2015)",                            "instance":"/api/v1/enterprises/91350100M000100Y44","code":"USCC_CHECK_DIGIT"}""")))
    @ApiResponse(responseCode = "404", description = "标识有效但无此企业（ENTERPRISE_NOT_FOUND） / Valid identifier, no such enterprise (ENTERPRISE_NOT_FOUND)",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @ApiResponse(responseCode = "409", description = "别名对应多家企业（AMBIGUOUS_ALIAS） / The alias names several enterprises (AMBIGUOUS_ALIAS)",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @GetMapping("/{id}")
    @PurposeBound
    EnterpriseProfile enterprise(
            @Parameter(description = "统一社会信用代码（18 位）或别名：组织机构代码、注册号 / USCC (18 characters) or an alias: organisation code, registration number",
                    examples = {@ExampleObject(name = "uscc", summary = "统一社会信用代码 / USCC", value = "911101058226552339"),
                            @ExampleObject(name = "registrationNumber", summary = "注册号 / Registration number", value = "110105063463833"),
                            @ExampleObject(name = "badCheckCharacter", summary = "校验位错误 → 400 / Bad check character → 400", value = "91350100M000100Y44")})
            @PathVariable String id,
            @Parameter(description = "只返回这些规范字段（可重复或逗号分隔） / Return only these canonical fields (repeat or comma-separate)",
                    example = "name,legalRepresentative")
            @RequestParam(required = false) List<String> fields) {
        return service.lookUp(id, fields);
    }
}
