package cn.tongban.hub.demo.silos;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import cn.tongban.hub.testing.HubIntegrationTest;

import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.sources.publicsecurity.RequestSigner;

/** The simulated silos behave like the real ones the hub must cope with (DOMAIN.md section 2). */
@HubIntegrationTest
class SimulatedSilosIT {

    @Autowired
    DemoInfrastructure demo;

    @Value("${hub.silos.public-security.app-key}")
    String appKey;

    @Value("${hub.silos.public-security.app-secret}")
    String appSecret;

    @Value("${hub.silos.social-insurance.jdbc-url}")
    String socialInsuranceUrl;

    @Value("${hub.silos.social-insurance.username}")
    String socialInsuranceUser;

    @Value("${hub.silos.social-insurance.password}")
    String socialInsurancePassword;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void publicSecurityAnswersSignedRequestsInGbkXml() throws Exception {
        TruthPerson person = demo.dataSet().persons().stream()
                .filter(p -> !p.name().isBlank()).findFirst().orElseThrow();
        String pathAndQuery = PublicSecuritySimulator.QUERY_PATH + "?gmsfhm=" + person.citizenId();
        long now = System.currentTimeMillis();
        HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(URI.create(demo.publicSecurity().baseUrl() + pathAndQuery))
                .header(RequestSigner.APP_KEY_HEADER, appKey)
                .header(RequestSigner.TIMESTAMP_HEADER, Long.toString(now))
                .header(RequestSigner.SIGNATURE_HEADER, RequestSigner.sign(appSecret, "GET", pathAndQuery, appKey, now))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).containsIgnoringCase("GBK"));
        String decoded = new String(res.body(), PublicSecuritySimulator.GBK);
        assertThat(decoded).startsWith("<?xml version=\"1.0\" encoding=\"GBK\"?>")
                .contains("<success>true</success>")
                .contains("<GMSFHM>")
                .contains("<XM>" + person.name() + "</XM>");
        // The bytes really are GBK: read as UTF-8 the Chinese name is garbled.
        assertThat(new String(res.body(), StandardCharsets.UTF_8)).doesNotContain(person.name());
    }

    @Test
    void publicSecurityRefusesUnsignedAndWronglySignedRequests() throws Exception {
        String pathAndQuery = PublicSecuritySimulator.QUERY_PATH + "?gmsfhm=11010519491231002X";
        HttpResponse<byte[]> unsigned = http.send(HttpRequest.newBuilder(URI.create(demo.publicSecurity().baseUrl() + pathAndQuery))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(new String(unsigned.body(), PublicSecuritySimulator.GBK)).contains("<code>4001</code>");

        long now = System.currentTimeMillis();
        HttpResponse<byte[]> forged = http.send(HttpRequest.newBuilder(URI.create(demo.publicSecurity().baseUrl() + pathAndQuery))
                .header(RequestSigner.APP_KEY_HEADER, appKey)
                .header(RequestSigner.TIMESTAMP_HEADER, Long.toString(now))
                .header(RequestSigner.SIGNATURE_HEADER, RequestSigner.sign("not-the-secret", "GET", pathAndQuery, appKey, now))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(new String(forged.body(), PublicSecuritySimulator.GBK)).contains("签名错误");

        long stale = now - 10 * 60_000;
        HttpResponse<byte[]> replayed = http.send(HttpRequest.newBuilder(URI.create(demo.publicSecurity().baseUrl() + pathAndQuery))
                .header(RequestSigner.APP_KEY_HEADER, appKey)
                .header(RequestSigner.TIMESTAMP_HEADER, Long.toString(stale))
                .header(RequestSigner.SIGNATURE_HEADER, RequestSigner.sign(appSecret, "GET", pathAndQuery, appKey, stale))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(new String(replayed.body(), PublicSecuritySimulator.GBK)).contains("<code>4002</code>");
    }

    @Test
    void socialInsuranceIsALegacyDatabaseWithUpperCaseTablesAndManyUnitsWithoutUscc() throws Exception {
        try (Connection c = DriverManager.getConnection(socialInsuranceUrl, socialInsuranceUser, socialInsurancePassword);
             Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT COUNT(*) FROM AB01")).isEqualTo(demo.dataSet().ab01Rows().size());
            assertThat(count(s, "SELECT COUNT(*) FROM AC01")).isEqualTo(demo.dataSet().ac01Rows().size());
            assertThat(count(s, "SELECT COUNT(*) FROM AC02")).isEqualTo(demo.dataSet().ac02Rows().size());
            long withoutUscc = count(s, "SELECT COUNT(*) FROM AB01 WHERE AAB998 IS NULL");
            assertThat(withoutUscc).isGreaterThan(demo.dataSet().ab01Rows().size() / 4);

            List<String> columns = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getColumns(null, null, "AB01", null)) {
                while (rs.next()) {
                    columns.add(rs.getString("COLUMN_NAME"));
                }
            }
            assertThat(columns).contains("AAB001", "AAB003", "AAB004", "AAB007", "AAB998");

            // The hub's account reads but cannot write.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM AB01 WHERE AAB001 = ?")) {
                ps.setString(1, "x");
                org.assertj.core.api.Assertions.assertThatThrownBy(ps::executeUpdate).isInstanceOf(java.sql.SQLException.class);
            }
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
