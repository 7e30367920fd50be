package cn.tongban.hub.demo.silos;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import cn.tongban.hub.demo.data.CivilAffairsRecord;
import cn.tongban.hub.demo.data.SyntheticDataSet;

/**
 * The simulated civil-affairs marriage registry (民政 婚姻登记), served by WireMock on
 * 127.0.0.1: {@code GET /mz/hydj/v1/hyzk?sfzh=<citizen ID>} with the headers
 * {@value #APP_ID_HEADER} and {@value #TOKEN_HEADER}, answering UTF-8 JSON
 * {@code {"code":"0000","msg":"成功","data":{"total":n,"list":[...]}}}. A person the registry
 * does not know gets total 0 and an empty list (HTTP 200); a missing or wrong app id or token
 * gets HTTP 401 with code 1001 and {@code data: null}; a missing sfzh HTTP 400, code 1002.
 */
public final class CivilAffairsSimulator implements AutoCloseable {

    public static final String QUERY_PATH = "/mz/hydj/v1/hyzk";
    public static final String ID_PARAMETER = "sfzh";
    public static final String APP_ID_HEADER = "X-App-Id";
    public static final String TOKEN_HEADER = "X-App-Token";

    private final WireMockServer server;

    private CivilAffairsSimulator(WireMockServer server) {
        this.server = server;
    }

    public static CivilAffairsSimulator start(SyntheticDataSet data, String appId, String token) {
        Map<String, Map<String, String>> byId = new HashMap<>();
        for (CivilAffairsRecord r : data.civilAffairs().records()) {
            byId.put(r.sfzh(), r.toMap());
        }
        WireMockServer server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(20)
                .disableRequestJournal()
                .extensions(new QueryTransformer(byId, appId, token)));
        server.start();
        server.stubFor(get(urlPathEqualTo("/health")).willReturn(aResponse().withStatus(200).withBody("UP")));
        server.stubFor(get(urlPathEqualTo(QUERY_PATH)).willReturn(aResponse().withTransformers(QueryTransformer.NAME)));
        return new CivilAffairsSimulator(server);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public WireMockServer server() {
        return server;
    }

    /**
     * What the registry's gateway answers when it fails inside (fault rehearsals, the
     * {@code error} mode): HTTP 500 with its JSON envelope, code 9999 and no data.
     */
    public static ResponseDefinitionBuilder serverError() {
        return QueryTransformer.answerBuilder(500, "9999", "系统异常", null);
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Checks the app id and token, finds the person's latest registration and writes the JSON answer. */
    static final class QueryTransformer implements ResponseDefinitionTransformerV2 {

        static final String NAME = "marriage-status-query";
        private static final ObjectMapper JSON = new ObjectMapper();

        private final Map<String, Map<String, String>> byId;
        private final String appId;
        private final byte[] token;

        QueryTransformer(Map<String, Map<String, String>> byId, String appId, String token) {
            this.byId = byId;
            this.appId = appId;
            this.token = token.getBytes(StandardCharsets.UTF_8);
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
            String id = request.getHeader(APP_ID_HEADER);
            String tk = request.getHeader(TOKEN_HEADER);
            if (id == null || tk == null || !appId.equals(id)
                    || !MessageDigest.isEqual(token, tk.getBytes(StandardCharsets.UTF_8))) {
                return answer(401, "1001", "应用未授权或令牌无效", null);
            }
            String sfzh = request.queryParameter(ID_PARAMETER).isPresent() ? request.queryParameter(ID_PARAMETER).firstValue() : null;
            if (sfzh == null || sfzh.isBlank()) {
                return answer(400, "1002", "缺少参数sfzh", null);
            }
            Map<String, String> record = byId.get(sfzh.strip().toUpperCase(Locale.ROOT));
            List<Map<String, String>> list = record == null ? List.of() : List.of(record);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("total", list.size());
            data.put("list", list);
            return answer(200, "0000", record == null ? "未查询到婚姻登记记录" : "成功", data);
        }

        private static ResponseDefinition answer(int status, String code, String msg, Object data) {
            return answerBuilder(status, code, msg, data).build();
        }

        static ResponseDefinitionBuilder answerBuilder(int status, String code, String msg, Object data) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", code);
            body.put("msg", msg);
            body.put("data", data);
            try {
                return aResponse().withStatus(status)
                        .withHeader("Content-Type", "application/json;charset=UTF-8")
                        .withBody(JSON.writeValueAsBytes(body));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
