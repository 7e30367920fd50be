package cn.tongban.hub.demo.silos;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import cn.tongban.hub.demo.data.SyntheticDataSet;
import cn.tongban.hub.sources.publicsecurity.RequestSigner;

/**
 * The simulated public-security population service (公安 人口基础信息), served by WireMock on
 * 127.0.0.1. Like the real exchange platforms it requires a signed request
 * ({@link RequestSigner}) and answers an XML envelope encoded in GBK:
 * {@code GET /rkxx/v1/query?gmsfhm=<citizen ID>}.
 */
public final class PublicSecuritySimulator implements AutoCloseable {

    public static final String QUERY_PATH = "/rkxx/v1/query";
    public static final Charset GBK = Charset.forName("GBK");
    /** Requests older or newer than this are refused, as replay protection. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private final WireMockServer server;

    private PublicSecuritySimulator(WireMockServer server) {
        this.server = server;
    }

    public static PublicSecuritySimulator start(SyntheticDataSet data, String appKey, String appSecret) {
        Map<String, Map<String, String>> byId = new HashMap<>();
        data.publicSecurityRecords().forEach(r -> byId.put(PopulationXml.lookupKey(r.GMSFHM()), r.toMap()));
        WireMockServer server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(20)
                .disableRequestJournal()
                .extensions(new QueryTransformer(byId, appKey, appSecret)));
        server.start();
        server.stubFor(get(urlPathEqualTo("/health")).willReturn(aResponse().withStatus(200).withBody("UP")));
        server.stubFor(get(urlPathEqualTo(QUERY_PATH)).willReturn(aResponse()
                .withTransformers(QueryTransformer.NAME)));
        return new PublicSecuritySimulator(server);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public WireMockServer server() {
        return server;
    }

    /**
     * What the population service answers when it fails inside (fault rehearsals, the
     * {@code error} mode): HTTP 500 with its failure envelope, in GBK like every answer.
     */
    public static ResponseDefinitionBuilder serverError() {
        return aResponse().withStatus(500)
                .withHeader("Content-Type", "application/xml; charset=GBK")
                .withBody(PopulationXml.failure("5000", "系统内部错误").getBytes(GBK));
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Checks the signature, finds the person and writes the GBK XML answer. */
    static final class QueryTransformer implements ResponseDefinitionTransformerV2 {

        static final String NAME = "population-query";

        private final Map<String, Map<String, String>> byId;
        private final String appKey;
        private final String appSecret;

        QueryTransformer(Map<String, Map<String, String>> byId, String appKey, String appSecret) {
            this.byId = byId;
            this.appKey = appKey;
            this.appSecret = appSecret;
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            Request request = serveEvent.getRequest();
            String refusal = refusal(request);
            if (refusal != null) {
                return xml(401, PopulationXml.failure(refusal.substring(0, 4), refusal.substring(5)));
            }
            String id = request.queryParameter("gmsfhm").isPresent() ? request.queryParameter("gmsfhm").firstValue() : null;
            if (id == null || id.isBlank()) {
                return xml(400, PopulationXml.failure("4000", "缺少参数 gmsfhm"));
            }
            Map<String, String> person = byId.get(PopulationXml.lookupKey(id));
            return xml(200, PopulationXml.success(person == null ? java.util.List.of() : java.util.List.of(person)));
        }

        private String refusal(Request request) {
            String key = request.getHeader(RequestSigner.APP_KEY_HEADER);
            String ts = request.getHeader(RequestSigner.TIMESTAMP_HEADER);
            String sig = request.getHeader(RequestSigner.SIGNATURE_HEADER);
            if (key == null || ts == null || sig == null) {
                return "4001 缺少签名";
            }
            if (!appKey.equals(key)) {
                return "4003 应用未授权";
            }
            long timestamp;
            try {
                timestamp = Long.parseLong(ts);
            } catch (NumberFormatException e) {
                return "4002 时间戳无效";
            }
            if (Math.abs(System.currentTimeMillis() - timestamp) > MAX_CLOCK_SKEW.toMillis()) {
                return "4002 时间戳过期";
            }
            String expected = RequestSigner.sign(appSecret, request.getMethod().getName(), request.getUrl(), key, timestamp);
            return RequestSigner.matches(expected, sig) ? null : "4001 签名错误";
        }

        private static ResponseDefinition xml(int status, String body) {
            return aResponse().withStatus(status)
                    .withHeader("Content-Type", "application/xml; charset=GBK")
                    .withBody(body.getBytes(GBK))
                    .build();
        }
    }
}
