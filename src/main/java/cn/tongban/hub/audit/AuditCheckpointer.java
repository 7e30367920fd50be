package cn.tongban.hub.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the signed checkpoints: a Merkle root over the records since the last checkpoint,
 * at most {@code hub.audit.checkpoint-records} per checkpoint. Replicas take turns through a
 * PostgreSQL advisory lock, so ranges never overlap or leave a gap; appends are not held up.
 * A range is signed only after its chain checks out: a checkpoint never vouches for records
 * that were already tampered with.
 */
final class AuditCheckpointer {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpointer.class);

    private final DataSource dataSource;
    private final AuditCrypto crypto;
    private final AuditProperties props;
    private final Clock clock;

    /** What one run did: checkpoints written, the last seq now covered, and whether a range was refused. */
    record Outcome(int written, long coveredSeq, boolean refused) {
    }

    AuditCheckpointer(DataSource dataSource, AuditCrypto crypto, AuditProperties props, Clock clock) {
        this.dataSource = dataSource;
        this.crypto = crypto;
        this.props = props;
        this.clock = clock;
    }

    /**
     * Covers the records appended since the last checkpoint. With {@code partial} false only
     * full ranges of checkpoint-records are written (the writer's nudge); with true the rest
     * too (the periodic run).
     */
    Outcome run(boolean partial) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setNetworkTimeout(Runnable::run, (int) props.writeTimeout().toMillis());
            try {
                Outcome o = run(c, partial);
                c.commit();
                return o;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Outcome run(Connection c, boolean partial) throws SQLException {
        // The checkpoint is the anchor of everything before it: as durable as the records.
        AuditRows.durableCommit(c);
        AuditRows.lockCheckpoints(c);
        long covered = single(c, "select greatest(coalesce((select max(to_seq) from audit_checkpoint), 0), "
                + "coalesce((select max(to_seq) from audit_archive), 0))");
        long head = single(c, "select last_seq from audit_head where id = 1");
        String prevHash = covered == 0 ? null : hashOf(c, covered);
        int written = 0;
        long from = covered + 1;
        while (from <= head) {
            long to = Math.min(head, from + props.checkpointRecords() - 1);
            if (!partial && to - from + 1 < props.checkpointRecords()) {
                break;
            }
            Merkle merkle = new Merkle(crypto.hash());
            AuditVerifier.Run check = crypto.verifier().newRun();
            AuditVerifier.Finding f;
            try (AuditRows.Rows<AuditRecord> rows = AuditRows.records(c, from, to, props.verifyFetchSize())) {
                Iterator<AuditRecord> feeding = AuditRows.tapping(rows, r -> merkle.addHex(r.recordHash()));
                f = check.chain(feeding, Collections.emptyIterator(), new AuditVerifier.Anchor(from, prevHash, true), null, to);
            }
            if (f == null && (check.endSeq() != to || merkle.leaves() != to - from + 1)) {
                f = new AuditVerifier.Finding(AuditProblem.AUDIT_TAIL_MISSING, check.endSeq() + 1,
                        "the head row says " + to + " but the records end at " + check.endSeq());
            }
            if (f != null) {
                // Logged with seqs and codes only; the records themselves may hold personal data.
                log.error("Audit checkpoint over {}..{} refused: {} at seq {} ({}). Run GET /api/v1/audit/verify.",
                        from, to, f.problem(), f.seq(), f.detail());
                return new Outcome(written, from - 1, true);
            }
            long id = single(c, "select nextval('audit_checkpoint_id_seq')");
            AuditCheckpoint cp = new AuditCheckpoint(id, from, to, merkle.rootHex(), crypto.hash().id(), null,
                    crypto.signing().algorithm().id(), crypto.keyId(), Canonical.micros(clock.instant()));
            cp = cp.withSignature(Base64.getEncoder().encodeToString(crypto.signing().sign(cp.signedBytes())));
            try (PreparedStatement ps = c.prepareStatement(AuditRows.INSERT_CHECKPOINT)) {
                AuditRows.bind(ps, cp);
                ps.executeUpdate();
            }
            written++;
            prevHash = check.endHash();
            from = to + 1;
        }
        return new Outcome(written, from - 1, false);
    }

    /** The hash of record {@code seq}, from the table or, once archived, from its archive row. */
    static String hashOf(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select record_hash from audit_log where seq = ? "
                + "union all select last_hash from audit_archive where to_seq = ? limit 1")) {
            ps.setLong(1, seq);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row: " + sql);
            }
            return rs.getLong(1);
        }
    }
}
