package cn.tongban.hub.audit;

/** TEMPORARY placeholder: the audit record could not be made durable in time. */
public class AuditUnavailableException extends RuntimeException {
    public AuditUnavailableException(String message) {
        super(message);
    }
}
