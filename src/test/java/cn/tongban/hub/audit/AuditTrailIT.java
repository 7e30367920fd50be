package cn.tongban.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.tongban.hub.api.ApiProblem;
import cn.tongban.hub.api.ProblemCodes;
import cn.tongban.hub.identifiers.CitizenId;
import cn.tongban.hub.identifiers.Uscc;

/**
 * The audit log on a real PostgreSQL (embedded, migrated by Flyway), without the rest of the
 * hub. Two {@link AuditTrail}s with a pool each stand for two hub replicas.
 */
class AuditTrailIT {

    private static AuditTestDatabase db;
    private static AuditKeys.PemPair keys;

    @TempDir
    Path tmp;

    private HikariDataSource poolA;
    private HikariDataSource poolB;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startDatabase() throws Exception {
        db = AuditTestDatabase.start();
        keys = AuditKeys.generate(SignatureAlgorithm.ED25519);
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void emptyLog() throws SQLException {
        poolA = db.pool("replica-a", 4);
        poolB = db.pool("replica-b", 4);
        db.reset(poolA);
    }

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
        poolA.close();
        poolB.close();
    }

    private AuditProperties props(int checkpointRecords, int archiveMaxRecords, int queueCapacity, Duration appendTimeout) {
        return new AuditProperties("SHA-256", "Ed25519", keys.signingKey(), keys.verifyKey(), "it-key", List.of(), appendTimeout,
                queueCapacity, 256, 3, Duration.ofSeconds(10), Duration.ofHours(1), checkpointRecords, Duration.ofDays(180),
                tmp.resolve("archive").toString(), Duration.ofHours(1), archiveMaxRecords, 1000);
    }

    private AuditProperties props(int checkpointRecords) {
        return props(checkpointRecords, 1_000_000, 10_000, Duration.ofSeconds(30));
    }

    private AuditTrail trail(HikariDataSource pool, AuditProperties p, MeterRegistry meters) {
        AuditTrail t = new AuditTrail(pool, p, AuditCrypto.from(p), meters);
        toClose.add(t);
        return t;
    }

    private AuditStoreVerifier verifier(AuditProperties p) {
        return new AuditStoreVerifier(poolA, p, AuditCrypto.from(p));
    }

    private static AuditEntry entry(String operator, String subjectKey) {
        return new AuditEntry(Instant.now(), "window-system", operator, "QR00401004", "CASE-" + operator, subjectKey,
                "GET /api/v1/persons/{idNumber}", List.of("name", "birthDate"), List.of("public-security", "civil-affairs"), "200",
                "ab".repeat(32));
    }

    private long count(String sql) {
        return new JdbcTemplate(poolA).queryForObject(sql, Long.class);
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = poolA.getConnection(); Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }

    // --- group commit with two replicas ---------------------------------------------------

    @Test
    void twoReplicasAppendingAtOnceBuildOneContiguousVerifiableChain() throws Exception {
        AuditProperties p = props(500);
        SimpleMeterRegistry metersA = new SimpleMeterRegistry();
        SimpleMeterRegistry metersB = new SimpleMeterRegistry();
        AuditTrail a = trail(poolA, p, metersA);
        AuditTrail b = trail(poolB, p, metersB);
        int threadsPerReplica = 4;
        int perThread = 500;
        ExecutorService callers = Executors.newFixedThreadPool(2 * threadsPerReplica);
        Map<Long, String> operatorBySeq = new ConcurrentHashMap<>();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 2 * threadsPerReplica; t++) {
            AuditTrail trail = t < threadsPerReplica ? a : b;
            int thread = t;
            done.add(callers.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    String operator = "t" + thread + "-" + i;
                    long seq = trail.append(entry(operator, null));
                    String before = operatorBySeq.putIfAbsent(seq, operator);
                    assertThat(before).as("seq %d returned twice", seq).isNull();
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(3, TimeUnit.MINUTES);
        }
        callers.shutdown();
        int total = 2 * threadsPerReplica * perThread;

        // Every returned seq exists once, holds the entry it was returned for, and the seqs are 1..total.
        assertThat(operatorBySeq.keySet()).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        Map<Long, String> stored = new HashMap<>();
        new JdbcTemplate(poolA).query("select seq, operator from audit_log", rs -> {
            stored.put(rs.getLong(1), rs.getString(2));
        });
        assertThat(stored).isEqualTo(operatorBySeq);
        assertThat(count("select last_seq from audit_head")).isEqualTo(total);

        // Group commit: far fewer transactions than records, on both replicas.
        long batchesA = metersA.get("hub.audit.batch.size").summary().count();
        long batchesB = metersB.get("hub.audit.batch.size").summary().count();
        assertThat(batchesA).isPositive();
        assertThat(batchesB).isPositive();
        assertThat(batchesA + batchesB).isLessThan(total);
        assertThat(metersA.get("hub.audit.append").timer().count()).isEqualTo(total / 2);

        // Checkpoints every 500 records, written by either replica as they fall due.
        await().atMost(Duration.ofSeconds(60)).until(() -> count("select coalesce(max(to_seq), 0) from audit_checkpoint") == total);
        VerificationResult r = verifier(p).verify(null, null, false);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.recordsChecked()).isEqualTo(total);
        assertThat(r.checkpointsChecked()).isEqualTo(total / 500);
        System.out.printf("AuditTrailIT: %d records in %d + %d transactions; verified in %d ms%n", total, batchesA, batchesB,
                r.elapsedMs());
    }

    @Test
    void metricsAreExportedUnderTheirPrometheusNames() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AuditTrail a = trail(poolA, props(500), prometheus);
        a.append(entry("metrics", null));
        String scrape = prometheus.scrape();
        assertThat(scrape).contains("hub_audit_append_seconds_count", "hub_audit_batch_size_count",
                "hub_audit_unavailable_total{reason=\"queue_full\"}");
    }

    // --- failures ---------------------------------------------------------------------------

    @Test
    void refusesAtOnceWhenTheQueueIsFullAndNeverConfirmsWhatWasNotCommitted() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AuditTrail a = trail(poolA, props(500, 1_000_000, 1, Duration.ofMillis(1500)), meters);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try (Connection lock = poolB.getConnection()) {
            // Another replica's transaction holds the head row: the writer waits on it.
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("select * from audit_head for update");
            }
            Future<Long> first = callers.submit(() -> a.append(entry("first", null)));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    count("select count(*) from pg_stat_activity where wait_event_type = 'Lock'") >= 1);
            Future<Long> second = callers.submit(() -> a.append(entry("second", null)));
            await().atMost(Duration.ofSeconds(10)).until(() -> meters.get("hub.audit.queue").gauge().value() == 1);

            long t0 = System.nanoTime();
            assertThatThrownBy(() -> a.append(entry("third", null)))
                    .isInstanceOfSatisfying(AuditUnavailableException.class, e -> {
                        assertThat(e.reason()).isEqualTo(AuditUnavailableException.Reason.QUEUE_FULL);
                        assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                        assertThat(e.code()).isEqualTo(ProblemCodes.AUDIT_UNAVAILABLE);
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(500));

            for (Future<Long> waiting : List.of(first, second)) {
                assertThatThrownBy(waiting::get).hasCauseInstanceOf(AuditUnavailableException.class)
                        .cause().extracting(c -> ((AuditUnavailableException) c).reason())
                        .isEqualTo(AuditUnavailableException.Reason.TIMEOUT);
            }
            lock.rollback();
        } finally {
            callers.shutdown();
        }
        // The first entry was already in the writer's transaction: it is committed (an access
        // audited although its answer was withheld). The second was skipped: its caller gave up first.
        await().atMost(Duration.ofSeconds(10)).until(() -> count("select count(*) from audit_log") == 1);
        assertThat(a.append(entry("fourth", null))).isEqualTo(2);
        assertThat(new JdbcTemplate(poolA).queryForList("select operator from audit_log order by seq", String.class))
                .containsExactly("first", "fourth");
        assertThat(meters.get("hub.audit.unavailable").tag("reason", "queue_full").counter().count()).isEqualTo(1);
        assertThat(meters.get("hub.audit.unavailable").tag("reason", "timeout").counter().count()).isEqualTo(2);
    }

    @Test
    void aFailedTransactionFailsItsCallersAndTheChainContinuesAfterwards() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AuditTrail a = trail(poolA, props(500), meters);
        assertThat(a.append(entry("before", null))).isEqualTo(1);
        sql("alter table audit_log rename to audit_log_away");
        try {
            assertThatThrownBy(() -> a.append(entry("lost", null)))
                    .isInstanceOfSatisfying(AuditUnavailableException.class,
                            e -> assertThat(e.reason()).isEqualTo(AuditUnavailableException.Reason.STORE_ERROR));
        } finally {
            sql("alter table audit_log_away rename to audit_log");
        }
        assertThat(count("select last_seq from audit_head")).isEqualTo(1);
        assertThat(a.append(entry("after", null))).isEqualTo(2);
        assertThat(verifier(props(500)).verify(null, null, false).ok()).isTrue();
    }

    // --- tampering ---------------------------------------------------------------------------

    /** Appends {@code records} entries through a new trail and waits for the checkpoints that fall due on the way. */
    private AuditTrail appendAndAwaitCheckpoints(AuditProperties p, int records, int checkpoints) {
        AuditTrail a = trail(poolA, p, new SimpleMeterRegistry());
        for (int i = 1; i <= records; i++) {
            a.append(entry("op-" + i, null));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from audit_checkpoint") == checkpoints);
        return a;
    }

    /** 105 records; checkpoints over 1..20, 21..40, ..., 81..100; 101..105 not yet covered. */
    private AuditProperties chainOf105() {
        AuditProperties p = props(20);
        appendAndAwaitCheckpoints(p, 105, 5);
        VerificationResult intact = verifier(p).verify(null, null, false);
        assertThat(intact.ok()).as(intact.toString()).isTrue();
        assertThat(intact.recordsChecked()).isEqualTo(105);
        assertThat(intact.checkpointsChecked()).isEqualTo(5);
        return p;
    }

    private void assertFound(AuditProperties p, AuditProblem problem, long firstBadSeq) {
        VerificationResult r = verifier(p).verify(null, null, false);
        assertThat(r.ok()).as(r.toString()).isFalse();
        assertThat(r.problem()).as(r.detail()).isEqualTo(problem.name());
        assertThat(r.firstBadSeq()).as(r.detail()).isEqualTo(firstBadSeq);
    }

    @Test
    void findsAnEditedField() throws SQLException {
        AuditProperties p = chainOf105();
        sql("update audit_log set outcome = '403 CLIENT_MATTER_FORBIDDEN' where seq = 37");
        assertFound(p, AuditProblem.AUDIT_RECORD_HASH_MISMATCH, 37);
    }

    @Test
    void findsADeletedRecord() throws SQLException {
        AuditProperties p = chainOf105();
        sql("delete from audit_log where seq = 37");
        assertFound(p, AuditProblem.AUDIT_SEQUENCE_GAP, 37);
    }

    @Test
    void findsAnInsertedRecord() throws SQLException {
        AuditProperties p = chainOf105();
        String prev = new JdbcTemplate(poolA).queryForObject("select record_hash from audit_log where seq = 36", String.class);
        // Make room at 37 and seal a record there as the hub would (the format is public).
        sql("update audit_log set seq = -seq where seq >= 37", "update audit_log set seq = -seq + 1 where seq < 0");
        AuditRecord forged = AuditRecord.seal(37, entry("intruder", null), prev, HashAlgorithm.SHA_256, new Canonical(),
                HashAlgorithm.SHA_256.newHasher());
        try (Connection c = poolA.getConnection(); PreparedStatement ps = c.prepareStatement(AuditRows.INSERT_RECORD)) {
            AuditRows.bind(ps, c, forged);
            ps.executeUpdate();
        }
        assertFound(p, AuditProblem.AUDIT_RECORD_INSERTED, 37);
    }

    @Test
    void findsTwoSwappedRecords() throws SQLException {
        AuditProperties p = chainOf105();
        sql("update audit_log set seq = -1 where seq = 37", "update audit_log set seq = 37 where seq = 38",
                "update audit_log set seq = 38 where seq = -1");
        assertFound(p, AuditProblem.AUDIT_RECORDS_REORDERED, 37);
    }

    @Test
    void findsAnEditedCheckpointRoot() throws SQLException {
        AuditProperties p = chainOf105();
        sql("update audit_checkpoint set merkle_root = repeat('0', 64) where from_seq = 41");
        assertFound(p, AuditProblem.AUDIT_CHECKPOINT_ROOT_MISMATCH, 41);
    }

    @Test
    void findsAForgedCheckpointSignature() throws SQLException {
        AuditProperties p = chainOf105();
        AuditCheckpoint cp = new JdbcTemplate(poolA).queryForObject("select " + AuditRows.CHECKPOINT_COLUMNS
                + " from audit_checkpoint where from_seq = 61", (rs, i) -> AuditRows.checkpoint(rs));
        AuditKeys.Signing attacker = AuditKeys.Signing.parse(AuditKeys.generate(SignatureAlgorithm.ED25519).signingKey());
        new JdbcTemplate(poolA).update("update audit_checkpoint set signature = ? where from_seq = 61",
                java.util.Base64.getEncoder().encodeToString(attacker.sign(cp.signedBytes())));
        assertFound(p, AuditProblem.AUDIT_CHECKPOINT_SIGNATURE_INVALID, 61);
    }

    @Test
    void findsATruncatedTailByTheHeadRow() throws SQLException {
        AuditProperties p = chainOf105();
        sql("delete from audit_log where seq > 95");
        assertFound(p, AuditProblem.AUDIT_TAIL_MISSING, 96);
    }

    @Test
    void findsATruncatedTailByTheLastCheckpointWhenTheHeadRowWasMovedBackToo() throws SQLException {
        AuditProperties p = chainOf105();
        sql("delete from audit_log where seq > 95",
                "update audit_head set last_seq = 95, last_hash = (select record_hash from audit_log where seq = 95)");
        assertFound(p, AuditProblem.AUDIT_TAIL_MISSING, 96);
    }

    @Test
    void aRangeVerificationChecksOnlyThatRange() throws SQLException {
        AuditProperties p = chainOf105();
        sql("update audit_log set outcome = '500' where seq = 90");
        VerificationResult r = verifier(p).verify(21L, 60L, false);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.recordsChecked()).isEqualTo(40);
        assertThat(r.checkpointsChecked()).isEqualTo(2);
        assertThat(verifier(p).verify(61L, null, false).firstBadSeq()).isEqualTo(90);
        assertThatThrownBy(() -> verifier(p).verify(10L, 5L, false)).isInstanceOfSatisfying(ApiProblem.class,
                e -> assertThat(e.code()).isEqualTo(ProblemCodes.AUDIT_RANGE_INVALID));
    }

    // --- subject queries -----------------------------------------------------------------------

    @Test
    void subjectQueryReturnsExactlyTheAccessesToThatKeyNewestFirst() {
        String old15 = "110105491231002";
        String person = CitizenId.upgrade(old15);
        String withX = citizenIdEndingInX();
        String enterprise = "91350100M000100Y4" + Uscc.checkCharacter("91350100M000100Y4");
        AuditTrail a = trail(poolA, props(500), new SimpleMeterRegistry());
        List<Long> personSeqs = new ArrayList<>();
        List<Long> enterpriseSeqs = new ArrayList<>();
        List<Long> xSeqs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            personSeqs.add(a.append(entry("p" + i, person)));
            enterpriseSeqs.add(a.append(entry("e" + i, i < 5 ? enterprise : null)));
            if (i < 2) {
                xSeqs.add(a.append(entry("x" + i, withX)));
            }
        }
        AuditSubjects subjects = new AuditSubjects(new JdbcTemplate(poolA));

        AuditSubjects.Page all = subjects.accesses(old15, null, null);
        assertThat(all.subject()).isEqualTo(person);
        assertThat(all.accesses()).extracting(AuditSubjects.Access::seq).containsExactlyElementsOf(reversed(personSeqs));
        assertThat(all.nextBefore()).isNull();
        AuditSubjects.Access newest = all.accesses().get(0);
        assertThat(newest.operator()).isEqualTo("p6");
        assertThat(newest.matter()).isEqualTo("QR00401004");
        assertThat(newest.caseNumber()).isEqualTo("CASE-p6");
        assertThat(newest.fields()).containsExactly("name", "birthDate");
        assertThat(newest.sources()).containsExactly("public-security", "civil-affairs");
        assertThat(newest.outcome()).isEqualTo("200");

        // Paged with limit and before.
        AuditSubjects.Page first = subjects.accesses(person, 3, null);
        assertThat(first.accesses()).hasSize(3);
        AuditSubjects.Page second = subjects.accesses(person, 3, first.nextBefore());
        AuditSubjects.Page third = subjects.accesses(person, 3, second.nextBefore());
        assertThat(third.nextBefore()).isNull();
        List<Long> paged = new ArrayList<>();
        for (AuditSubjects.Page pg : List.of(first, second, third)) {
            pg.accesses().forEach(x -> paged.add(x.seq()));
        }
        assertThat(paged).containsExactlyElementsOf(reversed(personSeqs));

        assertThat(subjects.accesses(enterprise.toLowerCase(), null, null).accesses()).extracting(AuditSubjects.Access::seq)
                .containsExactlyElementsOf(reversed(enterpriseSeqs.subList(0, 5)));
        assertThat(subjects.accesses(withX.toLowerCase(), null, null).accesses()).extracting(AuditSubjects.Access::seq)
                .containsExactlyElementsOf(reversed(xSeqs));

        assertThatThrownBy(() -> subjects.accesses("not-a-key", null, null)).isInstanceOfSatisfying(ApiProblem.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(e.code()).isEqualTo(ProblemCodes.AUDIT_SUBJECT_INVALID);
        });
        assertThatThrownBy(() -> subjects.accesses(person, 1001, null)).isInstanceOfSatisfying(ApiProblem.class,
                e -> assertThat(e.code()).isEqualTo(ProblemCodes.AUDIT_PAGE_INVALID));
    }

    private static List<Long> reversed(List<Long> seqs) {
        List<Long> r = new ArrayList<>(seqs);
        Collections.reverse(r);
        return r;
    }

    private static String citizenIdEndingInX() {
        for (int i = 100; i < 1000; i++) {
            String body = "11010519900307" + i;
            if (CitizenId.checkCharacter(body) == 'X') {
                return body + 'X';
            }
        }
        throw new IllegalStateException("no ID ending in X");
    }

    // --- archiving ------------------------------------------------------------------------------

    @Test
    void archivingMovesWholeCheckpointRangesPastRetentionToAFileAndVerificationContinuesFromIt() throws Exception {
        AuditProperties p = props(20, 60, 10_000, Duration.ofSeconds(30));
        AuditTrail a = appendAndAwaitCheckpoints(p, 105, 5);
        AuditArchiver archiver = new AuditArchiver(poolA, p, AuditCrypto.from(p));

        assertThat(archiver.archiveOnce(Instant.now())).as("nothing is past retention yet").isEmpty();
        Instant later = Instant.now().plus(Duration.ofDays(200));
        AuditArchiver.Outcome first = archiver.archiveOnce(later).orElseThrow();
        assertThat(first.refusedFor()).isNull();
        assertThat(first.fromSeq()).isEqualTo(1);
        assertThat(first.toSeq()).isEqualTo(60);
        assertThat(first.checkpoints()).isEqualTo(3);
        assertThat(first.file()).exists();
        assertThat(count("select min(seq) from audit_log")).isEqualTo(61);
        assertThat(count("select count(*) from audit_log")).isEqualTo(45);
        assertThat(count("select count(*) from audit_checkpoint")).isEqualTo(2);
        assertThat(count("select count(*) from audit_archive")).isEqualTo(1);

        VerificationResult table = verifier(p).verify(null, null, false);
        assertThat(table.ok()).as(table.toString()).isTrue();
        assertThat(table.firstSeq()).isEqualTo(61);
        assertThat(table.recordsChecked()).isEqualTo(45);
        VerificationResult withFiles = verifier(p).verify(null, null, true);
        assertThat(withFiles.ok()).as(withFiles.toString()).isTrue();
        assertThat(withFiles.recordsChecked()).isEqualTo(105);
        assertThat(withFiles.checkpointsChecked()).isEqualTo(5);
        assertThat(withFiles.archivesChecked()).isEqualTo(1);

        // The next range, then nothing: 101..105 are in no checkpoint yet, so they stay.
        assertThat(archiver.archiveOnce(later).orElseThrow().toSeq()).isEqualTo(100);
        assertThat(archiver.archiveOnce(later)).isEmpty();
        assertThat(count("select count(*) from audit_log")).isEqualTo(5);
        // Appending and checkpointing carry on after the archived ranges.
        for (int i = 106; i <= 120; i++) {
            a.append(entry("op-" + i, null));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select max(to_seq) from audit_checkpoint") == 120);
        VerificationResult afterTwo = verifier(p).verify(null, null, true);
        assertThat(afterTwo.ok()).as(afterTwo.toString()).isTrue();
        assertThat(afterTwo.recordsChecked()).isEqualTo(120);
        assertThat(afterTwo.archivesChecked()).isEqualTo(2);

        // An archive file edited afterwards: its digest gives it away; read on its own, its chain does.
        editArchivedRecord(first.file(), 7);
        VerificationResult edited = verifier(p).verify(null, null, true);
        assertThat(edited.problem()).as(edited.toString()).isEqualTo(AuditProblem.AUDIT_ARCHIVE_DIGEST_MISMATCH.name());
        assertThat(edited.firstBadSeq()).isEqualTo(1);
        AuditVerifier.Run run = AuditCrypto.from(p).verifier().newRun();
        VerificationResult alone = run.result(AuditArchives.verifyFile(run, first.file(), null, null));
        assertThat(alone.problem()).as(alone.toString()).isEqualTo(AuditProblem.AUDIT_RECORD_HASH_MISMATCH.name());
        assertThat(alone.firstBadSeq()).isEqualTo(7);
        // The table alone still verifies: it is chained to the archive's recorded last hash.
        assertThat(verifier(p).verify(null, null, false).ok()).isTrue();
    }

    @Test
    void refusesToArchiveARangeThatDoesNotVerifyAndDeletesNothing() throws Exception {
        AuditProperties p = props(20, 60, 10_000, Duration.ofSeconds(30));
        appendAndAwaitCheckpoints(p, 45, 2);
        sql("update audit_log set client = 'someone' where seq = 7");
        AuditArchiver.Outcome o = new AuditArchiver(poolA, p, AuditCrypto.from(p)).archiveOnce(Instant.now().plus(Duration.ofDays(200)))
                .orElseThrow();
        assertThat(o.refusedFor()).isNotNull();
        assertThat(o.refusedFor().problem()).isEqualTo(AuditProblem.AUDIT_RECORD_HASH_MISMATCH);
        assertThat(o.refusedFor().seq()).isEqualTo(7);
        assertThat(count("select count(*) from audit_log")).isEqualTo(45);
        assertThat(count("select count(*) from audit_archive")).isZero();
        try (var files = Files.list(tmp.resolve("archive"))) {
            assertThat(files.toList()).isEmpty();
        }
    }

    private static void editArchivedRecord(Path file, long seq) throws IOException {
        List<String> lines;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            lines = in.lines().collect(Collectors.toCollection(ArrayList::new));
        }
        boolean edited = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"seq\":" + seq + ",")) {
                lines.set(i, lines.get(i).replace("\"outcome\":\"200\"", "\"outcome\":\"404\""));
                edited = true;
            }
        }
        assertThat(edited).isTrue();
        try (Writer out = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8)) {
            for (String l : lines) {
                out.write(l);
                out.write('\n');
            }
        }
    }

    // --- offline verification ----------------------------------------------------------------------

    /** Exports the audit tables as the docs say, in one repeatable-read snapshot, with times in China's zone. */
    private Path export(String name) throws SQLException, IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (Connection c = poolA.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement s = c.createStatement()) {
                s.execute("set local timezone to 'Asia/Shanghai'");
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy(copy, AuditVerifyCommand.EXPORT_RECORDS, dir.resolve("audit_log.csv"));
            copy(copy, AuditVerifyCommand.EXPORT_CHECKPOINTS, dir.resolve("audit_checkpoint.csv"));
            copy(copy, AuditVerifyCommand.EXPORT_HEAD, dir.resolve("audit_head.csv"));
            copy(copy, AuditVerifyCommand.EXPORT_ARCHIVES, dir.resolve("audit_archive.csv"));
            c.commit();
        }
        Files.writeString(dir.resolve("key.pem"), keys.verifyKey());
        return dir;
    }

    private static void copy(CopyManager copy, String query, Path file) throws SQLException, IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            copy.copyOut("COPY (" + query + ") TO STDOUT WITH (FORMAT csv, HEADER)", w);
        }
    }

    private record Cli(int status, String out, String err) {
    }

    private static Cli cli(Path dir, String... extra) {
        List<String> args = new ArrayList<>(List.of("--records", dir.resolve("audit_log.csv").toString(),
                "--checkpoints", dir.resolve("audit_checkpoint.csv").toString(),
                "--head", dir.resolve("audit_head.csv").toString(),
                "--verify-key", dir.resolve("key.pem").toString()));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AuditVerifyCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theOfflineCommandVerifiesACopyExportAndExitsOneWhenItWasTamperedWith() throws Exception {
        AuditProperties p = props(20, 60, 10_000, Duration.ofSeconds(30));
        AuditTrail a = trail(poolA, p, new SimpleMeterRegistry());
        for (int i = 1; i <= 105; i++) {
            // Personal-looking content with commas, quotes, line breaks and nulls, to exercise the CSV.
            a.append(new AuditEntry(Instant.now(), "window, \"east\"", i % 2 == 0 ? null : "王\n小明", null, "",
                    CitizenId.upgrade("110105491231002"), "GET /api/v1/persons/{idNumber}",
                    i % 3 == 0 ? List.of() : List.of("name", "a,b", "c \"d\"", "NULL"), List.of("public-security"), "200", null));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from audit_checkpoint") == 5);

        Cli ok = cli(export("clean"));
        assertThat(ok.status()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("OK: 105 records, 5 checkpoints");

        Cli json = cli(export("json"), "--json");
        assertThat(json.out()).contains("\"ok\" : true", "\"recordsChecked\" : 105");

        sql("update audit_log set fields = array['name'] where seq = 37");
        Cli tampered = cli(export("tampered"));
        assertThat(tampered.status()).isEqualTo(1);
        assertThat(tampered.out()).contains("TAMPERED: AUDIT_RECORD_HASH_MISMATCH at seq 37");
        sql("update audit_log set fields = array['name', 'a,b', 'c \"d\"', 'NULL'] where seq = 37");

        // With archived ranges: the index and the files.
        AuditArchiver archiver = new AuditArchiver(poolA, p, AuditCrypto.from(p));
        archiver.archiveOnce(Instant.now().plus(Duration.ofDays(200))).orElseThrow();
        Path archived = export("archived");
        Cli withArchive = cli(archived, "--archive-index", archived.resolve("audit_archive.csv").toString(),
                "--archive-dir", tmp.resolve("archive").toString());
        assertThat(withArchive.status()).as(withArchive.out() + withArchive.err()).isZero();
        assertThat(withArchive.out()).contains("OK: 105 records, 5 checkpoints, 1 archive files");
        Cli withoutIndex = cli(archived);
        assertThat(withoutIndex.status()).as("the table starts at 61, not 1").isEqualTo(1);
        assertThat(withoutIndex.out()).contains("AUDIT_SEQUENCE_GAP at seq 1");

        Cli usage = cli(archived, "--verify-keys", "x");
        assertThat(usage.status()).isEqualTo(2);
        assertThat(usage.err()).contains("unknown option: --verify-keys");
    }

    @Test
    void theOfflineCommandVerifiesAnArchiveFileOnItsOwn() throws Exception {
        AuditProperties p = props(20, 60, 10_000, Duration.ofSeconds(30));
        appendAndAwaitCheckpoints(p, 60, 3);
        Path file = new AuditArchiver(poolA, p, AuditCrypto.from(p)).archiveOnce(Instant.now().plus(Duration.ofDays(200)))
                .orElseThrow().file();
        Path key = Files.writeString(tmp.resolve("key.pem"), keys.verifyKey());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = AuditVerifyCommand.run(new String[] {"--archive", file.toString(), "--verify-key", key.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK: 60 records, 3 checkpoints, 1 archive files");
        editArchivedRecord(file, 33);
        out.reset();
        status = AuditVerifyCommand.run(new String[] {"--archive", file.toString(), "--verify-key", key.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("AUDIT_RECORD_HASH_MISMATCH at seq 33");
    }

    @Test
    void theSignedCheckpointVouchesOnlyForAnIntactChain() throws Exception {
        AuditProperties p = props(1000);
        AuditTrail a = trail(poolA, p, new SimpleMeterRegistry());
        for (int i = 1; i <= 10; i++) {
            a.append(entry("op-" + i, null));
        }
        sql("update audit_log set matter = 'OTHER' where seq = 4");
        assertThat(a.checkpointNow()).as("a tampered range is not signed").isZero();
        assertThat(count("select count(*) from audit_checkpoint")).isZero();
        sql("update audit_log set matter = 'QR00401004' where seq = 4");
        assertThat(a.checkpointNow()).isEqualTo(1);
        Set<Long> ranges = new HashSet<>(new JdbcTemplate(poolA).queryForList("select to_seq from audit_checkpoint", Long.class));
        assertThat(ranges).containsExactly(10L);
    }
}
