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

/** {@code GET /api/v1/persons/{idNumber}}: the merged person profile from every person silo. */
@RestController
@Tag(name = "profiles", description = "企业与个人档案 / Enterprise and person profiles")
@RequestMapping(path = "/api/v1/persons", produces = MediaType.APPLICATION_JSON_VALUE)
class PersonProfileController {

    private final PersonProfileService service;

    PersonProfileController(PersonProfileService service) {
        this.service = service;
    }

    @Operation(operationId = "getPerson",
            summary = "按公民身份号码查询个人档案 / Person profile by citizen ID number",
            description = """
                    合并公安、民政、社保等来源的个人档案：每个字段注明来源与时效，每个来源注明状态，                    险种逐条列出，来源之间的分歧列在 conflicts。

                    The person profile merged from public security, civil affairs, social insurance and the other                     person silos: every field with its provenance and freshness, every source with its status, one                     entry per insurance, disagreements listed in conflicts.""")
    @ApiResponse(responseCode = "200", description = "个人档案 / The person profile")
    @ApiResponse(responseCode = "400", description = "身份号码无效，code 说明未通过的规则（如 ID_CHECK_DIGIT）或未知字段 / Invalid ID number, code names the rule that failed (e.g. ID_CHECK_DIGIT), or an unknown field",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @ApiResponse(responseCode = "404", description = "号码有效但无此人（PERSON_NOT_FOUND） / Valid ID number, no such person (PERSON_NOT_FOUND)",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @GetMapping("/{idNumber}")
    @PurposeBound
    PersonProfile person(
            @Parameter(description = "公民身份号码（18 位，或 15 位旧号） / Citizen ID number (18 characters, or an old 15-digit one)",
                    example = "310115198211242579")
            @PathVariable String idNumber,
            @Parameter(description = "只返回这些规范字段（可重复或逗号分隔） / Return only these canonical fields (repeat or comma-separate)",
                    example = "name,maritalStatus")
            @RequestParam(required = false) List<String> fields) {
        return service.lookUp(idNumber, fields);
    }
}
