package cn.tongban.hub.matters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.MapperFeature;

/**
 * The canonical JSON form that evidence and notice hashes are computed over: object keys
 * sorted by code point, no insignificant whitespace, UTF-8, nulls kept. Content put through
 * it holds only maps, lists, strings, booleans and integers, so parsing the stored text and
 * writing it again gives the same bytes (a decimal would not survive a round trip through
 * double, so values are written as text).
 */
public final class CanonicalJson {

    public static final String ALGORITHM = "SHA-256";
    public static final String DESCRIPTION = "SHA-256 over UTF-8 JSON, keys sorted, no whitespace";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .configure(SerializationFeature.INDENT_OUTPUT, false)
            .build();

    private CanonicalJson() {
    }

    public static String write(Object content) {
        try {
            return MAPPER.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("content cannot be written as JSON", e);
        }
    }

    /** Lower-case hex SHA-256 of the canonical form. */
    public static String hash(Object content) {
        return sha256(write(content));
    }

    /** Re-reads stored canonical text and hashes its canonical form again (not the text as stored). */
    public static String rehash(String storedJson) {
        try {
            return hash(MAPPER.readValue(storedJson, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored content is not JSON", e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(ALGORITHM).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no " + ALGORITHM, e);
        }
    }
}
