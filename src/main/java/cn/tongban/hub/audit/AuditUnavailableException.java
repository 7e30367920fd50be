package cn.tongban.hub.audit;

import org.springframework.http.HttpStatus;

import cn.tongban.hub.api.ApiProblem;
import cn.tongban.hub.api.ProblemCodes;

/**
 * An access could not be audited in time (queue full, store down or slow), so its answer must
 * not leave: rendered as 503 {@code AUDIT_UNAVAILABLE} by the API's problem handling.
 */
public class AuditUnavailableException extends ApiProblem {

    /** Why, as counted in {@code hub_audit_unavailable_total{reason}}. */
    public enum Reason { QUEUE_FULL, TIMEOUT, STORE_ERROR, INTERRUPTED, CLOSED }

    private final Reason reason;

    public AuditUnavailableException(Reason reason, String detail) {
        super(HttpStatus.SERVICE_UNAVAILABLE, ProblemCodes.AUDIT_UNAVAILABLE, "Audit unavailable", detail);
        this.reason = reason;
    }

    public AuditUnavailableException(Reason reason, String detail, Throwable cause) {
        this(reason, detail);
        initCause(cause);
    }

    public Reason reason() {
        return reason;
    }
}
