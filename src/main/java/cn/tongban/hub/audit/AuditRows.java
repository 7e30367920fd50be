package cn.tongban.hub.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * The audit tables read and written over JDBC: column lists, row mapping and a streaming
 * read (a server-side cursor: the connection must not be in auto-commit, and the fetch size
 * bounds what is in memory).
 */
final class AuditRows {

    static final String RECORD_COLUMNS = "seq, at, client, operator, matter, case_number, subject_key, action, fields, sources, "
            + "outcome, response_hash, prev_hash, record_hash, hash_alg";
    static final String CHECKPOINT_COLUMNS = "id, from_seq, to_seq, merkle_root, hash_alg, signature, signature_alg, key_id, "
            + "created_at";
    static final String INSERT_RECORD = "insert into audit_log (" + RECORD_COLUMNS
            + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String INSERT_CHECKPOINT = "insert into audit_checkpoint (" + CHECKPOINT_COLUMNS
            + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /**
     * Serialises checkpoint writing and archiving across hub replicas (pg_advisory_xact_lock);
     * appends take the head row's lock instead and are not held up by either. "tbaudit\1".
     */
    static final long CHECKPOINT_LOCK = 0x7462_6175_6469_7401L;

    private AuditRows() {
    }

    /**
     * Makes the current transaction's commit wait for its WAL to reach the disk, whatever the
     * server's default (io.zonky's embedded default is off): an audit record or checkpoint
     * reported durable must survive a crash of PostgreSQL.
     */
    static void durableCommit(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("set local synchronous_commit to on");
        }
    }

    /** Takes {@link #CHECKPOINT_LOCK} until the end of the current transaction. */
    static void lockCheckpoints(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            ps.setLong(1, CHECKPOINT_LOCK);
            ps.execute();
        }
    }

    /** {@code it}, handing each element to {@code tap} as it passes (to write or hash what a verifier reads). */
    static <T> Iterator<T> tapping(Iterator<T> it, Consumer<T> tap) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public T next() {
                T t = it.next();
                tap.accept(t);
                return t;
            }
        };
    }

    interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    static AuditRecord record(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getLong(1), instant(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), texts(rs.getArray(9)), texts(rs.getArray(10)),
                rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15));
    }

    static AuditCheckpoint checkpoint(ResultSet rs) throws SQLException {
        return new AuditCheckpoint(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), instant(rs, 9));
    }

    static void bind(PreparedStatement ps, Connection c, AuditRecord r) throws SQLException {
        ps.setLong(1, r.seq());
        ps.setObject(2, OffsetDateTime.ofInstant(r.at(), ZoneOffset.UTC));
        ps.setString(3, r.client());
        ps.setString(4, r.operator());
        ps.setString(5, r.matter());
        ps.setString(6, r.caseNumber());
        ps.setString(7, r.subjectKey());
        ps.setString(8, r.action());
        ps.setArray(9, c.createArrayOf("text", r.fields().toArray()));
        ps.setArray(10, c.createArrayOf("text", r.sources().toArray()));
        ps.setString(11, r.outcome());
        ps.setString(12, r.responseHash());
        ps.setString(13, r.prevHash());
        ps.setString(14, r.recordHash());
        ps.setString(15, r.hashAlg());
    }

    static void bind(PreparedStatement ps, AuditCheckpoint cp) throws SQLException {
        ps.setLong(1, cp.id());
        ps.setLong(2, cp.fromSeq());
        ps.setLong(3, cp.toSeq());
        ps.setString(4, cp.merkleRoot());
        ps.setString(5, cp.hashAlg());
        ps.setString(6, cp.signature());
        ps.setString(7, cp.signatureAlg());
        ps.setString(8, cp.keyId());
        ps.setObject(9, OffsetDateTime.ofInstant(cp.createdAt(), ZoneOffset.UTC));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static List<String> texts(Array a) throws SQLException {
        if (a == null) {
            return List.of();
        }
        // Arrays.asList keeps null elements, which a text[] may hold and List.of refuses.
        return Collections.unmodifiableList(Arrays.asList((String[]) a.getArray()));
    }

    /** Records {@code from..to} (to null: to the end) in seq order, streamed. */
    static Rows<AuditRecord> records(Connection c, long from, Long to, int fetchSize) throws SQLException {
        return to == null
                ? new Rows<>(c, "select " + RECORD_COLUMNS + " from audit_log where seq >= ? order by seq", fetchSize,
                AuditRows::record, from)
                : new Rows<>(c, "select " + RECORD_COLUMNS + " from audit_log where seq between ? and ? order by seq", fetchSize,
                AuditRows::record, from, to);
    }

    /** Checkpoints that end at or after {@code minToSeq}, in from_seq order, streamed. */
    static Rows<AuditCheckpoint> checkpoints(Connection c, int fetchSize, long minToSeq) throws SQLException {
        return new Rows<>(c, "select " + CHECKPOINT_COLUMNS + " from audit_checkpoint where to_seq >= ? order by from_seq, id",
                fetchSize, AuditRows::checkpoint, minToSeq);
    }

    /** A query's rows as an iterator; a failed fetch surfaces as {@link StoreFailure}. */
    static final class Rows<T> implements Iterator<T>, AutoCloseable {

        private final PreparedStatement ps;
        private final ResultSet rs;
        private final Mapper<T> mapper;
        private Boolean hasNext;

        Rows(Connection c, String sql, int fetchSize, Mapper<T> mapper, Object... params) throws SQLException {
            this.ps = c.prepareStatement(sql);
            this.mapper = mapper;
            try {
                ps.setFetchSize(fetchSize);
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                this.rs = ps.executeQuery();
            } catch (SQLException e) {
                ps.close();
                throw e;
            }
        }

        @Override
        public boolean hasNext() {
            if (hasNext == null) {
                try {
                    hasNext = rs.next();
                } catch (SQLException e) {
                    throw new StoreFailure(e);
                }
            }
            return hasNext;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            hasNext = null;
            try {
                return mapper.map(rs);
            } catch (SQLException e) {
                throw new StoreFailure(e);
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                rs.close();
            } finally {
                ps.close();
            }
        }
    }

    /** A read of the audit tables that failed half-way. */
    static final class StoreFailure extends RuntimeException {

        StoreFailure(SQLException cause) {
            super("reading the audit tables failed (SQLState " + cause.getSQLState() + ")", cause);
        }
    }
}
