package cn.tongban.hub.sources.publicsecurity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature the population service (公安 人口基础信息) requires on every request:
 * HMAC-SHA256 over {@code METHOD \n path?query \n appKey \n timestamp}, Base64, sent in the
 * {@code X-App-Key}, {@code X-Timestamp} (epoch milliseconds) and {@code X-Signature} headers.
 */
public final class RequestSigner {

    public static final String APP_KEY_HEADER = "X-App-Key";
    public static final String TIMESTAMP_HEADER = "X-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Signature";

    private RequestSigner() {
    }

    public static String sign(String secret, String method, String pathAndQuery, String appKey, long timestampMillis) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String canonical = method.toUpperCase() + "\n" + pathAndQuery + "\n" + appKey + "\n" + timestampMillis;
            return Base64.getEncoder().encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Constant-time comparison of a received signature with the expected one. */
    public static boolean matches(String expected, String received) {
        return received != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), received.getBytes(StandardCharsets.UTF_8));
    }
}
