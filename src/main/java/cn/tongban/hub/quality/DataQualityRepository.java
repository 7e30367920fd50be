package cn.tongban.hub.quality;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Counts over the persisted per-record outcomes, the quarantine and the crosswalk; no values leave. */
@Repository
class DataQualityRepository {

    private final JdbcTemplate jdbc;

    DataQualityRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Per mapping: silo, records, mapped, quarantined, keyed through an alias, compared, last run. */
    Map<String, Map<String, Object>> mappingTotals() {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        jdbc.query("""
                select mapping_id, min(silo), count(*),
                       count(*) filter (where outcome = 'MAPPED'),
                       count(*) filter (where outcome = 'QUARANTINED'),
                       count(*) filter (where outcome = 'MAPPED' and linked_by is null),
                       count(*) filter (where compared_with is not null),
                       max(last_run_at)
                  from record_outcome group by mapping_id
                """, rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("silo", rs.getString(2));
            m.put("records", rs.getLong(3));
            m.put("mapped", rs.getLong(4));
            m.put("quarantined", rs.getLong(5));
            m.put("carryingKey", rs.getLong(6));
            m.put("comparedWithAuthoritativeSource", rs.getLong(7));
            m.put("lastRunAt", rs.getTimestamp(8).toInstant().toString());
            out.put(rs.getString(1), m);
        });
        return out;
    }

    /** Per mapping, a count per group, from a query returning (mapping_id, group, count). */
    Map<String, Map<String, Long>> grouped(String sql) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        jdbc.query(sql, rs -> {
            out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
        });
        return out;
    }

    Map<String, Map<String, Long>> linkedBy() {
        return grouped("""
                select mapping_id, linked_by, count(*) from record_outcome
                 where outcome = 'MAPPED' and linked_by is not null group by 1, 2
                """);
    }

    Map<String, Map<String, Long>> quarantinedByReason() {
        return grouped("""
                select mapping_id, reason_code, count(*) from record_outcome
                 where outcome = 'QUARANTINED' group by 1, 2
                """);
    }

    /** Flags by code (the part before ':'). */
    Map<String, Map<String, Long>> flagsByCode() {
        return grouped("""
                select mapping_id, split_part(f, ':', 1), count(*)
                  from record_outcome, jsonb_array_elements_text(flags) f group by 1, 2
                """);
    }

    /** Flags by code and field ({@code CODE:field}). */
    Map<String, Map<String, Long>> flagsByField() {
        return grouped("select mapping_id, f, count(*) from record_outcome, jsonb_array_elements_text(flags) f group by 1, 2");
    }

    /** Conflicts: per mapping and compared silo, the records compared and the disagreements by field. */
    List<Map<String, Object>> conflicts() {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        jdbc.query("""
                select mapping_id, compared_with, count(*),
                       (select count(*) from record_outcome n where n.mapping_id = o.mapping_id and n.compared_with is null)
                  from record_outcome o where compared_with is not null group by 1, 2
                """, rs -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mapping", rs.getString(1));
            m.put("comparedWith", rs.getString(2));
            m.put("compared", rs.getLong(3));
            m.put("notCompared", rs.getLong(4));
            m.put("byField", new TreeMap<String, Long>());
            out.put(rs.getString(1) + "|" + rs.getString(2), m);
        });
        jdbc.query("""
                select mapping_id, compared_with, c, count(*)
                  from record_outcome, jsonb_array_elements_text(conflicts) c
                 where compared_with is not null group by 1, 2, 3
                """, rs -> {
            Map<String, Object> m = out.get(rs.getString(1) + "|" + rs.getString(2));
            if (m != null) {
                @SuppressWarnings("unchecked")
                Map<String, Long> byField = (Map<String, Long>) m.get("byField");
                byField.put(rs.getString(3), rs.getLong(4));
            }
        });
        return List.copyOf(out.values());
    }

    /** Records still in quarantine, per silo and reason (every silo, pushed ones included). */
    Map<String, Map<String, Long>> openQuarantine() {
        return grouped("select silo, reason_code, count(*) from quarantine where replayed_at is null group by 1, 2");
    }

    /** Crosswalk links per entity, alias kind and asserting silo. */
    List<Map<String, Object>> crosswalk() {
        return jdbc.query("""
                select entity, alias_kind, asserted_by, count(*) from crosswalk
                 where valid_to is null or valid_to >= ? group by 1, 2, 3 order by 1, 2, 3
                """, (rs, i) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("entity", rs.getString(1));
            m.put("aliasKind", rs.getString(2));
            m.put("assertedBy", rs.getString(3));
            m.put("links", rs.getLong(4));
            return m;
        }, java.sql.Date.valueOf(cn.tongban.hub.crosswalk.Crosswalk.today()));
    }
}
