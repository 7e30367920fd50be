package cn.tongban.hub.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.NewTopic;
import org.h2.tools.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import cn.tongban.hub.demo.data.SyntheticDataSet;
import cn.tongban.hub.demo.silos.CivilAffairsSimulator;
import cn.tongban.hub.demo.silos.MarketRegulationPublisher;
import cn.tongban.hub.demo.silos.PublicSecuritySimulator;
import cn.tongban.hub.demo.silos.SocialInsuranceSimulator;

/**
 * The embedded default: a real PostgreSQL for the hub's store, a real Kafka broker (KRaft)
 * and the simulated silos (the three of DESIGN.md plus the civil-affairs marriage registry),
 * all in-process and listening on 127.0.0.1 only. Started
 * before the application context so that the hub connects to them exactly as it would to
 * external servers; {@link #properties()} gives the addresses it must use.
 */
public final class DemoInfrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoInfrastructure.class);
    private final java.util.function.Consumer<String> startupLog;

    /** Partitions per topic: keys are USCCs, so more than one lets two replicas share the work. */
    static final int PARTITIONS = 3;

    private final DemoSettings settings;
    private EmbeddedPostgres postgres;
    private EmbeddedKafkaKraftBroker kafka;
    private Server socialInsuranceServer;
    private PublicSecuritySimulator publicSecurity;
    private CivilAffairsSimulator civilAffairs;
    private SocialInsuranceSimulator socialInsurance;
    private MarketRegulationPublisher marketRegulation;
    private SyntheticDataSet dataSet;
    private Path dataDir;
    private boolean ownsDataDir;

    DemoInfrastructure(DemoSettings settings, java.util.function.Consumer<String> startupLog) {
        this.settings = settings;
        this.startupLog = startupLog;
    }

    /** Starts every server; on failure stops those already started and rethrows. */
    public static DemoInfrastructure start(DemoSettings settings, java.util.function.Consumer<String> startupLog) {
        DemoInfrastructure infra = new DemoInfrastructure(settings, startupLog);
        try {
            infra.startAll();
            return infra;
        } catch (Exception e) {
            infra.close();
            throw new IllegalStateException("The embedded default could not start: " + e.getMessage(), e);
        }
    }

    private void startAll() throws Exception {
        long t0 = System.nanoTime();
        dataSet = SyntheticDataSet.generate(settings.seed(), settings.enterprises(), settings.persons());
        long tData = System.nanoTime();
        startPostgres();
        long tPg = System.nanoTime();
        startKafka();
        long tKafka = System.nanoTime();
        startSocialInsurance();
        publicSecurity = PublicSecuritySimulator.start(dataSet, settings.publicSecurityAppKey(), settings.publicSecurityAppSecret());
        civilAffairs = CivilAffairsSimulator.start(dataSet, settings.civilAffairsAppId(), settings.civilAffairsToken());
        marketRegulation = new MarketRegulationPublisher(kafka.getBrokersAsString(), settings.marketRegulationTopic());
        int published = marketRegulation.publishAll(dataSet);
        long tEnd = System.nanoTime();
        startupLog.accept(String.format(java.util.Locale.ROOT,
                "Embedded default up in %d ms: data set %d ms (%d enterprises, %d persons), PostgreSQL %d ms, Kafka %d ms, "
                        + "silos %d ms; %d market-regulation events published; public security at %s, civil affairs at %s",
                ms(tEnd - t0), ms(tData - t0), settings.enterprises(), settings.persons(), ms(tPg - tData),
                ms(tKafka - tPg), ms(tEnd - tKafka), published, publicSecurity.baseUrl(), civilAffairs.baseUrl()));
    }

    private static long ms(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    private void startPostgres() throws IOException {
        if (settings.dataDir() == null || settings.dataDir().isBlank()) {
            dataDir = Files.createTempDirectory("tongban-hub-pg");
            ownsDataDir = true;
        } else {
            dataDir = Path.of(settings.dataDir()).toAbsolutePath();
            Files.createDirectories(dataDir);
        }
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // Small footprint: this is a demo and test store on a 2-core machine.
                .setServerConfig("shared_buffers", "64MB")
                .setServerConfig("max_connections", "100")
                .setServerConfig("fsync", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database hub");
        } catch (SQLException e) {
            throw new IOException("cannot create the hub database", e);
        }
    }

    private void startKafka() {
        kafka = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        kafka.brokerProperties(Map.of(
                "auto.create.topics.enable", "false",
                "group.initial.rebalance.delay.ms", "0",
                "offsets.topic.num.partitions", "3"));
        kafka.afterPropertiesSet();
        kafka.addTopics(
                new NewTopic(settings.marketRegulationTopic(), PARTITIONS, (short) 1),
                new NewTopic(settings.enterpriseChangedTopic(), PARTITIONS, (short) 1),
                new NewTopic(settings.deadLetterTopic(), 1, (short) 1));
    }

    private void startSocialInsurance() throws SQLException {
        // H2 in Oracle mode over TCP stands in for the legacy Oracle database: the hub
        // reaches it over a real JDBC network connection, as it would in production.
        System.setProperty("h2.bindAddress", "127.0.0.1");
        socialInsuranceServer = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        // The database lives as long as the server (DB_CLOSE_DELAY=-1), which only the
        // administrator may set; the hub connects with the plain URL and a read-only account.
        socialInsurance = new SocialInsuranceSimulator(socialInsuranceJdbcUrl() + ";DB_CLOSE_DELAY=-1");
        socialInsurance.seed(dataSet);
    }

    private String socialInsuranceJdbcUrl() {
        return "jdbc:h2:tcp://127.0.0.1:" + socialInsuranceServer.getPort()
                + "/mem:social_insurance;MODE=Oracle";
    }

    /** The addresses the hub must use; they override the base configuration. */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "hub").replace("localhost", "127.0.0.1"));
        p.put("spring.datasource.username", "postgres");
        p.put("spring.datasource.password", "");
        p.put("hub.kafka.brokers", kafka.getBrokersAsString());
        p.put("hub.silos.public-security.base-url", publicSecurity.baseUrl());
        p.put("hub.silos.civil-affairs.base-url", civilAffairs.baseUrl());
        p.put("hub.silos.social-insurance.jdbc-url", socialInsuranceJdbcUrl());
        p.put("hub.silos.social-insurance.username", SocialInsuranceSimulator.USER);
        p.put("hub.silos.social-insurance.password", SocialInsuranceSimulator.PASSWORD);
        return p;
    }

    public SyntheticDataSet dataSet() {
        return dataSet;
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    public EmbeddedKafkaKraftBroker kafka() {
        return kafka;
    }

    public Server socialInsuranceServer() {
        return socialInsuranceServer;
    }

    public PublicSecuritySimulator publicSecurity() {
        return publicSecurity;
    }

    public CivilAffairsSimulator civilAffairs() {
        return civilAffairs;
    }

    public MarketRegulationPublisher marketRegulation() {
        return marketRegulation;
    }

    @Override
    public void close() {
        for (AutoCloseable c : List.<AutoCloseable>of(
                () -> { if (marketRegulation != null) marketRegulation.close(); },
                () -> { if (publicSecurity != null) publicSecurity.close(); },
                () -> { if (civilAffairs != null) civilAffairs.close(); },
                () -> { if (socialInsuranceServer != null) socialInsuranceServer.stop(); },
                () -> { if (kafka != null) kafka.destroy(); },
                () -> { if (postgres != null) postgres.close(); },
                () -> { if (ownsDataDir && dataDir != null) deleteRecursively(dataDir); })) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("Stopping part of the embedded default failed: {}", e.toString());
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
