package cn.tongban.hub.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code prod} profile's logging configuration (application-prod.yaml) writes one JSON
 * object per line, with the request's correlation id as a field. A bare application with the
 * hub's configuration files and the prod profile, no hub beans: only the logging is tested.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsTest {

    @Configuration(proxyBeanMethods = false)
    static class Nothing {
    }

    @Test
    void prodLogsOneJsonObjectPerLineWithTheCorrelationId(CapturedOutput output) throws Exception {
        SpringApplication app = new SpringApplication(Nothing.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setAdditionalProfiles("prod");
        try (ConfigurableApplicationContext ignored = app.run("--hub.demo.enabled=false", "--HUB_NODE_NAME=hub-test")) {
            MDC.put(CorrelationId.MDC_KEY, "log-test-42");
            try {
                LoggerFactory.getLogger(StructuredLogsTest.class).info("structured line with \"quotes\"\nand a break");
            } finally {
                MDC.remove(CorrelationId.MDC_KEY);
            }
        }
        List<String> lines = output.getOut().lines().filter(l -> l.contains("structured line")).toList();
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertThat(line.path("message").asText()).isEqualTo("structured line with \"quotes\"\nand a break");
        assertThat(line.path(CorrelationId.MDC_KEY).asText()).isEqualTo("log-test-42");
        assertThat(line.path("log").path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("service").path("name").asText()).isEqualTo("tongban-hub");
        assertThat(line.path("service").path("node").path("name").asText()).isEqualTo("hub-test");
        // Every line the application wrote from its start to its end is JSON (no banner either).
        List<String> all = output.getOut().lines().filter(l -> !l.isBlank()).toList();
        assertThat(all).hasSizeGreaterThan(1);
        for (String l : all) {
            assertThat(l).startsWith("{").endsWith("}");
            assertThat(new ObjectMapper().readTree(l).isObject()).isTrue();
        }
    }
}
