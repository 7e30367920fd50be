package cn.tongban.hub.lookup;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import cn.tongban.hub.access.PurposeBound;
import cn.tongban.hub.config.OpenApiConfiguration;

/** {@code POST /api/v1/verifications}: claimed values in, match or differ out, never the recorded values. */
@RestController
@Tag(name = "verification", description = "核验 / Verification")
@RequestMapping(path = "/api/v1/verifications", produces = MediaType.APPLICATION_JSON_VALUE)
class VerificationController {

    private final VerificationService service;

    VerificationController(VerificationService service) {
        this.service = service;
    }

    @Operation(operationId = "verify",
            summary = "核验申请人所填的值 / Verify the values an applicant gave",
            description = """
                    提交申请人填写的值（名称、法定代表人、状态、地址等），逐字段返回 match、differ 或 unknown，                    不返回调用方原本没有的值（最少披露）。

                    Submit the values the applicant gave (name, legal representative, status, address, ...) and                     receive, per field, match, differ or unknown, never a value the caller did not already have.""")
    @ApiResponse(responseCode = "200", description = "逐字段核验结果 / Match or differ per field")
    @ApiResponse(responseCode = "400", description = "主体标识无效、未知字段或无法解析的值（code 说明原因） / Invalid subject key, unknown field or unreadable claim (see code)",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @ApiResponse(responseCode = "404", description = "标识有效但无此主体 / Valid key, no such subject",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @PurposeBound
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Verification.Answer verify(@RequestBody Verification.Request request) {
        return service.verify(request);
    }
}
