package cn.tongban.hub.config;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Addresses and settings of the hub's own broker and of the silos it reaches, bound from
 * {@code hub.*}. Every value has an environment variable in {@code application.yaml}.
 */
@ConfigurationProperties("hub")
public record HubProperties(
        @DefaultValue("routes") String routesDir,
        @DefaultValue("mappings") String mappingsDir,
        Kafka kafka,
        Silos silos) {

    public record Kafka(String brokers, @DefaultValue("tongban-hub") String consumerGroup, Map<String, String> topics) {

        public String topic(String name) {
            String topic = topics == null ? null : topics.get(name);
            if (topic == null || topic.isBlank()) {
                throw new IllegalStateException("hub.kafka.topics." + name + " is not configured");
            }
            return topic;
        }
    }

    public record Silos(PublicSecurity publicSecurity, SocialInsurance socialInsurance, MarketRegulation marketRegulation) {
    }

    public record PublicSecurity(String baseUrl, String appKey, String appSecret,
                                 @DefaultValue("/health") String healthPath,
                                 @DefaultValue("2s") Duration healthTimeout) {
    }

    public record SocialInsurance(String jdbcUrl, String username, String password,
                                  @DefaultValue("2s") Duration healthTimeout) {
    }

    public record MarketRegulation(@DefaultValue("2s") Duration healthTimeout) {
    }
}
