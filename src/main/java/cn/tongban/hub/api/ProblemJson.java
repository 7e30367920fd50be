package cn.tongban.hub.api;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes a problem answer from a servlet filter, where {@link ProblemAdvice} does not reach
 * (authentication, rate limits, request size, audit): the same shape and stable codes.
 */
public final class ProblemJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemJson() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
                             String title, String detail) throws IOException {
        // The fields of RFC 9457 and the hub's code, flat, as Spring MVC renders a ProblemDetail
        // (a plain ObjectMapper would nest the code under "properties").
        Map<String, Object> pd = new LinkedHashMap<>();
        pd.put("type", ProblemCodes.type(code));
        pd.put("title", title);
        pd.put("status", status.value());
        pd.put("detail", detail);
        pd.put("instance", safePath(request.getRequestURI()));
        pd.put("code", code);
        response.resetBuffer();
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), pd);
    }

    /** A request path as a URI reference: characters a URI may not hold are percent-encoded. */
    private static String safePath(String path) {
        if (path == null) {
            return "/";
        }
        String p = path.length() > 512 ? path.substring(0, 512) : path;
        try {
            return URI.create(p).toString();
        } catch (IllegalArgumentException e) {
            return percentEncode(p);
        }
    }

    private static String percentEncode(String raw) {
        StringBuilder b = new StringBuilder();
        for (byte x : raw.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}% ".indexOf(c) < 0) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }
}
