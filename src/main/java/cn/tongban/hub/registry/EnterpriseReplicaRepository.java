package cn.tongban.hub.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import cn.tongban.hub.canonical.SourcedValue;

/** The registry replica in PostgreSQL: idempotent, version-ordered upserts and key look-ups. */
@Repository
public class EnterpriseReplicaRepository {

    // The WHERE clause is what makes redelivery and out-of-order events harmless: a row
    // changes only for a strictly newer source version.
    private static final String UPSERT = """
            insert into enterprise (uscc, uscc_check_valid, registration_no, organization_code, name,
                                    source_version, source_event_id, source_changed_at, record, flags)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)
            on conflict (uscc) do update set
                uscc_check_valid = excluded.uscc_check_valid,
                registration_no = excluded.registration_no,
                organization_code = excluded.organization_code,
                name = excluded.name,
                source_version = excluded.source_version,
                source_event_id = excluded.source_event_id,
                source_changed_at = excluded.source_changed_at,
                record = excluded.record,
                flags = excluded.flags,
                updated_at = now()
            where enterprise.source_version < excluded.source_version
            """;

    private static final String SELECT = """
            select uscc, uscc_check_valid, registration_no, organization_code, name, source_version,
                   source_event_id, source_changed_at, record, flags, updated_at
            from enterprise
            """;

    private static final TypeReference<Map<String, SourcedValue>> FIELDS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> FLAGS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    EnterpriseReplicaRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Writes the enterprise unless the replica already holds this or a newer version; true when written. */
    public boolean upsert(ReplicaEnterprise e) {
        int rows = jdbc.update(UPSERT,
                e.uscc(), e.usccCheckValid(), e.registrationNumber(), e.organizationCode(), e.name(),
                e.sourceVersion(), e.sourceEventId(),
                e.sourceChangedAt() == null ? null : Timestamp.from(e.sourceChangedAt()),
                write(e.fields()), write(e.flags()));
        return rows == 1;
    }

    /** The source version the replica holds for a USCC, if any. */
    public Optional<Long> versionOf(String uscc) {
        return jdbc.queryForList("select source_version from enterprise where uscc = ?", Long.class, uscc).stream().findFirst();
    }

    public Optional<ReplicaEnterprise> findByUscc(String uscc) {
        return jdbc.query(SELECT + " where uscc = ?", this::row, uscc).stream().findFirst();
    }

    /** Enterprises known by a legacy registration number (normally one; more signals a data problem). */
    public List<ReplicaEnterprise> findByRegistrationNumber(String registrationNumber) {
        return jdbc.query(SELECT + " where registration_no = ? order by uscc", this::row, registrationNumber);
    }

    public List<ReplicaEnterprise> findByOrganizationCode(String organizationCode) {
        return jdbc.query(SELECT + " where organization_code = ? order by uscc", this::row, organizationCode);
    }

    public long count() {
        Long n = jdbc.queryForObject("select count(*) from enterprise", Long.class);
        return n == null ? 0 : n;
    }

    private ReplicaEnterprise row(ResultSet rs, int i) throws SQLException {
        Timestamp changed = rs.getTimestamp("source_changed_at");
        return new ReplicaEnterprise(
                rs.getString("uscc"),
                rs.getBoolean("uscc_check_valid"),
                rs.getString("registration_no"),
                rs.getString("organization_code"),
                rs.getString("name"),
                rs.getLong("source_version"),
                rs.getString("source_event_id"),
                changed == null ? null : changed.toInstant(),
                read(rs.getString("record"), FIELDS),
                read(rs.getString("flags"), FLAGS),
                rs.getTimestamp("updated_at").toInstant());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a replica record", e);
        }
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the replica holds a record that cannot be read", e);
        }
    }
}
