package cn.tongban.hub.audit;

/**
 * One audited event, as the HTTP layer saw it.
 *
 * @param at           when the request was answered (kept to the microsecond)
 * @param client       the authenticated calling system
 * @param operator     the staff member the caller names, or null
 * @param matter       the matter code the access is for, or null
 * @param caseNumber   the case number the access is for, or null
 * @param subjectKey   canonical key (USCC or 18-char citizen ID) or null
 * @param action       e.g. "GET /api/v1/enterprises/{id}" or "PATCH /api/v1/unresolved/{id}"
 * @param fields       canonical fields returned (empty if none)
 * @param sources      silos called (empty if none)
 * @param outcome      e.g. "200" or "403 CLIENT_MATTER_FORBIDDEN"
 * @param responseHash hex digest of the response body ({@link AuditTrail#digest}), or null
 */
public record AuditEntry(java.time.Instant at, String client, String operator, String matter, String caseNumber,
        String subjectKey,
        String action,
        java.util.List<String> fields,
        java.util.List<String> sources,
        String outcome,
        String responseHash) {
}
