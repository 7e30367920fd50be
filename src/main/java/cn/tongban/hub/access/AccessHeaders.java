package cn.tongban.hub.access;

import java.util.regex.Pattern;

/**
 * The request headers through which a calling system names itself and the purpose of a data
 * request (DOMAIN.md 4: purpose limitation). Defined once; the README, the OpenAPI document
 * and the tests refer to these.
 */
public final class AccessHeaders {

    /** The client's API key (the demo and the simple production option; JWT bearer tokens are the other). */
    public static final String API_KEY = "X-Api-Key";
    /** The person at the window or desk who made the request (经办人). */
    public static final String OPERATOR = "X-Operator-Id";
    /** The 事项 the request serves, a code of the matter catalogue. */
    public static final String MATTER = "X-Matter-Code";
    /** The case (办件) number the request serves. */
    public static final String CASE = "X-Case-Number";

    /** Operator ids: printable ASCII a directory would issue, bounded so a header cannot bloat the audit log. */
    static final Pattern OPERATOR_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    /** Case numbers: ASCII only (HTTP header values are not reliably UTF-8), up to 64 characters. */
    static final Pattern CASE_NUMBER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/()-]{0,63}");
    /** Matter codes as the catalogue writes them (e.g. GG00101001), before the catalogue is asked. */
    static final Pattern MATTER_CODE = Pattern.compile("[A-Z]{2}[0-9]{8}");

    private AccessHeaders() {
    }
}
