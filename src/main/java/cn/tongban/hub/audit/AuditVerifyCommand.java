package cn.tongban.hub.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code java -jar tongban-hub.jar audit-verify ...}: verifies an export of the audit tables
 * offline, without Spring and without the database (docs/audit.md, "Offline verification").
 * Exit status 0 when the log verifies, 1 when it was tampered with, 2 on a usage error (a
 * missing option, an unreadable file or key).
 *
 * <pre>
 * audit-verify --records audit_log.csv --checkpoints audit_checkpoint.csv --verify-key key.pem
 *              [--verify-key retired.pem ...] [--head audit_head.csv]
 *              [--archive-index audit_archive.csv [--archive-dir DIR]] [--json]
 * audit-verify --archive audit-000000000001-000000010000.jsonl.gz --verify-key key.pem [--json]
 * </pre>
 */
public final class AuditVerifyCommand {

    /** The first program argument that selects this command. */
    public static final String NAME = "audit-verify";

    /**
     * The export statements, for psql's {@code \copy (...) to 'file' csv header} (or
     * {@code COPY (...) TO STDOUT WITH (FORMAT csv, HEADER)}), run in one repeatable-read
     * transaction so that the files agree with one another.
     */
    public static final String EXPORT_RECORDS = "select " + AuditRows.RECORD_COLUMNS + " from audit_log order by seq";
    public static final String EXPORT_CHECKPOINTS = "select " + AuditRows.CHECKPOINT_COLUMNS
            + " from audit_checkpoint order by from_seq";
    public static final String EXPORT_HEAD = "select last_seq, last_hash from audit_head";
    public static final String EXPORT_ARCHIVES = "select from_seq, to_seq, last_hash, file, file_digest, hash_alg "
            + "from audit_archive order by from_seq";

    static final int OK = 0;
    static final int TAMPERED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: audit-verify --records audit_log.csv --checkpoints audit_checkpoint.csv --verify-key key.pem
                                [--verify-key another.pem ...] [--head audit_head.csv]
                                [--archive-index audit_archive.csv [--archive-dir DIR]] [--json]
                   audit-verify --archive FILE.jsonl.gz [--archive FILE ...] --verify-key key.pem [--json]
            exit status: 0 verified, 1 tampered with, 2 usage error (docs/audit.md)""";

    private AuditVerifyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("audit-verify: " + e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        List<AuditKeys.Verifying> keys = new ArrayList<>();
        for (Path k : o.verifyKeys) {
            try {
                keys.add(AuditKeys.Verifying.parse(Files.readString(k, StandardCharsets.US_ASCII)));
            } catch (IOException | IllegalArgumentException e) {
                err.println("audit-verify: cannot read verify key " + k + ": " + message(e));
                return USAGE;
            }
        }
        VerificationResult result;
        try {
            result = verify(o, new AuditVerifier(keys));
        } catch (NoSuchFileException e) {
            err.println("audit-verify: no such file: " + e.getFile());
            return USAGE;
        } catch (IOException | UncheckedIOException e) {
            err.println("audit-verify: cannot read the export: " + message(e));
            return USAGE;
        }
        print(result, o.json, out);
        return result.ok() ? OK : TAMPERED;
    }

    private static VerificationResult verify(Options o, AuditVerifier verifier) throws IOException {
        AuditVerifier.Run run = verifier.newRun();
        AuditVerifier.Finding f = null;
        AuditVerifier.Anchor anchor = AuditVerifier.Anchor.genesis();
        // Standalone archive files, in the order given, each chained to the one before.
        AuditVerifier.Anchor fileAnchor = null;
        for (Path a : o.archives) {
            if (!Files.exists(a)) {
                throw new NoSuchFileException(a.toString());
            }
            f = AuditArchives.verifyFile(run, a, null, fileAnchor);
            if (f != null) {
                return run.result(f);
            }
            fileAnchor = AuditVerifier.Anchor.after(run.endSeq(), run.endHash());
            anchor = fileAnchor;
        }
        if (o.archiveIndex != null) {
            List<AuditArchives.Row> rows = new ArrayList<>();
            try (AuditCsv csv = new AuditCsv(o.archiveIndex)) {
                csv.archives().forEachRemaining(rows::add);
            } catch (AuditArchiveFile.MalformedLine e) {
                return run.result(new AuditVerifier.Finding(AuditProblem.AUDIT_EXPORT_MALFORMED, null, e.getMessage()));
            }
            f = AuditArchives.checkIndex(rows);
            if (f == null) {
                Path dir = o.archiveDir != null ? o.archiveDir
                        : o.archiveIndex.toAbsolutePath().getParent();
                f = AuditArchives.verifyFiles(run, rows, dir);
            }
            if (f != null) {
                return run.result(f);
            }
            anchor = AuditArchives.anchor(rows);
        }
        if (o.records == null) {
            return run.result(null);
        }
        AuditVerifier.Head head = null;
        if (o.head != null) {
            try (AuditCsv csv = new AuditCsv(o.head)) {
                Iterator<AuditVerifier.Head> heads = csv.heads();
                head = heads.hasNext() ? heads.next() : new AuditVerifier.Head(0, null);
            } catch (AuditArchiveFile.MalformedLine e) {
                return run.result(new AuditVerifier.Finding(AuditProblem.AUDIT_EXPORT_MALFORMED, null, e.getMessage()));
            }
        }
        try (AuditCsv records = new AuditCsv(o.records); AuditCsv checkpoints = new AuditCsv(o.checkpoints)) {
            f = run.chain(records.records(), checkpoints.checkpoints(), anchor, head, null);
        } catch (AuditArchiveFile.MalformedLine e) {
            f = new AuditVerifier.Finding(AuditProblem.AUDIT_EXPORT_MALFORMED, run.endSeq() + 1, e.getMessage());
        }
        return run.result(f);
    }

    private static void print(VerificationResult r, boolean json, PrintStream out) {
        if (json) {
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        String counts = r.recordsChecked() + " records, " + r.checkpointsChecked() + " checkpoints, " + r.archivesChecked()
                + " archive files";
        if (r.ok()) {
            out.println("OK: " + counts + " verified"
                    + (r.firstSeq() == null ? "" : " (seq " + r.firstSeq() + ".." + r.lastSeq() + ")") + " in " + r.elapsedMs() + " ms");
        } else {
            out.println("TAMPERED: " + r.problem() + (r.firstBadSeq() == null ? "" : " at seq " + r.firstBadSeq()));
            out.println("  " + r.detail());
            out.println("  before it: " + counts + " verified, in " + r.elapsedMs() + " ms");
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static final class Options {

        Path records;
        Path checkpoints;
        Path head;
        Path archiveIndex;
        Path archiveDir;
        final List<Path> archives = new ArrayList<>();
        final List<Path> verifyKeys = new ArrayList<>();
        boolean json;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if ("--json".equals(a)) {
                    o.json = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("unknown option or missing value: " + a);
                }
                Path v = Path.of(args[++i]);
                switch (a) {
                    case "--records" -> o.records = v;
                    case "--checkpoints" -> o.checkpoints = v;
                    case "--head" -> o.head = v;
                    case "--archive-index" -> o.archiveIndex = v;
                    case "--archive-dir" -> o.archiveDir = v;
                    case "--archive" -> o.archives.add(v);
                    case "--verify-key" -> o.verifyKeys.add(v);
                    default -> throw new IllegalArgumentException("unknown option: " + a);
                }
            }
            if (o.verifyKeys.isEmpty()) {
                throw new IllegalArgumentException("--verify-key is required");
            }
            if (o.records == null && o.archives.isEmpty() && o.archiveIndex == null) {
                throw new IllegalArgumentException("--records (with --checkpoints) or --archive is required");
            }
            if ((o.records == null) != (o.checkpoints == null)) {
                throw new IllegalArgumentException("--records and --checkpoints go together");
            }
            if (o.head != null && o.records == null) {
                throw new IllegalArgumentException("--head needs --records");
            }
            return o;
        }
    }
}
