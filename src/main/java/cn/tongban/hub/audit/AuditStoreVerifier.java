package cn.tongban.hub.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import cn.tongban.hub.api.ApiProblem;
import cn.tongban.hub.api.ProblemCodes;

/**
 * Verifies the audit log in PostgreSQL ({@code GET /api/v1/audit/verify}): records and
 * checkpoints are streamed with server-side cursors (fetch size {@code hub.audit.verify-fetch-size})
 * in one read-only, repeatable-read transaction, so appends running meanwhile neither show half
 * nor look like a cut-off tail.
 */
@Component
class AuditStoreVerifier {

    private final DataSource dataSource;
    private final AuditProperties props;
    private final AuditCrypto crypto;

    AuditStoreVerifier(DataSource dataSource, AuditProperties props, AuditCrypto crypto) {
        this.dataSource = dataSource;
        this.props = props;
        this.crypto = crypto;
    }

    /**
     * @param from     first seq to check, null: from the first record in the table
     * @param to       last seq to check, null: to the end (head row and last checkpoint included)
     * @param archives also check every archive file (presence, digest, content)
     */
    VerificationResult verify(Long from, Long to, boolean archives) {
        if (from != null && from < 1 || to != null && to < 1 || from != null && to != null && from > to) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.AUDIT_RANGE_INVALID, "Invalid range",
                    "from and to are seqs (1 or more) with from <= to.");
        }
        AuditVerifier.Run run = crypto.verifier().newRun();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                AuditVerifier.Finding f = verify(c, run, from, to, archives);
                return run.result(f);
            } finally {
                c.rollback();
            }
        } catch (SQLException | AuditRows.StoreFailure e) {
            throw new DataAccessResourceFailureException("audit verification could not read the store", e);
        }
    }

    private AuditVerifier.Finding verify(Connection c, AuditVerifier.Run run, Long from, Long to, boolean archives)
            throws SQLException {
        List<AuditArchives.Row> index = archiveIndex(c);
        AuditVerifier.Finding f = AuditArchives.checkIndex(index);
        if (f == null && archives) {
            f = AuditArchives.verifyFiles(run, index, Path.of(props.archiveDir()));
        }
        if (f != null) {
            return f;
        }
        AuditVerifier.Anchor anchor = AuditArchives.anchor(index);
        if (from != null && from > anchor.firstSeq()) {
            anchor = AuditVerifier.Anchor.range(from, AuditCheckpointer.hashOf(c, from - 1));
        }
        AuditVerifier.Head head = to == null ? head(c) : null;
        try (AuditRows.Rows<AuditRecord> records = AuditRows.records(c, anchor.firstSeq(), to, props.verifyFetchSize());
             AuditRows.Rows<AuditCheckpoint> checkpoints = AuditRows.checkpoints(c, props.verifyFetchSize(), anchor.firstSeq())) {
            return run.chain(records, checkpoints, anchor, head, to);
        }
    }

    static List<AuditArchives.Row> archiveIndex(Connection c) throws SQLException {
        List<AuditArchives.Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select from_seq, to_seq, last_hash, file, file_digest, hash_alg from audit_archive order by from_seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new AuditArchives.Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6)));
            }
        }
        return rows;
    }

    static AuditVerifier.Head head(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select last_seq, last_hash from audit_head where id = 1");
             ResultSet rs = ps.executeQuery()) {
            // A deleted head row is a tail that cannot be checked; treat it as an empty log's.
            return rs.next() ? new AuditVerifier.Head(rs.getLong(1), rs.getString(2)) : new AuditVerifier.Head(0, null);
        }
    }
}
