package cn.tongban.hub.unresolved;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.tongban.hub.api.ApiProblem;
import cn.tongban.hub.api.ProblemCodes;
import cn.tongban.hub.matters.Matter;
import cn.tongban.hub.matters.PrecheckAnswer;
import cn.tongban.hub.matters.Reason;

/**
 * Unresolved cases (办不成事): opened or updated from the materials a pre-check left to the
 * applicant for a reason a department can act on, moved through the service-level stages
 * by the window staff, listed and counted for the report.
 */
@Service
public class UnresolvedCases {

    private static final Logger log = LoggerFactory.getLogger(UnresolvedCases.class);

    /** The operator recorded for occurrences, which the hub records itself. */
    static final String PRECHECK_OPERATOR = "system:precheck";
    /** Materials whose source is the applicant have no department to own a case. */
    static final String APPLICANT = "applicant";
    static final int MAX_LIMIT = 200;
    static final int MAX_TEXT = 500;

    private final UnresolvedStore store;
    private final ServiceLevels levels;
    private final Clock clock;

    UnresolvedCases(UnresolvedStore store, ServiceLevels levels) {
        this.store = store;
        this.levels = levels;
        this.clock = Clock.systemUTC();
    }

    /**
     * Opens or updates a case for every material of the answer that must be submitted for
     * a reason other than CONDITION_NOT_MET and that a department issues; records the
     * occurrence with the pre-check's case number. Returns material id to case id.
     */
    @Transactional
    public Map<String, Long> record(Matter matter, String subjectKey, PrecheckAnswer answer) {
        Map<String, Long> cases = new LinkedHashMap<>();
        Instant now = clock.instant();
        UUID precheckId = UUID.fromString(answer.precheckId());
        for (PrecheckAnswer.MaterialOutcome o : answer.materials()) {
            if (!PrecheckAnswer.MUST_SUBMIT.equals(o.outcome()) || o.reason() == null) {
                continue;
            }
            Reason reason = Reason.valueOf(o.reason());
            Optional<Tag> tag = Tag.of(reason);
            Optional<Matter.Material> material = matter.materials().stream().filter(m -> m.id().equals(o.id())).findFirst();
            if (tag.isEmpty() || material.isEmpty() || material.get().source() == null
                    || APPLICANT.equals(material.get().source())) {
                continue;
            }
            UnresolvedStore.Row row = new UnresolvedStore.Row(0, matter.code(), matter.name(), o.id(), o.name(), subjectKey,
                    tag.get(), reason.name(), material.get().source(), CaseStatus.OPEN, null, 1, now, now, now, levels.from(now));
            Map.Entry<Long, Boolean> c = store.openOrFind(row);
            String note = reason.name() + (o.detail().isEmpty() ? "" : " " + o.detail());
            store.event(c.getKey(), now, UnresolvedCase.Event.OCCURRENCE, null, null, PRECHECK_OPERATOR, note,
                    answer.caseNumber(), precheckId);
            if (c.getValue()) {
                log.info("Unresolved case {} opened: matter {}, material {}, subject {}, tag {}, department {}", c.getKey(),
                        matter.code(), o.id(), UnresolvedCase.mask(subjectKey), tag.get().id(), material.get().source());
            }
            cases.put(o.id(), c.getKey());
        }
        return cases;
    }

    public UnresolvedCase get(String id) {
        long n = id(id);
        UnresolvedStore.Row r = store.find(n, false).orElseThrow(() -> notFound());
        return view(r, clock.instant()).withHistory(store.history(n));
    }

    /** A page of cases, newest first, with the total that match. */
    public Map<String, Object> list(String status, String tag, String department, String matter, boolean overdue, Integer limit,
                                    Integer offset) {
        UnresolvedStore.Filter f = new UnresolvedStore.Filter(
                status == null || status.isBlank() ? null : CaseStatus.byId(status.strip()).orElseThrow(() -> badRequest(
                        "status is one of " + List.of(CaseStatus.values()).stream().map(CaseStatus::id).toList() + ".")),
                tag == null || tag.isBlank() ? null : Tag.byId(tag.strip()).orElseThrow(() -> badRequest(
                        "tag is one of " + List.of(Tag.values()).stream().map(Tag::id).toList() + ".")),
                filterText("department", department), filterText("matter", matter), overdue);
        int l = limit == null ? 50 : limit;
        int o = offset == null ? 0 : offset;
        if (l < 1 || l > MAX_LIMIT || o < 0) {
            throw badRequest("limit is between 1 and " + MAX_LIMIT + ", offset is not negative.");
        }
        Instant now = clock.instant();
        List<UnresolvedCase> cases = store.list(f, now, l, o).stream().map(r -> view(r, now)).toList();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("total", store.count(f, now));
        page.put("limit", l);
        page.put("offset", o);
        page.put("cases", cases);
        return page;
    }

    /** Moves a case and/or adds a note or an assignee; each change is a line of the history. */
    @Transactional
    public UnresolvedCase update(String id, String status, String note, String assignee, String operator) {
        long n = id(id);
        if (status == null && note == null && assignee == null) {
            throw badRequest("Give at least one of status, note, assignee.");
        }
        String cleanNote = text("note", note);
        String cleanAssignee = text("assignee", assignee);
        String cleanOperator = operator == null || operator.isBlank() ? null : text("X-Operator-Id", operator);
        UnresolvedStore.Row r = store.find(n, true).orElseThrow(() -> notFound());
        Instant now = clock.instant();
        CaseStatus to = r.status();
        if (status != null) {
            to = CaseStatus.byId(status.strip()).orElseThrow(() -> badRequest(
                    "status is one of " + List.of(CaseStatus.values()).stream().map(CaseStatus::id).toList() + "."));
            if (!r.status().canMoveTo(to)) {
                throw new ApiProblem(HttpStatus.CONFLICT, ProblemCodes.UNRESOLVED_BAD_TRANSITION, "Invalid status change",
                        "A case in status " + r.status().id() + " can move to "
                                + r.status().next().stream().map(CaseStatus::id).toList() + ", not to " + to.id() + ".");
            }
        }
        String newAssignee = cleanAssignee == null ? r.assignee() : cleanAssignee;
        if (to != r.status()) {
            store.event(n, now, UnresolvedCase.Event.STATUS, r.status(), to, cleanOperator, cleanNote, null, null);
        } else if (cleanNote != null) {
            store.event(n, now, UnresolvedCase.Event.NOTE, null, null, cleanOperator, cleanNote, null, null);
        }
        if (cleanAssignee != null && !cleanAssignee.equals(r.assignee())) {
            store.event(n, now, UnresolvedCase.Event.ASSIGNEE, null, null, cleanOperator, cleanAssignee, null, null);
        }
        store.update(n, to, newAssignee, now);
        log.info("Unresolved case {}: {} -> {}", n, r.status().id(), to.id());
        return get(id);
    }

    /** Counts by tag, department and matter, by status, and open vs overdue per SLA stage. */
    public Map<String, Object> report() {
        Instant now = clock.instant();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("at", now.toString());
        report.put("byStatus", store.byStatus());
        report.put("byTag", store.countsBy(UnresolvedStore.Dimension.TAG, now));
        report.put("byDepartment", store.countsBy(UnresolvedStore.Dimension.DEPARTMENT, now));
        report.put("byMatter", store.countsBy(UnresolvedStore.Dimension.MATTER, now));
        report.put("stages", store.stages(now));
        return report;
    }

    private static UnresolvedCase view(UnresolvedStore.Row r, Instant now) {
        return new UnresolvedCase(r.id(), r.matterCode(), r.matterName(), r.materialId(), r.materialName(),
                UnresolvedCase.mask(r.subjectKey()), r.tag(), r.reason(), r.department(), r.status(), r.assignee(), r.occurrences(),
                r.openedAt(), r.lastSeenAt(), r.updatedAt(), r.deadlines(), now, null);
    }

    private static long id(String id) {
        try {
            long n = Long.parseLong(id);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through: an id that is no number names no case
        }
        throw notFound();
    }

    private static String text(String name, String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.isEmpty() || v.length() > MAX_TEXT || v.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw badRequest(name + " has 1 to " + MAX_TEXT + " printable characters.");
        }
        return v;
    }

    private static String filterText(String name, String value) {
        return value == null || value.isBlank() ? null : text(name, value);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static ApiProblem notFound() {
        return new ApiProblem(HttpStatus.NOT_FOUND, ProblemCodes.UNRESOLVED_NOT_FOUND, "Unresolved case not found",
                "No unresolved case has this id.");
    }

    private static ApiProblem badRequest(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.BAD_REQUEST, "Invalid request", detail);
    }
}
