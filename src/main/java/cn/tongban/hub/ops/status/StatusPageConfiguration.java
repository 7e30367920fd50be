package cn.tongban.hub.ops.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The operators' status page on the management port: {@code /actuator/status} (the page),
 * {@code /actuator/status/data} (its JSON) and {@code /actuator/status/assets/*} (its script,
 * style sheet and ECharts, all from the jar: no CDN). Behind the management port's operator
 * login like every actuator endpoint (access.SecurityConfiguration).
 *
 * <p>Imported by {@link cn.tongban.hub.ops.ManagementContextImports} (the one entry of
 * META-INF/spring/...ManagementContextConfiguration.imports), so Boot puts it in the
 * management server's own context (or the main one when both share a port); deliberately not a
 * {@code @Configuration}, which the application's component scan would also register in the
 * main context and so serve on the API port.
 */
public class StatusPageConfiguration {

    private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");
    private static final MediaType JS = MediaType.parseMediaType("text/javascript;charset=UTF-8");
    private static final MediaType CSS = MediaType.parseMediaType("text/css;charset=UTF-8");
    private static final String ECHARTS = "classpath*:META-INF/resources/webjars/echarts/*/dist/echarts.min.js";

    @Bean
    RouterFunction<ServerResponse> hubStatusPage(StatusReport report, ObjectMapper json, Environment env) {
        String base = env.getProperty("management.endpoints.web.base-path", "/actuator") + "/status";
        byte[] page = classpath("ops-status/index.html");
        Map<String, Asset> assets = Map.of(
                "status.js", new Asset(JS, classpath("ops-status/status.js")),
                "status.css", new Asset(CSS, classpath("ops-status/status.css")),
                "echarts.min.js", new Asset(JS, echarts()));
        return RouterFunctions.route()
                .GET(base, req -> ServerResponse.ok().contentType(HTML).cacheControl(CacheControl.noStore()).body(page))
                .GET(base + "/data", req -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .cacheControl(CacheControl.noStore()).body(toJson(json, report.report())))
                .GET(base + "/assets/{name}", req -> {
                    Asset a = assets.get(req.pathVariable("name"));
                    if (a == null) {
                        return ServerResponse.notFound().build();
                    }
                    return ServerResponse.ok().contentType(a.type()).cacheControl(CacheControl.maxAge(Duration.ofHours(1))).body(a.bytes());
                })
                .build();
    }

    private record Asset(MediaType type, byte[] bytes) {
    }

    private static byte[] toJson(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("status report not serialisable", e);
        }
    }

    private static byte[] classpath(String path) {
        try (InputStream in = StatusPageConfiguration.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ECharts from its WebJar, whatever version the pom names. */
    private static byte[] echarts() {
        try {
            Resource[] found = new PathMatchingResourcePatternResolver(StatusPageConfiguration.class.getClassLoader()).getResources(ECHARTS);
            if (found.length == 0) {
                throw new IllegalStateException("the ECharts WebJar is missing: " + ECHARTS);
            }
            try (InputStream in = found[0].getInputStream()) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
