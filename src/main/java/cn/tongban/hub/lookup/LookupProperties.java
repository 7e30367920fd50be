package cn.tongban.hub.lookup;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How look-ups fan out to the pull silos ({@code hub.lookup.*}).
 *
 * @param deadline      the whole answer leaves within this time; a source that has not
 *                      answered by then is reported as {@code timeout}
 * @param threads       threads calling silos for look-ups (a bounded pool, never the common pool)
 * @param queueCapacity calls waiting for a thread; beyond it a source is reported as {@code error}
 */
@ConfigurationProperties("hub.lookup")
public record LookupProperties(
        @DefaultValue("2s") Duration deadline,
        @DefaultValue("16") int threads,
        @DefaultValue("200") int queueCapacity) {
}
