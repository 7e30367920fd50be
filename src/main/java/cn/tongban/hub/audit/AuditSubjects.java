package cn.tongban.hub.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import cn.tongban.hub.api.ApiProblem;
import cn.tongban.hub.api.ProblemCodes;
import cn.tongban.hub.identifiers.CitizenId;
import cn.tongban.hub.identifiers.InvalidIdentifierException;
import cn.tongban.hub.identifiers.Uscc;

/**
 * Who accessed one person's or enterprise's data ({@code GET /api/v1/audit/subjects/{key}}):
 * the records with that subject key, newest first, paged by seq.
 */
@Repository
class AuditSubjects {

    static final int DEFAULT_LIMIT = 100;
    /** A page is one index range scan; an auditor pages on with {@code before}. */
    static final int MAX_LIMIT = 1000;

    /** One access. */
    record Access(long seq, Instant at, String client, String operator, String matter, String caseNumber, String action,
                  List<String> fields, List<String> sources, String outcome) {
    }

    /**
     * A page of accesses.
     *
     * @param subject            the key as normalised (an old 15-digit ID upgraded to 18 characters)
     * @param accesses           newest first
     * @param nextBefore         pass as {@code before} for the next page; absent on the last page
     * @param archivedThroughSeq accesses up to this seq are in archive files, not in this answer
     */
    record Page(String subject, List<Access> accesses, Long nextBefore, Long archivedThroughSeq) {
    }

    private final JdbcTemplate jdbc;

    AuditSubjects(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Page accesses(String rawKey, Integer limit, Long before) {
        int l = limit == null ? DEFAULT_LIMIT : limit;
        if (l < 1 || l > MAX_LIMIT || before != null && before < 1) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.AUDIT_PAGE_INVALID, "Invalid page",
                    "limit is between 1 and " + MAX_LIMIT + "; before is a seq (1 or more).");
        }
        List<String> keys = keys(rawKey);
        String[] candidates = keys.toArray(String[]::new);
        List<Access> page = jdbc.query("""
                        select seq, at, client, operator, matter, case_number, action, fields, sources, outcome
                        from audit_log where subject_key = any(?) and seq < ? order by seq desc limit ?""",
                ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("text", candidates));
                    ps.setLong(2, before == null ? Long.MAX_VALUE : before);
                    ps.setInt(3, l);
                },
                (rs, i) -> new Access(rs.getLong(1), AuditRows.instant(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), AuditRows.texts(rs.getArray(8)), AuditRows.texts(rs.getArray(9)),
                        rs.getString(10)));
        Long archived = jdbc.queryForObject("select max(to_seq) from audit_archive", Long.class);
        Long next = page.size() == l ? page.get(page.size() - 1).seq() : null;
        return new Page(keys.get(0), page, next, archived);
    }

    /**
     * The canonical key(s) for what was typed: a citizen ID (an old 15-digit one upgraded, a
     * lower-case x accepted) or a USCC (a registered code with a wrong check character
     * included, as silos hold them). A value valid as both is looked up as both.
     */
    static List<String> keys(String raw) {
        Set<String> keys = new LinkedHashSet<>();
        try {
            keys.add(CitizenId.parse(raw).value());
        } catch (InvalidIdentifierException e) {
            // not a citizen ID; maybe a USCC
        }
        try {
            keys.add(Uscc.parseLenient(raw).value());
        } catch (InvalidIdentifierException e) {
            // not a USCC either
        }
        if (keys.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.AUDIT_SUBJECT_INVALID, "Invalid subject key",
                    "The key is neither a citizen ID (18 characters, or 15 digits) nor a unified social credit code.");
        }
        return new ArrayList<>(keys);
    }
}
