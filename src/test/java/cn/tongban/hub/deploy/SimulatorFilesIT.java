package cn.tongban.hub.deploy;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.tongban.hub.demo.data.Ab01Row;
import cn.tongban.hub.demo.data.SyntheticDataSet;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.demo.silos.CivilAffairsSimulator;
import cn.tongban.hub.demo.silos.PublicSecuritySimulator;
import cn.tongban.hub.demo.silos.SimulatorFiles;
import cn.tongban.hub.sources.publicsecurity.RequestSigner;

/**
 * The files the compose deployment's simulated silos are made of (SimulatorFiles) behave as
 * the in-process simulators: a stock WireMock server on the generated stubs answers every
 * person byte for byte as the public-security simulator and as the civil-affairs one does,
 * and the generated SQL loads into a real PostgreSQL with a read-only account for the hub.
 */
class SimulatorFilesIT {

    static final String PS_KEY = "compose-hub";
    static final String PS_SECRET = "compose-secret";
    static final String CA_ID = "compose-hub";
    static final String CA_TOKEN = "compose-token";
    static final Map<String, String> ENV = Map.of("HUB_DEMO_ENTERPRISES", "30", "HUB_DEMO_PERSONS", "80",
            "HUB_PS_APP_KEY", PS_KEY, "HUB_CA_APP_ID", CA_ID, "HUB_CA_TOKEN", CA_TOKEN,
            "HUB_SI_USER", "si_reader", "HUB_SI_PASSWORD", "si-test-password");

    @TempDir
    static Path dir;
    static SyntheticDataSet data;
    static WireMockServer stubs;
    static PublicSecuritySimulator publicSecurity;
    static CivilAffairsSimulator civilAffairs;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void export() throws Exception {
        SimulatorFiles.run(dir, ENV, new PrintStream(OutputStream.nullOutputStream()));
        data = SyntheticDataSet.generate(SyntheticDataSet.DEFAULT_SEED, 30, 80);
        stubs = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .usingFilesUnderDirectory(dir.resolve(SimulatorFiles.WIREMOCK_DIR).toString()));
        stubs.start();
        publicSecurity = PublicSecuritySimulator.start(data, PS_KEY, PS_SECRET);
        civilAffairs = CivilAffairsSimulator.start(data, CA_ID, CA_TOKEN);
    }

    @AfterAll
    static void stop() {
        stubs.stop();
        publicSecurity.close();
        civilAffairs.close();
    }

    private static HttpResponse<byte[]> get(String base, String pathAndQuery, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, String> signed(String pathAndQuery) {
        long ts = System.currentTimeMillis();
        return Map.of(RequestSigner.APP_KEY_HEADER, PS_KEY, RequestSigner.TIMESTAMP_HEADER, Long.toString(ts),
                RequestSigner.SIGNATURE_HEADER, RequestSigner.sign(PS_SECRET, "GET", pathAndQuery, PS_KEY, ts));
    }

    @Test
    void publicSecurityStubsAnswerEveryPersonAsTheSimulatorDoes() throws Exception {
        int found = 0;
        for (TruthPerson p : data.persons()) {
            String q = PublicSecuritySimulator.QUERY_PATH + "?gmsfhm=" + p.citizenId();
            HttpResponse<byte[]> simulated = get(publicSecurity.baseUrl(), q, signed(q));
            HttpResponse<byte[]> stubbed = get(stubs.baseUrl(), q, signed(q));
            assertThat(stubbed.statusCode()).isEqualTo(simulated.statusCode()).isEqualTo(200);
            assertThat(stubbed.headers().firstValue("Content-Type")).isEqualTo(simulated.headers().firstValue("Content-Type"));
            assertThat(stubbed.body()).as("answer for person %d", data.persons().indexOf(p)).isEqualTo(simulated.body());
            if (!new String(simulated.body(), PublicSecuritySimulator.GBK).contains("<total>0</total>")) {
                found++;
            }
        }
        assertThat(found).as("persons public security knows").isGreaterThan(data.persons().size() / 2);
        // Unsigned: refused the same way.
        String q = PublicSecuritySimulator.QUERY_PATH + "?gmsfhm=" + data.persons().get(0).citizenId();
        assertThat(get(stubs.baseUrl(), q, Map.of()).statusCode()).isEqualTo(get(publicSecurity.baseUrl(), q, Map.of()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void civilAffairsStubsAnswerEveryPersonAsTheSimulatorDoes() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> auth = Map.of(CivilAffairsSimulator.APP_ID_HEADER, CA_ID, CivilAffairsSimulator.TOKEN_HEADER, CA_TOKEN);
        int married = 0;
        for (TruthPerson p : data.persons()) {
            String q = CivilAffairsSimulator.QUERY_PATH + "?" + CivilAffairsSimulator.ID_PARAMETER + "=" + p.citizenId();
            HttpResponse<byte[]> simulated = get(civilAffairs.baseUrl(), q, auth);
            HttpResponse<byte[]> stubbed = get(stubs.baseUrl(), q, auth);
            assertThat(stubbed.statusCode()).isEqualTo(simulated.statusCode()).isEqualTo(200);
            assertThat(json.readTree(stubbed.body())).as("answer for person %d", data.persons().indexOf(p))
                    .isEqualTo(json.readTree(simulated.body()));
            if (json.readTree(simulated.body()).path("data").path("total").asInt() > 0) {
                married++;
            }
        }
        assertThat(married).as("persons with a marriage registration").isPositive();
        String q = CivilAffairsSimulator.QUERY_PATH + "?sfzh=" + data.persons().get(0).citizenId();
        HttpResponse<byte[]> wrongToken = get(stubs.baseUrl(), q, Map.of(CivilAffairsSimulator.APP_ID_HEADER, CA_ID,
                CivilAffairsSimulator.TOKEN_HEADER, "wrong"));
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(json.readTree(wrongToken.body())).isEqualTo(json.readTree(get(civilAffairs.baseUrl(), q,
                Map.of(CivilAffairsSimulator.APP_ID_HEADER, CA_ID, CivilAffairsSimulator.TOKEN_HEADER, "wrong")).body()));
    }

    @Test
    void socialInsuranceSqlLoadsIntoPostgresWithAReadOnlyAccount() throws Exception {
        String sql = Files.readString(dir.resolve(SimulatorFiles.SOCIAL_INSURANCE_SQL), StandardCharsets.UTF_8);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute(sql);
            }
            try (Connection c = pg.getDatabase("si_reader", "postgres").getConnection(); Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT count(*) FROM AB01")).isEqualTo(data.ab01Rows().size());
                assertThat(count(s, "SELECT count(*) FROM AC01")).isEqualTo(data.ac01Rows().size());
                assertThat(count(s, "SELECT count(*) FROM AC02")).isEqualTo(data.ac02Rows().size());
                Ab01Row first = data.ab01Rows().get(0);
                try (ResultSet rs = s.executeQuery("SELECT " + String.join(", ", Ab01Row.COLUMNS) + " FROM AB01 WHERE AAB001 = '"
                        + first.values().get(Ab01Row.COLUMNS.indexOf("AAB001")) + "'")) {
                    assertThat(rs.next()).isTrue();
                    for (int i = 0; i < Ab01Row.COLUMNS.size(); i++) {
                        // Padding, full-width characters and NULLs survive as the legacy table holds them.
                        assertThat(rs.getString(i + 1)).as(Ab01Row.COLUMNS.get(i)).isEqualTo(first.values().get(i));
                    }
                }
                assertThatThrownBy(() -> s.execute("DELETE FROM AC01")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("permission denied");
            }
        }
    }

    private static int count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
