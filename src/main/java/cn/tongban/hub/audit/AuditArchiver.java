package cn.tongban.hub.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Moves records past {@code hub.audit.retention} out of {@code audit_log} into archive files
 * ({@link AuditArchiveFile}) in {@code hub.audit.archive-dir}, whole checkpoint ranges at a
 * time (a checkpoint created before the cut-off covers only records older than it).
 *
 * <p>Never a silent delete: the range is verified as it is written (chain, checkpoint roots and
 * signatures); the file is flushed to disk, read back and verified again; its range, last hash
 * and digest go into {@code audit_archive}; only then, in the same transaction, are the rows
 * deleted. A range that does not verify is left where it is and logged. Replicas take turns
 * through the checkpoint advisory lock. Archive files are never deleted by the hub.
 */
@Component
class AuditArchiver {

    private static final Logger log = LoggerFactory.getLogger(AuditArchiver.class);

    private final DataSource dataSource;
    private final AuditProperties props;
    private final AuditCrypto crypto;
    private final Clock clock;

    /** One archived range, or a refused one. */
    record Outcome(long fromSeq, long toSeq, Path file, long records, int checkpoints, AuditVerifier.Finding refusedFor) {
    }

    @Autowired
    AuditArchiver(DataSource dataSource, AuditProperties props, AuditCrypto crypto) {
        this(dataSource, props, crypto, Clock.systemUTC());
    }

    AuditArchiver(DataSource dataSource, AuditProperties props, AuditCrypto crypto, Clock clock) {
        this.dataSource = dataSource;
        this.props = props;
        this.crypto = crypto;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${hub.audit.archive-period:1h}", initialDelayString = "${hub.audit.archive-period:1h}")
    void scheduled() {
        try {
            Optional<Outcome> o;
            do {
                o = archiveOnce(clock.instant());
            } while (o.isPresent() && o.get().refusedFor() == null);
        } catch (SQLException e) {
            // SQLState only: a PostgreSQL message may quote a failing row, and rows hold personal data.
            log.warn("Audit archiving failed: {} (SQLState {}); nothing was deleted, the next run retries",
                    e.getClass().getSimpleName(), e.getSQLState());
        } catch (IOException | RuntimeException e) {
            log.warn("Audit archiving failed: {}; nothing was deleted, the next run retries", e.getClass().getSimpleName(), e);
        }
    }

    /** Archives the oldest range past retention as of {@code now}, if any (at most archive-max-records). */
    Optional<Outcome> archiveOnce(Instant now) throws SQLException, IOException {
        Instant cutoff = now.minus(props.retention());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<Outcome> o = archive(c, cutoff);
                if (o.isPresent() && o.get().refusedFor() == null) {
                    c.commit();
                    Outcome done = o.get();
                    log.info("Audit records {}..{} ({} records, {} checkpoints) archived to {} and removed from audit_log",
                            done.fromSeq(), done.toSeq(), done.records(), done.checkpoints(), done.file());
                } else {
                    c.rollback();
                }
                return o;
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Optional<Outcome> archive(Connection c, Instant cutoff) throws SQLException, IOException {
        AuditRows.durableCommit(c);
        AuditRows.lockCheckpoints(c);
        List<AuditArchives.Row> index = AuditStoreVerifier.archiveIndex(c);
        AuditVerifier.Finding bad = AuditArchives.checkIndex(index);
        if (bad != null) {
            return refuse(0, 0, bad);
        }
        AuditVerifier.Anchor anchor = AuditArchives.anchor(index);
        List<AuditCheckpoint> chosen = new ArrayList<>();
        long count = 0;
        try (AuditRows.Rows<AuditCheckpoint> cps = AuditRows.checkpoints(c, 1000, anchor.firstSeq())) {
            long expectedFrom = anchor.firstSeq();
            while (cps.hasNext()) {
                AuditCheckpoint cp = cps.next();
                long size = cp.toSeq() - cp.fromSeq() + 1;
                if (cp.fromSeq() != expectedFrom || !cp.createdAt().isBefore(cutoff)
                        || !chosen.isEmpty() && count + size > props.archiveMaxRecords()) {
                    break;
                }
                chosen.add(cp);
                count += size;
                expectedFrom = cp.toSeq() + 1;
            }
        }
        if (chosen.isEmpty()) {
            return Optional.empty();
        }
        long from = anchor.firstSeq();
        long to = chosen.get(chosen.size() - 1).toSeq();
        String lastHash = AuditCheckpointer.hashOf(c, to);
        if (lastHash == null) {
            return refuse(from, to, new AuditVerifier.Finding(AuditProblem.AUDIT_TAIL_MISSING, to,
                    "record " + to + ", the end of checkpoint " + chosen.get(chosen.size() - 1).id() + ", is missing"));
        }
        Path dir = Path.of(props.archiveDir());
        Files.createDirectories(dir);
        String name = String.format("audit-%012d-%012d.jsonl.gz", from, to);
        Path tmp = dir.resolve(name + ".tmp");
        Path file = dir.resolve(name);
        AuditVerifier.Finding f;
        try {
            f = write(c, tmp, anchor, from, to, lastHash, chosen);
            if (f == null) {
                // What is on disk, not what was meant to be: read it back and verify it once more.
                f = AuditArchives.verifyFile(crypto.verifier().newRun(), tmp, null, anchor);
            }
            if (f != null) {
                Files.deleteIfExists(tmp);
                return refuse(from, to, f);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        HashAlgorithm digestAlg = crypto.hash();
        String digest = AuditArchives.digest(tmp, digestAlg);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (PreparedStatement ps = c.prepareStatement("insert into audit_archive (from_seq, to_seq, last_hash, file, file_digest, "
                + "hash_alg, archived_at) values (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            ps.setString(3, lastHash);
            ps.setString(4, name);
            ps.setString(5, digest);
            ps.setString(6, digestAlg.id());
            ps.setObject(7, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            ps.executeUpdate();
        }
        int checkpointsDeleted;
        int recordsDeleted;
        try (PreparedStatement ps = c.prepareStatement("delete from audit_checkpoint where from_seq >= ? and to_seq <= ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            checkpointsDeleted = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("delete from audit_log where seq between ? and ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            recordsDeleted = ps.executeUpdate();
        }
        if (recordsDeleted != to - from + 1 || checkpointsDeleted != chosen.size()) {
            // Rows appeared or vanished since they were read: keep everything (the caller rolls back).
            throw new IllegalStateException("audit archive " + from + ".." + to + ": deleted " + recordsDeleted + " records and "
                    + checkpointsDeleted + " checkpoints, expected " + (to - from + 1) + " and " + chosen.size());
        }
        return Optional.of(new Outcome(from, to, file, to - from + 1, chosen.size(), null));
    }

    /** Writes the range to {@code tmp}, verifying the records as they pass; the file is on disk when this returns null. */
    private AuditVerifier.Finding write(Connection c, Path tmp, AuditVerifier.Anchor anchor, long from, long to, String lastHash,
                                        List<AuditCheckpoint> chosen) throws SQLException, IOException {
        AuditVerifier.Finding f;
        try (OutputStream raw = Files.newOutputStream(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
             AuditArchiveFile.Writing out = new AuditArchiveFile.Writing(raw, new AuditArchiveFile.Header(from, to, anchor.prevHash(),
                     lastHash, to - from + 1, chosen.size()));
             AuditRows.Rows<AuditRecord> rows = AuditRows.records(c, from, to, props.verifyFetchSize())) {
            for (AuditCheckpoint cp : chosen) {
                out.checkpoint(cp);
            }
            Iterator<AuditRecord> writing = AuditRows.tapping(rows, r -> {
                try {
                    out.record(r);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            f = crypto.verifier().newRun().chain(writing, chosen.iterator(), anchor, new AuditVerifier.Head(to, lastHash), null);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        if (f == null) {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        return f;
    }

    private Optional<Outcome> refuse(long from, long to, AuditVerifier.Finding f) {
        log.error("Audit records {}..{} NOT archived: {} at seq {} ({}). Nothing was deleted; run GET /api/v1/audit/verify.",
                from, to, f.problem(), f.seq(), f.detail());
        return Optional.of(new Outcome(from, to, null, 0, 0, f));
    }
}
