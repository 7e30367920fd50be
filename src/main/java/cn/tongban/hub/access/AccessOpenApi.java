package cn.tongban.hub.access;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The access rules in the OpenAPI document: the two ways a client authenticates, required on
 * every operation, and the purpose headers on every {@link PurposeBound} operation, so that a
 * generated client asks for them.
 */
@Configuration(proxyBeanMethods = false)
class AccessOpenApi {

    static final String API_KEY_SCHEME = "apiKey";
    static final String BEARER_SCHEME = "bearerJwt";

    @Bean
    OpenApiCustomizer accessSchemes() {
        return api -> {
            if (api.getComponents() == null) {
                api.setComponents(new Components());
            }
            api.getComponents()
                    .addSecuritySchemes(API_KEY_SCHEME, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                            .in(SecurityScheme.In.HEADER).name(AccessHeaders.API_KEY)
                            .description("调用方 API 密钥 / The client's API key"))
                    .addSecuritySchemes(BEARER_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                            .bearerFormat("JWT").description("OAuth2 JWT，client_id 或 azp 为已配置的调用方 / OAuth2 JWT whose client_id or azp names a configured client"));
            api.addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME));
            api.addSecurityItem(new SecurityRequirement().addList(BEARER_SCHEME));
        };
    }

    @Bean
    OperationCustomizer purposeHeaders() {
        return (operation, handler) -> {
            if (handler.getMethodAnnotation(PurposeBound.class) == null) {
                return operation;
            }
            add(operation, header(AccessHeaders.OPERATOR, "经办人 / The operator who makes the request", "window-0042"));
            add(operation, header(AccessHeaders.MATTER, "用途：事项编码 / Purpose: the matter code", "GG00101001"));
            add(operation, header(AccessHeaders.CASE, "用途：办件编号 / Purpose: the case number", "DEMO-2026-0001"));
            return operation;
        };
    }

    /** Adds the header unless the operation already declares it (PATCH /api/v1/unresolved/{id} reads the operator itself). */
    private static void add(io.swagger.v3.oas.models.Operation operation, Parameter p) {
        boolean declared = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(q -> "header".equals(q.getIn()) && p.getName().equalsIgnoreCase(q.getName()));
        if (!declared) {
            operation.addParametersItem(p);
        }
    }

    private static Parameter header(String name, String description, String example) {
        return new Parameter().in("header").name(name).required(true).description(description)
                .schema(new StringSchema()).example(example);
    }
}
