package cn.tongban.hub.api;

/** Error codes of the API that are not identifier rules (those are {@code IdentifierError} names). */
public final class ProblemCodes {

    public static final String ENTERPRISE_NOT_FOUND = "ENTERPRISE_NOT_FOUND";
    public static final String PERSON_NOT_FOUND = "PERSON_NOT_FOUND";
    /** A claimed value of a verification that cannot be read as its field's type (a date that is no date). */
    public static final String INVALID_CLAIM = "INVALID_CLAIM";
    public static final String AMBIGUOUS_ALIAS = "AMBIGUOUS_ALIAS";
    public static final String UNKNOWN_FIELD = "UNKNOWN_FIELD";
    public static final String BAD_REQUEST = "BAD_REQUEST";
    public static final String MAPPING_NOT_FOUND = "MAPPING_NOT_FOUND";
    public static final String NOT_PULLABLE = "NOT_PULLABLE";
    public static final String UNKNOWN_SILO = "UNKNOWN_SILO";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
    public static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
    public static final String NOT_ACCEPTABLE = "NOT_ACCEPTABLE";
    public static final String STORE_UNAVAILABLE = "STORE_UNAVAILABLE";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
    // Clients, purpose and request limits (cn.tongban.hub.access).
    /** No API key or bearer token, or one the hub does not know. */
    public static final String CLIENT_UNAUTHENTICATED = "CLIENT_UNAUTHENTICATED";
    /** The client lacks the role the endpoint needs (data, admin, auditor). */
    public static final String CLIENT_FORBIDDEN = "CLIENT_FORBIDDEN";
    /** A data request without operator, matter or case number. */
    public static final String PURPOSE_REQUIRED = "PURPOSE_REQUIRED";
    /** An operator id, matter code or case number that is not well-formed, or a matter not in the catalogue. */
    public static final String PURPOSE_INVALID = "PURPOSE_INVALID";
    /** The purpose headers name another matter or case than the request's path or body. */
    public static final String PURPOSE_MISMATCH = "PURPOSE_MISMATCH";
    /** The client may not act for this matter. */
    public static final String MATTER_NOT_ALLOWED = "MATTER_NOT_ALLOWED";
    public static final String RATE_LIMITED = "RATE_LIMITED";
    public static final String REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE";
    /** The audit record could not be made durable, so the answer is withheld. */
    public static final String AUDIT_UNAVAILABLE = "AUDIT_UNAVAILABLE";
    /** Management port: no or wrong operator credentials. */
    public static final String OPERATOR_UNAUTHENTICATED = "OPERATOR_UNAUTHENTICATED";
    public static final String OPERATOR_FORBIDDEN = "OPERATOR_FORBIDDEN";
    // Matter catalogue and pre-checks (cn.tongban.hub.matters).
    public static final String MATTER_NOT_FOUND = "MATTER_NOT_FOUND";
    public static final String PRECHECK_NOT_FOUND = "PRECHECK_NOT_FOUND";
    public static final String EVIDENCE_NOT_FOUND = "EVIDENCE_NOT_FOUND";
    public static final String SUBJECT_NOT_FOUND = "SUBJECT_NOT_FOUND";
    public static final String SUBJECT_REQUIRED = "SUBJECT_REQUIRED";
    public static final String CASE_NUMBER_REQUIRED = "CASE_NUMBER_REQUIRED";
    public static final String UNKNOWN_APPLICANT_TYPE = "UNKNOWN_APPLICANT_TYPE";
    // Unresolved cases (cn.tongban.hub.unresolved).
    public static final String UNRESOLVED_NOT_FOUND = "UNRESOLVED_NOT_FOUND";
    /** A status change the case's lifecycle does not allow (closed cases stay closed). */
    public static final String UNRESOLVED_BAD_TRANSITION = "UNRESOLVED_BAD_TRANSITION";
    // Audit log (cn.tongban.hub.audit); what a verification finds is an AuditProblem, not an error.
    /** A subject key that is neither a citizen ID nor a USCC. */
    public static final String AUDIT_SUBJECT_INVALID = "AUDIT_SUBJECT_INVALID";
    /** A page size outside 1..1000 or a negative seq. */
    public static final String AUDIT_PAGE_INVALID = "AUDIT_PAGE_INVALID";
    /** A verification range with from after to, or below 1. */
    public static final String AUDIT_RANGE_INVALID = "AUDIT_RANGE_INVALID";

    /** Problem type URIs are {@code urn:tongban:problem:<code>}, stable like the codes. */
    public static String type(String code) {
        return "urn:tongban:problem:" + code;
    }

    private ProblemCodes() {
    }
}
