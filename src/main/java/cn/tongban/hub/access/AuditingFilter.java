package cn.tongban.hub.access;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ContentCachingResponseWrapper;

import cn.tongban.hub.api.ProblemCodes;
import cn.tongban.hub.api.ProblemJson;
import cn.tongban.hub.audit.AuditEntry;
import cn.tongban.hub.audit.AuditTrail;
import cn.tongban.hub.audit.AuditUnavailableException;

/**
 * Audits every API request, refused ones included, and lets the answer leave only once its
 * audit record is durable: the answer is held in memory, hashed, the record appended (group
 * commit, {@link AuditTrail}), and only then written out. When the audit cannot be written the
 * caller gets 503 {@code AUDIT_UNAVAILABLE} and none of the data. Sits in front of Spring
 * Security so that failed authentications are audited too.
 */
final class AuditingFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditingFilter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest raw path kept for a request no handler matched (fuzzing sends huge ones). */
    private static final int MAX_ACTION = 200;
    /** The client of a request that named none or an unknown one (no configured client may take this id). */
    static final String ANONYMOUS = "anonymous";

    private final AuditTrail audit;

    AuditingFilter(AuditTrail audit) {
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, held);
        } catch (IOException | ServletException | RuntimeException e) {
            // Escaped every handler: answer a problem (not the container's error page) and audit it.
            log.error("Unexpected error answering a request: {}", e.getClass().getName(), e);
            held.resetBuffer();
            ProblemJson.write(request, held, HttpStatus.INTERNAL_SERVER_ERROR, ProblemCodes.INTERNAL_ERROR, "Internal error",
                    "The hub could not answer this request.");
        }
        byte[] body = held.getContentAsByteArray();
        Access a = (Access) request.getAttribute(Access.ATTRIBUTE);
        AuditEntry entry = new AuditEntry(Instant.now(),
                a == null ? ANONYMOUS : a.client().id(),
                a == null ? null : a.operator(),
                a == null ? null : a.matter(),
                a == null ? null : a.caseNumber(),
                a == null ? null : a.subjectKey(),
                action(request),
                a == null || held.getStatus() >= 400 ? List.of() : a.fieldsReturned(),
                a == null ? List.of() : a.sourcesCalled(),
                outcome(held, body),
                audit.digest(body));
        try {
            audit.append(entry);
        } catch (AuditUnavailableException e) {
            log.error("Answer withheld: its audit record could not be written ({})", e.getMessage());
            held.resetBuffer();
            ProblemJson.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, ProblemCodes.AUDIT_UNAVAILABLE, "Audit unavailable",
                    "The access could not be audited, so no data is returned; try again shortly.");
            return;
        }
        held.copyBodyToResponse();
    }

    private static String action(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String path = pattern != null ? pattern.toString() : request.getRequestURI();
        if (path.length() > MAX_ACTION) {
            path = path.substring(0, MAX_ACTION) + "...";
        }
        return request.getMethod() + " " + path;
    }

    private static String outcome(ContentCachingResponseWrapper res, byte[] body) {
        String status = Integer.toString(res.getStatus());
        String type = res.getContentType();
        if (type != null && type.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE) && body.length > 0) {
            try {
                JsonNode code = JSON.readTree(body).path("code");
                if (code.isTextual()) {
                    return status + " " + code.asText();
                }
            } catch (IOException e) {
                // A problem body that is not JSON: the status alone.
            }
        }
        return status;
    }
}
