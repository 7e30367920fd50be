package cn.tongban.hub.unresolved;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Unresolved cases and their history in PostgreSQL (V5__unresolved_cases.sql). Fixed statements only. */
@Repository
class UnresolvedStore {

    /** A case as stored; the subject key in full (masked only when answered). */
    record Row(long id, String matterCode, String matterName, String materialId, String materialName, String subjectKey,
               Tag tag, String reason, String department, CaseStatus status, String assignee, int occurrences,
               Instant openedAt, Instant lastSeenAt, Instant updatedAt, ServiceLevels.Deadlines deadlines) {
    }

    /** Filters of the list; null: any. */
    record Filter(CaseStatus status, Tag tag, String department, String matter, boolean overdue) {
    }

    private static final String COLUMNS = "id, matter_code, matter_name, material_id, material_name, subject_key, tag, reason,"
            + " department, status, assignee, occurrences, opened_at, last_seen_at, updated_at, respond_by, coordinate_by, close_by";

    // A case is overdue when a deadline passed before it got beyond that stage (UnresolvedCase.overdueStages).
    private static final String OVERDUE = "((status = 'open' and respond_by < :now)"
            + " or (status in ('open', 'responding') and coordinate_by < :now)"
            + " or (status in ('open', 'responding', 'coordinating') and close_by < :now))";

    private static final String FILTER = " where (cast(:status as text) is null or status = :status)"
            + " and (cast(:tag as text) is null or tag = :tag)"
            + " and (cast(:department as text) is null or department = :department)"
            + " and (cast(:matter as text) is null or matter_code = :matter)"
            + " and (not :overdue or " + OVERDUE + ")";

    private final NamedParameterJdbcTemplate jdbc;

    UnresolvedStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Opens a case unless an active one exists for (matter, material, subject); the unique
     * partial index makes this safe under concurrent pre-checks. Returns the id of the
     * active case and whether it was opened now.
     */
    Map.Entry<Long, Boolean> openOrFind(Row r) {
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("matterCode", r.matterCode()).addValue("matterName", r.matterName())
                .addValue("materialId", r.materialId()).addValue("materialName", r.materialName())
                .addValue("subjectKey", r.subjectKey()).addValue("tag", r.tag().id()).addValue("reason", r.reason())
                .addValue("department", r.department()).addValue("status", r.status().id())
                .addValue("at", ts(r.openedAt())).addValue("respondBy", ts(r.deadlines().respondBy()))
                .addValue("coordinateBy", ts(r.deadlines().coordinateBy())).addValue("closeBy", ts(r.deadlines().closeBy()));
        List<Long> opened = jdbc.queryForList("insert into unresolved_case (matter_code, matter_name, material_id, material_name,"
                + " subject_key, tag, reason, department, status, occurrences, opened_at, last_seen_at, updated_at, respond_by,"
                + " coordinate_by, close_by) values (:matterCode, :matterName, :materialId, :materialName, :subjectKey, :tag,"
                + " :reason, :department, :status, 1, :at, :at, :at, :respondBy, :coordinateBy, :closeBy)"
                + " on conflict (matter_code, material_id, subject_key) where status not in ('closed', 'cancelled') do nothing"
                + " returning id", p, Long.class);
        if (!opened.isEmpty()) {
            return Map.entry(opened.get(0), true);
        }
        Long id = jdbc.queryForObject("update unresolved_case set occurrences = occurrences + 1, last_seen_at = :at,"
                + " updated_at = :at, tag = :tag, reason = :reason, material_name = :materialName, matter_name = :matterName"
                + " where matter_code = :matterCode and material_id = :materialId and subject_key = :subjectKey"
                + " and status not in ('closed', 'cancelled') returning id", p, Long.class);
        return Map.entry(id, false);
    }

    void event(long caseId, Instant at, String kind, CaseStatus from, CaseStatus to, String operator, String note,
               String caseNumber, UUID precheckId) {
        jdbc.update("insert into unresolved_case_event (case_id, at, kind, from_status, to_status, operator, note, case_number,"
                        + " precheck_id) values (:caseId, :at, :kind, :from, :to, :operator, :note, :caseNumber, :precheckId)",
                new MapSqlParameterSource().addValue("caseId", caseId).addValue("at", ts(at)).addValue("kind", kind)
                        .addValue("from", from == null ? null : from.id()).addValue("to", to == null ? null : to.id())
                        .addValue("operator", operator).addValue("note", note).addValue("caseNumber", caseNumber)
                        .addValue("precheckId", precheckId));
    }

    Optional<Row> find(long id, boolean forUpdate) {
        return jdbc.query("select " + COLUMNS + " from unresolved_case where id = :id" + (forUpdate ? " for update" : ""),
                Map.of("id", id), (rs, i) -> row(rs)).stream().findFirst();
    }

    void update(long id, CaseStatus status, String assignee, Instant at) {
        jdbc.update("update unresolved_case set status = :status, assignee = :assignee, updated_at = :at where id = :id",
                new MapSqlParameterSource().addValue("id", id).addValue("status", status.id()).addValue("assignee", assignee)
                        .addValue("at", ts(at)));
    }

    List<UnresolvedCase.Event> history(long id) {
        return jdbc.query("select at, kind, from_status, to_status, operator, note, case_number, precheck_id"
                        + " from unresolved_case_event where case_id = :id order by id", Map.of("id", id),
                (rs, i) -> new UnresolvedCase.Event(rs.getTimestamp("at").toInstant(), rs.getString("kind"),
                        status(rs.getString("from_status")), status(rs.getString("to_status")), rs.getString("operator"),
                        rs.getString("note"), rs.getString("case_number"),
                        rs.getObject("precheck_id") == null ? null : rs.getObject("precheck_id").toString()));
    }

    List<Row> list(Filter f, Instant now, int limit, int offset) {
        MapSqlParameterSource p = filter(f, now).addValue("limit", limit).addValue("offset", offset);
        return jdbc.query("select " + COLUMNS + " from unresolved_case" + FILTER + " order by id desc limit :limit offset :offset",
                p, (rs, i) -> row(rs));
    }

    long count(Filter f, Instant now) {
        Long n = jdbc.queryForObject("select count(*) from unresolved_case" + FILTER, filter(f, now), Long.class);
        return n == null ? 0 : n;
    }

    /** Per value of a dimension (tag, department or matter): total cases, active ones and overdue ones. */
    Map<String, Map<String, Long>> countsBy(Dimension d, Instant now) {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        jdbc.query("select " + d.column + " as k, count(*) as total,"
                        + " count(*) filter (where status not in ('closed', 'cancelled')) as active,"
                        + " count(*) filter (where " + OVERDUE + ") as overdue"
                        + " from unresolved_case group by " + d.column + " order by " + d.column,
                Map.of("now", ts(now)), rs -> {
                    Map<String, Long> c = new LinkedHashMap<>();
                    c.put("total", rs.getLong("total"));
                    c.put("active", rs.getLong("active"));
                    c.put("overdue", rs.getLong("overdue"));
                    counts.put(rs.getString("k"), c);
                });
        return counts;
    }

    /** Per SLA stage: the cases not yet beyond it, and those of them past its deadline. */
    Map<String, Map<String, Long>> stages(Instant now) {
        Map<String, Map<String, Long>> stages = new LinkedHashMap<>();
        jdbc.query("select"
                        + " count(*) filter (where status = 'open') as respond_open,"
                        + " count(*) filter (where status = 'open' and respond_by < :now) as respond_overdue,"
                        + " count(*) filter (where status in ('open', 'responding')) as coordinate_open,"
                        + " count(*) filter (where status in ('open', 'responding') and coordinate_by < :now) as coordinate_overdue,"
                        + " count(*) filter (where status not in ('closed', 'cancelled')) as close_open,"
                        + " count(*) filter (where status not in ('closed', 'cancelled') and close_by < :now) as close_overdue"
                        + " from unresolved_case", Map.of("now", ts(now)), rs -> {
                    for (String s : List.of(UnresolvedCase.RESPOND, UnresolvedCase.COORDINATE, UnresolvedCase.CLOSE)) {
                        Map<String, Long> c = new LinkedHashMap<>();
                        c.put("open", rs.getLong(s + "_open"));
                        c.put("overdue", rs.getLong(s + "_overdue"));
                        stages.put(s, c);
                    }
                });
        return stages;
    }

    Map<String, Long> byStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (CaseStatus s : CaseStatus.values()) {
            counts.put(s.id(), 0L);
        }
        jdbc.query("select status, count(*) as n from unresolved_case group by status", Map.of(),
                rs -> { counts.put(rs.getString("status"), rs.getLong("n")); });
        return counts;
    }

    /** Dimensions of the report; the column names are constants, never input. */
    /** Active (not closed or cancelled) and overdue cases per (tag, department): what the gauges show. */
    record ActiveCount(String tag, String department, long active, long overdue) {
    }

    List<ActiveCount> activeByTagAndDepartment(Instant now) {
        return jdbc.query("select tag, department, count(*) as active, count(*) filter (where " + OVERDUE + ") as overdue"
                        + " from unresolved_case where status not in ('closed', 'cancelled') group by tag, department",
                Map.of("now", ts(now)), (rs, i) -> new ActiveCount(rs.getString("tag"), rs.getString("department"),
                        rs.getLong("active"), rs.getLong("overdue")));
    }

    enum Dimension {
        TAG("tag"), DEPARTMENT("department"), MATTER("matter_code");

        final String column;

        Dimension(String column) {
            this.column = column;
        }
    }

    private static MapSqlParameterSource filter(Filter f, Instant now) {
        return new MapSqlParameterSource().addValue("status", f.status() == null ? null : f.status().id())
                .addValue("tag", f.tag() == null ? null : f.tag().id()).addValue("department", f.department())
                .addValue("matter", f.matter()).addValue("overdue", f.overdue()).addValue("now", ts(now));
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("matter_code"), rs.getString("matter_name"), rs.getString("material_id"),
                rs.getString("material_name"), rs.getString("subject_key"), Tag.byId(rs.getString("tag")).orElseThrow(),
                rs.getString("reason"), rs.getString("department"), status(rs.getString("status")), rs.getString("assignee"),
                rs.getInt("occurrences"), rs.getTimestamp("opened_at").toInstant(), rs.getTimestamp("last_seen_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), new ServiceLevels.Deadlines(rs.getTimestamp("respond_by").toInstant(),
                rs.getTimestamp("coordinate_by").toInstant(), rs.getTimestamp("close_by").toInstant()));
    }

    private static CaseStatus status(String id) {
        return id == null ? null : CaseStatus.byId(id).orElseThrow();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
