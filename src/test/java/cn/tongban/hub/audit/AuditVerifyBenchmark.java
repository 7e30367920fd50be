package cn.tongban.hub.audit;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Verification time of a large audit log (not a test; see docs/benchmarks.md "Audit log
 * verification" for the command). Writes {@code --records} records (default 1,000,000)
 * through a real {@link AuditTrail} (group commit, checkpoints every 10,000) into embedded
 * PostgreSQL, then times, each {@code --reps} times (default 3):
 * <ul>
 *   <li>baseline: streaming the rows out of PostgreSQL into record objects, no hashing;</li>
 *   <li>the endpoint's code path ({@link AuditStoreVerifier}, GET /api/v1/audit/verify);</li>
 *   <li>the export ({@code COPY ... TO STDOUT CSV HEADER}), and the CSV read alone (baseline);</li>
 *   <li>the offline command on that export, in this JVM and once as a fresh JVM
 *       ({@code java ... TongbanHubApplication audit-verify}).</li>
 * </ul>
 * Run it with a small heap ({@code -Xmx256m}): the verifier streams, 1M records never sit in memory.
 */
public final class AuditVerifyBenchmark {

    private AuditVerifyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int recordsArg = 1_000_000;
        int repsArg = 3;
        int callers = 128;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> recordsArg = Integer.parseInt(args[++i]);
                case "--reps" -> repsArg = Integer.parseInt(args[++i]);
                case "--callers" -> callers = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int records = recordsArg;
        int reps = repsArg;
        Path work = Files.createTempDirectory("audit-bench");
        AuditKeys.PemPair keys = AuditKeys.generate(SignatureAlgorithm.ED25519);
        AuditProperties props = new AuditProperties("SHA-256", "Ed25519", keys.signingKey(), keys.verifyKey(), "bench", List.of(),
                Duration.ofSeconds(60), 20_000, 256, 3, Duration.ofSeconds(30), Duration.ofHours(1), 10_000, Duration.ofDays(180),
                work.resolve("archive").toString(), Duration.ofHours(1), 1_000_000, 10_000);
        System.out.printf(Locale.ROOT, "JVM %s, max heap %d MB, %d cores%n", System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());

        try (AuditTestDatabase db = AuditTestDatabase.start(); HikariDataSource pool = db.pool("bench", 8)) {
            write(pool, props, records, callers);
            AuditStoreVerifier endpoint = new AuditStoreVerifier(pool, props, AuditCrypto.from(props));
            List<String> rows = new ArrayList<>();

            rows.add(row("PostgreSQL: stream rows into records, no hashing (baseline)", records, reps,
                    () -> readRows(pool, props.verifyFetchSize())));
            rows.add(row("PostgreSQL: verify via the endpoint's code path", records, reps, () -> {
                VerificationResult r = endpoint.verify(null, null, false);
                check(r, records);
                return r.recordsChecked();
            }));

            Path export = Files.createDirectories(work.resolve("export"));
            rows.add(row("export: COPY audit_log + audit_checkpoint + audit_head to CSV", records, 1, () -> {
                exportCsv(pool, export);
                return records;
            }));
            Files.writeString(export.resolve("key.pem"), keys.verifyKey());
            rows.add(row("CSV: parse the export into records, no hashing (baseline)", records, reps, () -> readCsv(export)));
            String[] cli = {"--records", export.resolve("audit_log.csv").toString(), "--checkpoints",
                    export.resolve("audit_checkpoint.csv").toString(), "--head", export.resolve("audit_head.csv").toString(),
                    "--verify-key", export.resolve("key.pem").toString()};
            rows.add(row("CSV: offline command (audit-verify), in this JVM", records, reps, () -> {
                int status = AuditVerifyCommand.run(cli, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), System.err);
                if (status != 0) {
                    throw new IllegalStateException("audit-verify exited " + status);
                }
                return records;
            }));
            rows.add(row("CSV: offline command as a fresh JVM (java ... audit-verify, -Xmx256m)", records, 1, () -> freshJvm(cli)));

            System.out.printf(Locale.ROOT, "%nexport: audit_log.csv %d MB%n", Files.size(export.resolve("audit_log.csv")) >> 20);
            System.out.printf(Locale.ROOT, "%n| %-72s | %9s | %9s | %9s | %11s |%n", "workload (" + records + " records)", "median s",
                    "min s", "max s", "records/s");
            System.out.printf("|%s|%s|%s|%s|%s|%n", "-".repeat(74), "-".repeat(10) + ":", "-".repeat(10) + ":", "-".repeat(10) + ":",
                    "-".repeat(12) + ":");
            rows.forEach(System.out::println);
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void write(HikariDataSource pool, AuditProperties props, int records, int callers) throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        long t0 = System.nanoTime();
        try (AuditTrail trail = new AuditTrail(pool, props, AuditCrypto.from(props), meters)) {
            ExecutorService threads = Executors.newFixedThreadPool(callers);
            AtomicLong next = new AtomicLong();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                done.add(threads.submit(() -> {
                    long i;
                    while ((i = next.incrementAndGet()) <= records) {
                        trail.append(entry(i));
                        if (i % 100_000 == 0) {
                            System.out.printf(Locale.ROOT, "  %,d appended%n", i);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            threads.shutdown();
            double s = (System.nanoTime() - t0) / 1e9;
            var batches = meters.get("hub.audit.batch.size").summary();
            var latency = meters.get("hub.audit.append").timer().takeSnapshot();
            System.out.printf(Locale.ROOT, "wrote %,d records through AuditTrail with %d callers in %.1f s (%.0f records/s), "
                            + "%,d transactions (mean batch %.1f, max %.0f), append p50 %.1f ms p99 %.1f ms%n", records, callers, s,
                    records / s, batches.count(), batches.mean(), batches.max(),
                    latency.percentileValues()[0].value(TimeUnit.MILLISECONDS), latency.percentileValues()[1].value(TimeUnit.MILLISECONDS));
            long t1 = System.nanoTime();
            trail.checkpointNow();
            System.out.printf(Locale.ROOT, "checkpoints completed in %.1f s%n", (System.nanoTime() - t1) / 1e9);
        }
    }

    private static AuditEntry entry(long i) {
        String person = i % 3 == 0 ? null : String.format(Locale.ROOT, "1101051949123%05d", i % 100_000);
        return new AuditEntry(Instant.now(), "window-" + (i % 20), "operator-" + (i % 500), "QR00401004", "CASE-" + i, person,
                "GET /api/v1/persons/{idNumber}", List.of("name", "birthDate", "householdAddress"), List.of("public-security"),
                "200", "5f".repeat(32));
    }

    private static long readRows(HikariDataSource pool, int fetchSize) throws SQLException {
        long n = 0;
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (AuditRows.Rows<AuditRecord> rows = AuditRows.records(c, 1, null, fetchSize)) {
                while (rows.hasNext()) {
                    rows.next();
                    n++;
                }
            }
            c.rollback();
        }
        return n;
    }

    private static long readCsv(Path export) throws IOException {
        long n = 0;
        try (AuditCsv csv = new AuditCsv(export.resolve("audit_log.csv"))) {
            Iterator<AuditRecord> it = csv.records();
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    private static void exportCsv(HikariDataSource pool, Path dir) throws SQLException, IOException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (String[] q : new String[][] {{AuditVerifyCommand.EXPORT_RECORDS, "audit_log.csv"},
                    {AuditVerifyCommand.EXPORT_CHECKPOINTS, "audit_checkpoint.csv"}, {AuditVerifyCommand.EXPORT_HEAD, "audit_head.csv"}}) {
                try (Writer w = Files.newBufferedWriter(dir.resolve(q[1]), StandardCharsets.UTF_8)) {
                    copy.copyOut("COPY (" + q[0] + ") TO STDOUT WITH (FORMAT csv, HEADER)", w);
                }
            }
            c.commit();
        }
    }

    private static long freshJvm(String[] cli) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "cn.tongban.hub.TongbanHubApplication", AuditVerifyCommand.NAME));
        cmd.addAll(Arrays.asList(cli));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        System.out.print("  fresh JVM said: " + out);
        if (status != 0) {
            throw new IllegalStateException("audit-verify exited " + status);
        }
        return -1;
    }

    private static void check(VerificationResult r, int records) {
        if (!r.ok() || r.recordsChecked() != records) {
            throw new IllegalStateException("verification failed: " + r);
        }
    }

    private interface Work {
        long run() throws Exception;
    }

    private static String row(String name, int records, int reps, Work work) throws Exception {
        double[] secs = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            long n = work.run();
            secs[i] = (System.nanoTime() - t0) / 1e9;
            if (n >= 0 && n != records) {
                throw new IllegalStateException(name + ": " + n + " records, expected " + records);
            }
            System.out.printf(Locale.ROOT, "  %s: %.2f s%n", name, secs[i]);
        }
        double[] sorted = secs.clone();
        Arrays.sort(sorted);
        double median = sorted[reps / 2];
        return String.format(Locale.ROOT, "| %-72s | %9.2f | %9.2f | %9.2f | %,11.0f |", name, median, sorted[0], sorted[reps - 1],
                records / median);
    }
}
