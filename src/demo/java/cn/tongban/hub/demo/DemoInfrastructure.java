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
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.NewTopic;
import org.h2.tools.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import cn.tongban.hub.demo.data.SyntheticDataSet;
import cn.tongban.hub.demo.faults.SiloFaults;
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
 *
 * <p>The hub reaches the pull silos through their fault proxies ({@link #faults()}), which
 * pass traffic unchanged until an operator rehearses an outage on the management port
 * ({@code /demo/faults}); the simulators' own addresses stay reachable for tests.
 */
public final class DemoInfrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoInfrastructure.class);
    private final java.util.function.Consumer<String> startupLog;

    /** Partitions per topic: keys are USCCs, so more than one lets two replicas share the work. */
    static final int PARTITIONS = 3;
    /** Numbers the social-insurance databases: H2's in-memory databases are global to the JVM. */
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final DemoSettings settings;
    private EmbeddedPostgres postgres;
    private EmbeddedKafkaKraftBroker kafka;
    private Server socialInsuranceServer;
    private PublicSecuritySimulator publicSecurity;
    private CivilAffairsSimulator civilAffairs;
    private SocialInsuranceSimulator socialInsurance;
    private MarketRegulationPublisher marketRegulation;
    private SiloFaults faults;
    private SyntheticDataSet dataSet;
    /** Unique in the JVM, so that a second embedded default (a test with its own context) gets its own database. */
    private final String socialInsuranceDatabase = "social_insurance" + suffix(INSTANCES.incrementAndGet());
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
        faults = SiloFaults.start(publicSecurity, civilAffairs, socialInsuranceServer.getPort(), socialInsurance, marketRegulation);
        faults.checkThroughProxies(socialInsuranceJdbcUrl(faults.proxyPort(SiloFaults.SOCIAL_INSURANCE)),
                SocialInsuranceSimulator.USER, SocialInsuranceSimulator.PASSWORD);
        int published = marketRegulation.publishAll(dataSet);
        long tEnd = System.nanoTime();
        startupLog.accept(String.format(java.util.Locale.ROOT,
                "Embedded default up in %d ms: data set %d ms (%d enterprises, %d persons), PostgreSQL %d ms, Kafka %d ms, "
                        + "silos %d ms; %d market-regulation events published; public security at %s, civil affairs at %s "
                        + "(the hub goes through fault proxies on ports %d and %d, social insurance on %d)",
                ms(tEnd - t0), ms(tData - t0), settings.enterprises(), settings.persons(), ms(tPg - tData),
                ms(tKafka - tPg), ms(tEnd - tKafka), published, publicSecurity.baseUrl(), civilAffairs.baseUrl(),
                faults.proxyPort(SiloFaults.PUBLIC_SECURITY), faults.proxyPort(SiloFaults.CIVIL_AFFAIRS),
                faults.proxyPort(SiloFaults.SOCIAL_INSURANCE)));
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
        socialInsurance = new SocialInsuranceSimulator(socialInsuranceJdbcUrl(socialInsuranceServer.getPort()) + ";DB_CLOSE_DELAY=-1");
        socialInsurance.seed(dataSet);
    }

    private String socialInsuranceJdbcUrl(int port) {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + socialInsuranceDatabase + ";MODE=Oracle";
    }

    private static String suffix(int instance) {
        return instance == 1 ? "" : "_" + instance;
    }

    /** The addresses the hub must use; they override the base configuration. */
    public Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "hub").replace("localhost", "127.0.0.1"));
        p.put("spring.datasource.username", "postgres");
        p.put("spring.datasource.password", "");
        p.put("hub.kafka.brokers", kafka.getBrokersAsString());
        // The pull silos through their fault proxies: what an operator switches there is what the hub meets.
        p.put("hub.silos.public-security.base-url", "http://127.0.0.1:" + faults.proxyPort(SiloFaults.PUBLIC_SECURITY));
        p.put("hub.silos.civil-affairs.base-url", "http://127.0.0.1:" + faults.proxyPort(SiloFaults.CIVIL_AFFAIRS));
        p.put("hub.silos.social-insurance.jdbc-url", socialInsuranceJdbcUrl(faults.proxyPort(SiloFaults.SOCIAL_INSURANCE)));
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

    /** The fault switches of the simulated silos (rehearsing an outage). */
    public SiloFaults faults() {
        return faults;
    }

    @Override
    public void close() {
        for (AutoCloseable c : List.<AutoCloseable>of(
                // First: the proxies release their connections before the silos behind them stop.
                () -> { if (faults != null) faults.close(); },
                () -> { if (marketRegulation != null) marketRegulation.close(); },
                () -> { if (publicSecurity != null) publicSecurity.close(); },
                () -> { if (civilAffairs != null) civilAffairs.close(); },
                () -> { if (socialInsurance != null) socialInsurance.shutdown(); },
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
