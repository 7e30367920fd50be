package cn.tongban.hub.demo;

import org.springframework.core.env.Environment;

/** Settings of the embedded default, read from {@code hub.demo.*} and the topic names. */
public record DemoSettings(long seed, int enterprises, int persons, String dataDir,
                           String marketRegulationTopic, String enterpriseChangedTopic, String deadLetterTopic,
                           String publicSecurityAppKey, String publicSecurityAppSecret,
                           String civilAffairsAppId, String civilAffairsToken) {

    static DemoSettings from(Environment env) {
        return new DemoSettings(
                env.getProperty("hub.demo.seed", Long.class, 20261123L),
                env.getProperty("hub.demo.enterprises", Integer.class, 2000),
                env.getProperty("hub.demo.persons", Integer.class, 10000),
                env.getProperty("hub.demo.data-dir", ""),
                env.getRequiredProperty("hub.kafka.topics.market-regulation-events"),
                env.getRequiredProperty("hub.kafka.topics.enterprise-changed"),
                env.getRequiredProperty("hub.kafka.topics.dead-letter"),
                env.getRequiredProperty("hub.silos.public-security.app-key"),
                env.getRequiredProperty("hub.silos.public-security.app-secret"),
                env.getRequiredProperty("hub.silos.civil-affairs.app-id"),
                env.getRequiredProperty("hub.silos.civil-affairs.token"));
    }
}
