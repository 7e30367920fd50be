package cn.tongban.hub.quarantine;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import cn.tongban.hub.ops.metrics.HubMetrics;

/**
 * Records that could not be mapped or keyed, kept with their reason so none is lost. Each
 * record that enters quarantine (or comes back into it) counts once in
 * {@code hub.quarantine.records{source, reason}}; a redelivery already held does not.
 */
@Repository
public class QuarantineRepository {

    private final JdbcTemplate jdbc;
    private final HubMetrics metrics;

    QuarantineRepository(JdbcTemplate jdbc, HubMetrics metrics) {
        this.jdbc = jdbc;
        this.metrics = metrics;
    }

    /**
     * Stores the record as received, with its reason. {@code sourceRef} names the source
     * record (e.g. topic/partition@offset) so a redelivery is not quarantined twice;
     * returns false when it already was.
     */
    public boolean add(String silo, String reasonCode, String reason, String payload, String sourceRef) {
        boolean added = jdbc.update("""
                insert into quarantine (silo, reason_code, reason, payload, source_ref) values (?, ?, ?, ?, ?)
                on conflict (silo, source_ref) where source_ref is not null do nothing
                """, silo, reasonCode, reason, payload, sourceRef) == 1;
        if (added) {
            metrics.quarantined(silo, reasonCode);
        }
        return added;
    }

    /** A quarantined record as stored. */
    public record Entry(long id, String silo, String reasonCode, String reason, String payload, String sourceRef,
                        java.time.Instant receivedAt) {
    }

    /** Records still in quarantine (not replayed), oldest first, optionally of one reason. */
    public java.util.List<Entry> open(String silo, String reasonCode, int limit) {
        return jdbc.query("""
                select id, silo, reason_code, reason, payload, source_ref, received_at from quarantine
                 where silo = ? and replayed_at is null and (cast(? as text) is null or reason_code = ?)
                 order by id limit ?
                """, (rs, i) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getTimestamp(7).toInstant()), silo, reasonCode, reasonCode, limit);
    }

    /** One quarantine row by id, open or not. */
    public java.util.Optional<Entry> find(long id) {
        return jdbc.query("""
                select id, silo, reason_code, reason, payload, source_ref, received_at from quarantine where id = ?
                """, (rs, i) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getTimestamp(7).toInstant()), id).stream().findFirst();
    }

    /** Whether the row is still in quarantine. */
    public boolean isOpen(long id) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select replayed_at is null from quarantine where id = ?", Boolean.class, id));
    }

    /** The record went through on replay: it leaves quarantine (the row stays, with the time). */
    public void markReplayed(long id) {
        jdbc.update("update quarantine set replayed_at = now() where id = ? and replayed_at is null", id);
    }

    /** The record failed again on replay, possibly for another reason now. */
    public void updateReason(long id, String reasonCode, String reason) {
        jdbc.update("update quarantine set reason_code = ?, reason = ? where id = ?", reasonCode, reason, id);
    }

    /**
     * A record read again from its silo and now mapped and keyed (a silo reconciled by full
     * reads, not by replay): its open quarantine rows leave quarantine; returns how many.
     */
    public int resolve(String silo, java.util.Collection<String> sourceRefs) {
        if (sourceRefs.isEmpty()) {
            return 0;
        }
        return jdbc.update("update quarantine set replayed_at = now() where silo = ? and source_ref = any(?) and replayed_at is null",
                silo, sourceRefs.toArray(String[]::new));
    }

    /** A record that had left quarantine fails again: it is back in, with the current reason; true when it was reopened. */
    public boolean reopen(String silo, String sourceRef, String reasonCode, String reason) {
        boolean reopened = jdbc.update("""
                update quarantine set replayed_at = null, reason_code = ?, reason = ?
                 where silo = ? and source_ref = ? and replayed_at is not null
                """, reasonCode, reason, silo, sourceRef) == 1;
        if (reopened) {
            metrics.quarantined(silo, reasonCode);
        }
        return reopened;
    }

    /** Records still in quarantine by reason code. */
    public Map<String, Long> countByReason(String silo) {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("select reason_code, count(*) from quarantine where silo = ? and replayed_at is null group by reason_code",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                }, silo);
        return counts;
    }
}
