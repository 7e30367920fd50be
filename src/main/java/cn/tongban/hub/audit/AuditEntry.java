package cn.tongban.hub.audit;

/** One audited event, as the HTTP layer saw it. (Placeholder until the audit branch is merged.) */
public record AuditEntry(java.time.Instant at, String client, String operator, String matter, String caseNumber,
        String subjectKey, String action, java.util.List<String> fields, java.util.List<String> sources,
        String outcome, String responseHash) {
}
