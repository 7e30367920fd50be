package cn.tongban.hub.deploy;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import cn.tongban.hub.TongbanHubApplication;
import cn.tongban.hub.demo.data.SyntheticDataSet;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.demo.silos.SimulatorFiles;
import cn.tongban.hub.logging.CorrelationId;
import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.DemoSubjects;

/**
 * The compose deployment without Docker: the hub in the {@code prod} profile, configured only
 * through the hub-1 service's environment in docker-compose.yml (addresses rewritten to
 * local servers), against what the compose silos are made of: the generated WireMock stubs on
 * a stock WireMock server, the generated social-insurance SQL in PostgreSQL (not the demo's
 * H2), the store in PostgreSQL and the market-regulation events published to a real broker
 * by SimulatorFiles. A person look-up answers from all three pull silos.
 */
class ProdProfileOnSimulatorFilesIT {

    @TempDir
    static Path dir;
    static EmbeddedPostgres pg;
    static EmbeddedKafkaKraftBroker kafka;
    static WireMockServer silos;
    static ConfigurableApplicationContext hub;
    static SyntheticDataSet data;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> env = new LinkedHashMap<>(ComposeFileTest.environment(
                ComposeFileTest.map(ComposeFileTest.services().get("hub-1"))));
        env.replaceAll((k, v) -> v == null ? null : v.replace("$$", "$"));
        Map<String, String> simulatorEnv = new LinkedHashMap<>(ComposeFileTest.environment(
                ComposeFileTest.map(ComposeFileTest.services().get("simulators"))));
        // A small data set: what is tested is the wiring, not the volume.
        simulatorEnv.put("HUB_DEMO_ENTERPRISES", "40");
        simulatorEnv.put("HUB_DEMO_PERSONS", "120");
        data = SyntheticDataSet.generate(Long.parseLong(simulatorEnv.get("HUB_DEMO_SEED")), 40, 120);

        pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE hub");
            s.execute("CREATE DATABASE social_insurance");
        }
        kafka = new EmbeddedKafkaKraftBroker(1, 3);
        kafka.brokerProperties(Map.of("auto.create.topics.enable", "false", "group.initial.rebalance.delay.ms", "0",
                "offsets.topic.num.partitions", "3"));
        kafka.afterPropertiesSet();
        kafka.addTopics(new NewTopic("unused.warm-up", 1, (short) 1));
        simulatorEnv.put("HUB_KAFKA_BROKERS", kafka.getBrokersAsString());
        SimulatorFiles.run(dir, simulatorEnv, new PrintStream(OutputStream.nullOutputStream()));
        try (Connection c = pg.getDatabase("postgres", "social_insurance").getConnection(); Statement s = c.createStatement()) {
            s.execute(Files.readString(dir.resolve(SimulatorFiles.SOCIAL_INSURANCE_SQL), StandardCharsets.UTF_8));
        }
        silos = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .usingFilesUnderDirectory(dir.resolve(SimulatorFiles.WIREMOCK_DIR).toString()));
        silos.start();

        // The compose environment with the container addresses pointed at the local servers.
        String pgBase = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/";
        env.put("HUB_DB_URL", env.get("HUB_DB_URL").replace("jdbc:postgresql://postgres:5432/", pgBase));
        env.put("HUB_DB_USER", "postgres");
        env.put("HUB_SI_JDBC_URL", env.get("HUB_SI_JDBC_URL").replace("jdbc:postgresql://social-insurance-db:5432/", pgBase));
        env.put("HUB_KAFKA_BROKERS", kafka.getBrokersAsString());
        env.put("HUB_PS_URL", env.get("HUB_PS_URL").replace("http://silo-http:8080", silos.baseUrl()));
        env.put("HUB_CA_URL", env.get("HUB_CA_URL").replace("http://silo-http:8080", silos.baseUrl()));
        env.put("HUB_BIND_ADDRESS", "127.0.0.1");
        env.put("HUB_API_PORT", "0");
        env.put("HUB_MANAGEMENT_PORT", "0");
        env.put("HUB_ROUTES_DIR", "routes");
        env.put("HUB_MAPPINGS_DIR", "mappings");
        env.put("HUB_AUDIT_ARCHIVE_DIR", dir.resolve("audit-archive").toString());
        env.put("SPRING_CONFIG_ADDITIONAL_LOCATION", "file:ops/compose/clients.yaml");
        env.remove("JAVA_OPTS");
        List<String> args = new ArrayList<>();
        env.forEach((k, v) -> args.add("--" + k + "=" + v));
        // Environment variables reach Boot as relaxed property names; as arguments they are plain properties.
        args.add("--spring.profiles.active=" + env.get("SPRING_PROFILES_ACTIVE"));
        args.add("--spring.config.additional-location=" + env.get("SPRING_CONFIG_ADDITIONAL_LOCATION"));
        args.add("--hub.demo.enabled=false");
        args.add("--hub.silos.social-insurance.sync.enabled=false");
        hub = SpringApplication.run(TongbanHubApplication.class, args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
        if (silos != null) {
            silos.stop();
        }
        if (kafka != null) {
            kafka.destroy();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aPersonLookUpAnswersFromEveryPullSiloOfTheComposeDeployment() throws Exception {
        int port = Integer.parseInt(hub.getEnvironment().getProperty("local.server.port"));
        List<TruthPerson> persons = DemoSubjects.cleanPersons(data);
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        int answeredBySocialInsurance = 0;
        for (TruthPerson p : persons.subList(0, 5)) {
            answeredBySocialInsurance += await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> lookUp(http, json, port, p), n -> n >= 0);
        }
        assertThat(answeredBySocialInsurance).as("persons social insurance (PostgreSQL) knows").isPositive();
    }

    /**
     * One look-up; 1 when social insurance answered, 0 when it had no record, -1 when a silo
     * timed out (a cold WireMock and hub on a busy machine miss the deadline at first).
     */
    private static int lookUp(HttpClient http, ObjectMapper json, int port, TruthPerson p) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/persons/" + p.citizenId()))
                .timeout(Duration.ofSeconds(10))
                .header("X-Api-Key", DemoClients.BACKOFFICE_KEY).header("X-Operator-Id", DemoClients.OPERATOR)
                .header("X-Matter-Code", DemoClients.MATTER).header("X-Case-Number", DemoClients.CASE)
                .header(CorrelationId.HEADER, "prod-it-1").GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(CorrelationId.HEADER)).hasValue("prod-it-1");
        JsonNode sources = json.readTree(response.body()).path("sources");
        if (response.body().contains("\"timeout\"")) {
            return -1;
        }
        assertThat(sources.path("public-security").path("status").asText()).as(sources.toString()).isEqualTo("ok");
        assertThat(sources.path("civil-affairs").path("status").asText()).as(sources.toString()).isIn("ok", "not_found");
        assertThat(sources.path("social-insurance.person").path("status").asText()).as(sources.toString()).isIn("ok", "not_found");
        assertThat(sources.path("social-insurance.insurance").path("status").asText()).as(sources.toString()).isIn("ok", "not_found");
        return "ok".equals(sources.path("social-insurance.person").path("status").asText()) ? 1 : 0;
    }
}
