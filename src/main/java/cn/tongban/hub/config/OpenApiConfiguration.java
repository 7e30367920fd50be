package cn.tongban.hub.config;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;

/**
 * The head of the OpenAPI document that Springdoc serves at {@code /v3/api-docs} (Swagger UI
 * at {@code /swagger-ui.html}); the operations are described on the controllers. The
 * committed copy in {@code docs/openapi.json} is the contract the generated client is built
 * from, kept equal to this one by {@code OpenApiDocumentIT}.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    /** The media type of every error answer (RFC 9457). */
    public static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    OpenAPI hubOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties props = build.getIfAvailable();
        String version = props == null ? "dev" : props.getVersion();
        return new OpenAPI().info(new Info()
                .title("通办数据枢纽 Tongban Hub API")
                .version(version)
                .description("""
                        政务服务窗口的零材料查询：企业和个人档案（各字段注明来源与时效）、核验、事项预审与一次性告知。\
                        错误均以 application/problem+json 返回，并带稳定的 code。

                        Zero-document look-ups for government service windows: enterprise and person profiles \
                        (each field with its source and freshness), verification, matter pre-checks and the \
                        one-time notice. Every error is application/problem+json with a stable `code`."""));
    }

    /**
     * Names the schema of a nested type after its enclosing type ({@code Verification.Answer}
     * becomes {@code VerificationAnswer}): by simple name alone {@code DryRunService.Result} and
     * {@code Verification.Result} would share one schema and the document would lie about one
     * of them. Records nested in a controller keep their (distinct) simple names; a type named
     * with {@code @Schema(name=...)} keeps that name.
     */
    @Bean
    ModelConverter nestedTypeSchemaNames() {
        return (type, context, chain) -> {
            if (!chain.hasNext()) {
                return null;
            }
            if (type.getName() == null || type.getName().isBlank()) {
                JavaType javaType = Json.mapper().constructType(type.getType());
                Class<?> raw = javaType.getRawClass();
                Class<?> outer = raw.getEnclosingClass();
                Schema named = raw.getAnnotation(Schema.class);
                if (outer != null && raw.getName().startsWith("cn.tongban.hub.") && !outer.getSimpleName().endsWith("Controller")
                        && (named == null || named.name().isEmpty()) && javaType.getBindings().isEmpty()) {
                    type.name(outer.getSimpleName() + raw.getSimpleName());
                }
            }
            return chain.next().resolve(type, context, chain);
        };
    }

    /**
     * The shape of every error answer as {@code cn.tongban.hub.api.ProblemAdvice} writes it:
     * an RFC 9457 problem with the hub's stable {@code code}. Only for the document.
     */
    @Schema(name = "Problem", description = "错误（RFC 9457 problem+json，带稳定 code） / An error (RFC 9457 problem+json with a stable code)")
    public record Problem(
            @Schema(description = "问题类型 / Problem type, urn:tongban:problem:<code>", example = "urn:tongban:problem:USCC_CHECK_DIGIT")
            String type,
            @Schema(description = "标题 / Short title", example = "Invalid identifier")
            String title,
            @Schema(description = "HTTP 状态码 / HTTP status", example = "400")
            int status,
            @Schema(description = "说明：哪条规则未通过 / What went wrong, e.g. which rule failed")
            String detail,
            @Schema(description = "请求路径 / The request path", example = "/api/v1/enterprises/91350100M000100Y44")
            String instance,
            @Schema(description = "稳定的错误代码 / Stable error code", example = "USCC_CHECK_DIGIT")
            String code) {
    }
}
