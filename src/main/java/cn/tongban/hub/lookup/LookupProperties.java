package cn.tongban.hub.lookup;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Configuration;

/**
 * How look-ups fan out to the pull silos ({@code hub.lookup.*}). Each silo's own threads,
 * deadline, breaker and retries are resilience4j instances named after it (application.yaml).
 *
 * @param deadline      the whole answer leaves within this time; a source that has not
 *                      answered by then is reported as {@code stale} or {@code timeout}
 * @param staleMaxAge   a last-known-good answer older than this is never served, and purged
 */
@ConfigurationProperties("hub.lookup")
public record LookupProperties(
        @DefaultValue("2s") Duration deadline,
        @DefaultValue("72h") Duration staleMaxAge) {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(LookupProperties.class)
    static class Binding {
    }
}
