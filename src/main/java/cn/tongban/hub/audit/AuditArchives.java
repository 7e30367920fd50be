package cn.tongban.hub.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Verification of archived ranges: the {@code audit_archive} rows must follow one another from
 * seq 1, each file must still have the digest recorded when it was written, and its records
 * and checkpoints must verify like the table's, chained to the previous archive. The first
 * record left in the table is then chained to the last archive's {@code last_hash}.
 */
final class AuditArchives {

    /** One row of {@code audit_archive}. */
    record Row(long fromSeq, long toSeq, String lastHash, String file, String fileDigest, String hashAlg) {
    }

    private AuditArchives() {
    }

    /** Where the records left in the table must start. */
    static AuditVerifier.Anchor anchor(List<Row> rows) {
        if (rows.isEmpty()) {
            return AuditVerifier.Anchor.genesis();
        }
        Row last = rows.get(rows.size() - 1);
        return AuditVerifier.Anchor.after(last.toSeq(), last.lastHash());
    }

    /** The rows (in from_seq order) must tile 1..n without gap or overlap. */
    static AuditVerifier.Finding checkIndex(List<Row> rows) {
        long expected = 1;
        for (Row r : rows) {
            if (r.fromSeq() != expected || r.toSeq() < r.fromSeq()) {
                return new AuditVerifier.Finding(AuditProblem.AUDIT_ARCHIVE_GAP, expected, "the archived range "
                        + r.fromSeq() + ".." + r.toSeq() + " (" + r.file() + ") does not start at " + expected);
            }
            expected = r.toSeq() + 1;
        }
        return null;
    }

    /** Verifies every archive file of the index, found in {@code dir}. */
    static AuditVerifier.Finding verifyFiles(AuditVerifier.Run run, List<Row> rows, Path dir) {
        AuditVerifier.Anchor anchor = AuditVerifier.Anchor.genesis();
        for (Row r : rows) {
            AuditVerifier.Finding f = verifyFile(run, dir.resolve(r.file()), r, anchor);
            if (f != null) {
                return f;
            }
            anchor = AuditVerifier.Anchor.after(r.toSeq(), r.lastHash());
        }
        return null;
    }

    /**
     * Verifies one archive file: against its index row if given (presence, digest, range, last
     * hash), then its content from {@code anchor} (null: the file's own header).
     */
    static AuditVerifier.Finding verifyFile(AuditVerifier.Run run, Path file, Row expected, AuditVerifier.Anchor anchor) {
        long at = expected == null ? 1 : expected.fromSeq();
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            return new AuditVerifier.Finding(AuditProblem.AUDIT_ARCHIVE_MISSING, at, "archive file " + name + " is missing");
        }
        try {
            if (expected != null) {
                HashAlgorithm alg = HashAlgorithm.of(expected.hashAlg());
                String digest = digest(file, alg);
                if (!digest.equals(expected.fileDigest())) {
                    return new AuditVerifier.Finding(AuditProblem.AUDIT_ARCHIVE_DIGEST_MISMATCH, at, "archive file " + name
                            + " has " + alg.id() + " " + AuditVerifier.abbreviate(digest) + ", not the digest recorded when it was written");
                }
            }
            try (AuditArchiveFile.Reading in = new AuditArchiveFile.Reading(file)) {
                AuditArchiveFile.Header h = in.header();
                if (expected != null && (h.fromSeq() != expected.fromSeq() || h.toSeq() != expected.toSeq()
                        || !Objects.equals(h.lastHash(), expected.lastHash()))) {
                    return new AuditVerifier.Finding(AuditProblem.AUDIT_ARCHIVE_MISMATCH, at, "archive file " + name + " holds "
                            + h.fromSeq() + ".." + h.toSeq() + ", its index row says " + expected.fromSeq() + ".." + expected.toSeq()
                            + " (or another last hash)");
                }
                AuditVerifier.Anchor from = anchor != null ? anchor : new AuditVerifier.Anchor(h.fromSeq(), h.prevHash(), true);
                AuditVerifier.Finding f;
                try {
                    f = run.chain(in.records(), in.checkpoints().iterator(), from, new AuditVerifier.Head(h.toSeq(), h.lastHash()), null);
                } catch (AuditArchiveFile.MalformedLine e) {
                    f = new AuditVerifier.Finding(AuditProblem.AUDIT_EXPORT_MALFORMED, run.endSeq() + 1,
                            "archive file " + name + ": " + e.getMessage());
                }
                if (f == null) {
                    run.archiveChecked();
                }
                return f;
            }
        } catch (AuditArchiveFile.MalformedLine e) {
            return new AuditVerifier.Finding(AuditProblem.AUDIT_EXPORT_MALFORMED, at, "archive file " + name + ": " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            return new AuditVerifier.Finding(AuditProblem.AUDIT_EXPORT_MALFORMED, at, "archive file " + name
                    + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Hex digest of a file's bytes. */
    static String digest(Path file, HashAlgorithm alg) throws IOException {
        HashAlgorithm.Hasher h = alg.newHasher();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                h.update(buf, 0, n);
            }
        }
        return AuditRecord.HEX.formatHex(h.digest());
    }
}
