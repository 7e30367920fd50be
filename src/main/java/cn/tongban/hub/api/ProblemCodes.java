package cn.tongban.hub.api;

/** Error codes of the API that are not identifier rules (those are {@code IdentifierError} names). */
public final class ProblemCodes {

    public static final String ENTERPRISE_NOT_FOUND = "ENTERPRISE_NOT_FOUND";
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

    /** Problem type URIs are {@code urn:tongban:problem:<code>}, stable like the codes. */
    public static String type(String code) {
        return "urn:tongban:problem:" + code;
    }

    private ProblemCodes() {
    }
}
