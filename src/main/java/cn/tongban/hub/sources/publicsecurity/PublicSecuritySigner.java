package cn.tongban.hub.sources.publicsecurity;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import cn.tongban.hub.config.HubProperties;
import cn.tongban.hub.identifiers.CitizenId;
import cn.tongban.hub.logging.CorrelationId;

/**
 * The first step of the {@code public-security} route: turns the citizen ID of the look-up
 * into the request the population service accepts, i.e. the {@code gmsfhm} query
 * ({@link Exchange#HTTP_QUERY}) and the signature headers of {@link RequestSigner}.
 */
@Component("publicSecuritySigner")
public class PublicSecuritySigner {

    /** Header (or else the body) carrying the citizen ID into the route. */
    public static final String CITIZEN_ID_HEADER = cn.tongban.hub.sources.SiloGateway.KEY_HEADER;
    /** Query parameter of the population service: 公民身份号码. */
    static final String ID_PARAMETER = "gmsfhm";
    private static final String METHOD = "GET";

    private final String appKey;
    private final String appSecret;
    private final Clock clock;

    @Autowired
    PublicSecuritySigner(HubProperties hub) {
        this(hub.silos().publicSecurity().appKey(), hub.silos().publicSecurity().appSecret(), Clock.systemUTC());
    }

    PublicSecuritySigner(String appKey, String appSecret, Clock clock) {
        if (appKey == null || appKey.isBlank() || appSecret == null || appSecret.isBlank()) {
            throw new IllegalStateException("hub.silos.public-security.app-key and app-secret must be configured");
        }
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.clock = clock;
    }

    /**
     * Prepares the exchange for the HTTP call to {@code path}, which must be the path of the
     * route's HTTP endpoint since the signature covers it. The ID is parsed again here, so
     * whatever a caller put in, only a valid 18-character ID reaches the query.
     */
    public void sign(Exchange exchange, String path) {
        Message message = exchange.getMessage();
        Object raw = message.getHeader(CITIZEN_ID_HEADER);
        if (raw == null) {
            raw = message.getBody();
        }
        CitizenId id = raw instanceof CitizenId c ? c : CitizenId.parse(raw == null ? "" : raw.toString());
        String query = ID_PARAMETER + "=" + URLEncoder.encode(id.value(), StandardCharsets.UTF_8);
        long timestamp = clock.millis();
        // Every remaining header would be sent to the silo as an HTTP header, the ID included;
        // only the request's correlation id goes on, so both sides' logs can be matched up.
        message.removeHeaders("*", CorrelationId.HEADER);
        message.setBody(null);
        message.setHeader(Exchange.HTTP_QUERY, query);
        message.setHeader(RequestSigner.APP_KEY_HEADER, appKey);
        message.setHeader(RequestSigner.TIMESTAMP_HEADER, Long.toString(timestamp));
        message.setHeader(RequestSigner.SIGNATURE_HEADER,
                RequestSigner.sign(appSecret, METHOD, path + "?" + query, appKey, timestamp));
    }
}
