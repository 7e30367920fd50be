package cn.tongban.hub.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

import cn.tongban.hub.access.AccessHeaders;

/**
 * The demo profile's documented clients (application-demo.yaml, hub.security) as the tests
 * use them: their API keys, a valid purpose (operator, matter, case), and HTTP clients that
 * send them. The keys are demo-only values, published in the README.
 */
public final class DemoClients {

    /** Back-office client: every source and field, no masking, data role. What most ITs use. */
    public static final String BACKOFFICE_KEY = "demo-backoffice-key-2026";
    /** The service window's client of the README: every source, default masking. */
    public static final String WINDOW_KEY = "demo-window-key-2026";
    /** Unconditional sharing class only, a field allow-list, one matter, a low rate limit. */
    public static final String RESTRICTED_KEY = "demo-restricted-key-2026";
    /** Administrator: quarantine, data quality, mappings. No subject data. */
    public static final String ADMIN_KEY = "demo-admin-key-2026";
    /** Auditor: the audit log (subject history, chain verification). */
    public static final String AUDITOR_KEY = "demo-auditor-key-2026";
    /** Operator user of the management port (actuator beyond liveness, fault switches). */
    public static final String OPERATOR_USER = "ops";
    public static final String OPERATOR_PASSWORD = "demo-ops-password-2026";

    /** A purpose every demo data client may use: 企业开办及社会保险登记. */
    public static final String OPERATOR = "window-0042";
    public static final String MATTER = "GG00101001";
    public static final String CASE = "TB-2026-000001";

    private DemoClients() {
    }

    /** The API key and the default purpose. */
    public static Consumer<HttpHeaders> purpose(String apiKey) {
        return purpose(apiKey, MATTER);
    }

    /** The API key and a purpose for the given matter (pre-checks name their matter in the path too). */
    public static Consumer<HttpHeaders> purpose(String apiKey, String matter) {
        return purpose(apiKey, matter, CASE);
    }

    /**
     * The API key and a purpose for the given matter and case (a pre-check body's
     * {@code caseNumber} must be the header's case).
     */
    public static Consumer<HttpHeaders> purpose(String apiKey, String matter, String caseNumber) {
        return h -> {
            h.set(AccessHeaders.API_KEY, apiKey);
            h.set(AccessHeaders.OPERATOR, OPERATOR);
            h.set(AccessHeaders.MATTER, matter);
            h.set(AccessHeaders.CASE, caseNumber);
        };
    }

    /** The API on the given port as the back-office client with the default purpose. */
    public static RestClient api(int port) {
        return api(port, BACKOFFICE_KEY);
    }

    public static RestClient api(int port, String apiKey) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port).defaultHeaders(purpose(apiKey)).build();
    }

    /** The management port as the demo operator (HTTP Basic). */
    public static RestClient management(int managementPort) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + managementPort)
                .defaultHeader(HttpHeaders.AUTHORIZATION, operatorBasic()).build();
    }

    /** The value of an Authorization header for the demo operator. */
    public static String operatorBasic() {
        return "Basic " + Base64.getEncoder().encodeToString((OPERATOR_USER + ":" + OPERATOR_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
    }
}
