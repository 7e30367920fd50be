package cn.tongban.hub.quarantine;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Records that could not be mapped or keyed, kept with their reason so none is lost. */
@Repository
public class QuarantineRepository {

    private final JdbcTemplate jdbc;

    QuarantineRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores the record as received, with its reason. {@code sourceRef} names the source
     * record (e.g. topic/partition@offset) so a redelivery is not quarantined twice;
     * returns false when it already was.
     */
    public boolean add(String silo, String reasonCode, String reason, String payload, String sourceRef) {
        return jdbc.update("""
                insert into quarantine (silo, reason_code, reason, payload, source_ref) values (?, ?, ?, ?, ?)
                on conflict (silo, source_ref) where source_ref is not null do nothing
                """, silo, reasonCode, reason, payload, sourceRef) == 1;
    }

    public Map<String, Long> countByReason(String silo) {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("select reason_code, count(*) from quarantine where silo = ? group by reason_code",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                }, silo);
        return counts;
    }
}
