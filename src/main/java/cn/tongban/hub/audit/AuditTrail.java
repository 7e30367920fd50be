package cn.tongban.hub.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.stereotype.Service;

/**
 * The tamper-evident audit log (DESIGN.md "Purpose-bound access", DOMAIN.md 4): every access
 * is appended, hash-chained, before its answer leaves.
 *
 * <p>Group commit: {@link #append} queues the entry and waits; one writer thread per hub
 * drains up to {@code hub.audit.batch-max} entries into one transaction that locks the
 * single {@code audit_head} row ({@code select ... for update}), numbers the entries after
 * the head, chains their hashes, inserts them, moves the head and commits with
 * {@code synchronous_commit} on, whatever the server's default. Only then are the callers
 * released. The head row lock makes replicas (each with its own writer and pool) take turns,
 * so the chain stays one line. A transient failure retries the batch (bounded); any other
 * failure, or a commit whose outcome is unknown, fails every caller of the batch: no caller
 * is told its record is durable unless it was committed. (The reverse may happen: a caller
 * that timed out while its batch was committing gets a 503 for an access that is audited.)
 *
 * <p>Checkpoints ({@link AuditCheckpointer}) are written every
 * {@code hub.audit.checkpoint-interval} and as soon as {@code hub.audit.checkpoint-records}
 * are uncovered, on a thread of their own.
 */
@Service
@DependsOnDatabaseInitialization
public class AuditTrail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final Duration BACKOFF = Duration.ofMillis(50);
    private static final char REPLACEMENT = '\uFFFD';

    private final DataSource dataSource;
    private final AuditProperties props;
    private final AuditCrypto crypto;
    private final AuditCheckpointer checkpointer;
    private final ArrayBlockingQueue<Pending> queue;
    private final Thread writer;
    private final ScheduledExecutorService checkpoints;
    private final AtomicBoolean checkpointQueued = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong lastRefusalLogged = new java.util.concurrent.atomic.AtomicLong();
    private volatile long coveredSeq;
    private final Timer appendLatency;
    private final DistributionSummary batchSize;
    private final MeterRegistry meters;
    private final Counter checkpointsWritten;
    private final Counter checkpointsRefused;

    @Autowired
    AuditTrail(DataSource dataSource, AuditProperties props, AuditCrypto crypto, MeterRegistry meters) {
        this(dataSource, props, crypto, meters, Clock.systemUTC());
    }

    AuditTrail(DataSource dataSource, AuditProperties props, AuditCrypto crypto, MeterRegistry meters, Clock clock) {
        this.dataSource = dataSource;
        this.props = props;
        this.crypto = crypto;
        this.meters = meters;
        this.checkpointer = new AuditCheckpointer(dataSource, crypto, props, clock);
        this.queue = new ArrayBlockingQueue<>(props.queueCapacity());
        this.appendLatency = Timer.builder("hub.audit.append")
                .description("Time from an audit append to its durable commit")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.batchSize = DistributionSummary.builder("hub.audit.batch.size")
                .description("Audit records committed per transaction (group commit)")
                .register(meters);
        this.checkpointsWritten = Counter.builder("hub.audit.checkpoints").description("Signed audit checkpoints written")
                .register(meters);
        this.checkpointsRefused = Counter.builder("hub.audit.checkpoints.refused")
                .description("Checkpoint runs that found the chain broken and signed nothing").register(meters);
        for (AuditUnavailableException.Reason r : AuditUnavailableException.Reason.values()) {
            unavailable(r);
        }
        meters.gauge("hub.audit.queue", queue, ArrayBlockingQueue::size);
        this.writer = new Thread(this::drain, "audit-writer");
        writer.setDaemon(true);
        writer.start();
        this.checkpoints = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-checkpointer");
            t.setDaemon(true);
            return t;
        });
        long every = props.checkpointInterval().toMillis();
        checkpoints.scheduleWithFixedDelay(() -> checkpoint(true), every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Appends and blocks until the record is durable (committed); returns its sequence number.
     * Throws AuditUnavailableException (a RuntimeException) if not durable within
     * hub.audit.append-timeout.
     */
    public long append(AuditEntry e) {
        Pending p = new Pending(clean(e), System.nanoTime());
        if (closed.get()) {
            throw refused(AuditUnavailableException.Reason.CLOSED, "the audit log is shutting down", null);
        }
        if (!queue.offer(p)) {
            throw refused(AuditUnavailableException.Reason.QUEUE_FULL, "the audit queue is full ("
                    + props.queueCapacity() + " entries waiting); the store is slower than the traffic", null);
        }
        try {
            long seq = p.result.get(props.appendTimeout().toNanos(), TimeUnit.NANOSECONDS);
            appendLatency.record(System.nanoTime() - p.queuedAt, TimeUnit.NANOSECONDS);
            return seq;
        } catch (TimeoutException t) {
            // Not yet taken by the writer: it will skip it. Already taken: it may still commit (an
            // access audited although its answer was withheld, which errs on the safe side).
            p.cancel();
            throw refused(AuditUnavailableException.Reason.TIMEOUT, "the audit record was not committed within "
                    + props.appendTimeout(), null);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            p.cancel();
            throw refused(AuditUnavailableException.Reason.INTERRUPTED, "interrupted while the audit record was written", ie);
        } catch (ExecutionException ee) {
            throw refused(AuditUnavailableException.Reason.STORE_ERROR, "the audit store could not commit the record",
                    ee.getCause());
        }
    }

    /** Hex digest of bytes with the configured hash algorithm (SHA-256 or SM3). */
    public String digest(byte[] bytes) {
        return AuditRecord.HEX.formatHex(crypto.hash().digest(bytes));
    }

    /** The algorithm new records are hashed with. */
    public HashAlgorithm hashAlgorithm() {
        return crypto.hash();
    }

    /**
     * Writes the checkpoints that are due now, partial ranges included (tests, shutdown,
     * the periodic run); returns how many were written.
     */
    int checkpointNow() {
        return checkpoint(true);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // No new checkpoint runs; the periodic run of a replica still up (or the next start) covers the rest.
        checkpoints.shutdown();
        try {
            // The writer drains what is queued before it stops.
            writer.join(props.appendTimeout().toMillis() + props.writeTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            checkpoints.awaitTermination(props.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private AuditUnavailableException refused(AuditUnavailableException.Reason reason, String detail, Throwable cause) {
        unavailable(reason).increment();
        // At most one line a second: an overloaded store must not also flood the log.
        long now = System.nanoTime();
        long before = lastRefusalLogged.get();
        if (now - before > 1_000_000_000L && lastRefusalLogged.compareAndSet(before, now)) {
            log.warn("Audit append refused ({}): {}; the caller answers 503 (count: hub_audit_unavailable_total)", reason, detail);
        }
        return cause == null ? new AuditUnavailableException(reason, detail) : new AuditUnavailableException(reason, detail, cause);
    }

    private Counter unavailable(AuditUnavailableException.Reason reason) {
        return Counter.builder("hub.audit.unavailable")
                .description("Audit appends refused or not durable in time; the caller answered 503")
                .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                .register(meters);
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>(props.batchMax());
        while (true) {
            Pending first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = null;
            }
            if (first == null) {
                if (closed.get() && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, props.batchMax() - 1);
            batch.removeIf(p -> !p.claim());
            try {
                if (!batch.isEmpty()) {
                    write(batch);
                }
            } catch (Throwable t) {
                // The writer thread must outlive any one batch.
                log.error("Audit writer: unexpected {}", t.getClass().getName(), t);
                batch.forEach(p -> p.result.completeExceptionally(t));
            }
            batch.clear();
        }
    }

    private void write(List<Pending> batch) {
        Exception last = null;
        long newest = batch.stream().mapToLong(p -> p.queuedAt).max().orElse(System.nanoTime());
        for (int attempt = 1; attempt <= props.writeAttempts(); attempt++) {
            if (attempt > 1) {
                if (System.nanoTime() - newest > props.appendTimeout().toNanos()) {
                    break; // every caller of the batch has been answered 503 already: stop, free the queue
                }
                pause(BACKOFF.multipliedBy(attempt - 1));
            }
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                c.setNetworkTimeout(Runnable::run, (int) props.writeTimeout().toMillis());
                long lastSeq;
                try {
                    lastSeq = insert(c, batch);
                } catch (SQLException | RuntimeException e) {
                    rollback(c);
                    last = e;
                    if (e instanceof SQLException sql && transientFailure(sql)) {
                        continue;
                    }
                    break;
                }
                try {
                    c.commit();
                } catch (SQLException e) {
                    // Committed or not, nobody can say: never retry (that could append twice), never confirm.
                    last = e;
                    break;
                }
                batchSize.record(batch.size());
                long seq = lastSeq - batch.size();
                for (Pending p : batch) {
                    p.result.complete(++seq);
                }
                if (lastSeq - coveredSeq >= props.checkpointRecords() && checkpointQueued.compareAndSet(false, true)) {
                    checkpoints.execute(() -> {
                        checkpointQueued.set(false);
                        checkpoint(false);
                    });
                }
                return;
            } catch (SQLException e) {
                // No connection: the pool's own timeout has passed already.
                last = e;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // shutting down after the commit: the periodic run of another replica covers it
            }
        }
        log.error("Audit batch of {} failed: {} (SQLState {})", batch.size(), last == null ? "?" : last.getClass().getSimpleName(),
                last instanceof SQLException sql ? sql.getSQLState() : "-");
        Exception cause = last;
        batch.forEach(p -> p.result.completeExceptionally(cause == null ? new IllegalStateException("audit write failed") : cause));
    }

    /** Numbers, chains and inserts the batch after the head; returns the new last seq. */
    private long insert(Connection c, List<Pending> batch) throws SQLException {
        AuditRows.durableCommit(c);
        long seq;
        String prev;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select last_seq, last_hash from audit_head where id = 1 for update")) {
            if (!rs.next()) {
                throw new SQLException("audit_head has no row (migration V7 not applied?)");
            }
            seq = rs.getLong(1);
            prev = rs.getString(2);
        }
        HashAlgorithm alg = crypto.hash();
        if (seq == 0) {
            prev = alg.genesis();
        }
        Canonical scratch = new Canonical();
        HashAlgorithm.Hasher hasher = alg.newHasher();
        try (PreparedStatement ps = c.prepareStatement(AuditRows.INSERT_RECORD)) {
            for (Pending p : batch) {
                AuditRecord r = AuditRecord.seal(++seq, p.entry, prev, alg, scratch, hasher);
                AuditRows.bind(ps, c, r);
                ps.addBatch();
                prev = r.recordHash();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("update audit_head set last_seq = ?, last_hash = ?, updated_at = now() "
                + "where id = 1")) {
            ps.setLong(1, seq);
            ps.setString(2, prev);
            ps.executeUpdate();
        }
        return seq;
    }

    private int checkpoint(boolean partial) {
        try {
            AuditCheckpointer.Outcome o = checkpointer.run(partial);
            coveredSeq = Math.max(coveredSeq, o.coveredSeq());
            checkpointsWritten.increment(o.written());
            if (o.refused()) {
                checkpointsRefused.increment();
            }
            return o.written();
        } catch (SQLException | RuntimeException e) {
            log.warn("Audit checkpoint failed: {} (SQLState {}); the next run retries", e.getClass().getSimpleName(),
                    e instanceof SQLException sql ? sql.getSQLState() : "-");
            return 0;
        }
    }

    /** Connection trouble, serialization failure, deadlock, lock time-out, server shutting down, out of resources. */
    private static boolean transientFailure(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                || state.startsWith("57P") || "55P03".equals(state);
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The entry as it will be stored and hashed: time kept to the microsecond (PostgreSQL's
     * precision), NUL characters and lone surrogates (which PostgreSQL text cannot hold, and
     * which would fail the whole batch) replaced by U+FFFD, missing lists empty.
     */
    static AuditEntry clean(AuditEntry e) {
        Objects.requireNonNull(e, "entry");
        if (e.at() == null || e.client() == null || e.action() == null || e.outcome() == null) {
            throw new IllegalArgumentException("an audit entry needs at, client, action and outcome");
        }
        return new AuditEntry(Canonical.micros(e.at()), clean(e.client()), clean(e.operator()), clean(e.matter()),
                clean(e.caseNumber()), clean(e.subjectKey()), clean(e.action()), clean(e.fields()), clean(e.sources()),
                clean(e.outcome()), clean(e.responseHash()));
    }

    private static List<String> clean(List<String> values) {
        if (values == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(clean(v)));
        return java.util.Collections.unmodifiableList(out);
    }

    static String clean(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            boolean bad = ch == '\0'
                    || Character.isHighSurrogate(ch) && (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))
                    || Character.isLowSurrogate(ch) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (bad && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(bad ? REPLACEMENT : ch);
            }
        }
        return out == null ? s : out.toString();
    }

    /** One caller waiting for its record. */
    private static final class Pending {

        private static final int QUEUED = 0;
        private static final int TAKEN = 1;
        private static final int CANCELLED = 2;

        final AuditEntry entry;
        final long queuedAt;
        final CompletableFuture<Long> result = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(QUEUED);

        Pending(AuditEntry entry, long queuedAt) {
            this.entry = entry;
            this.queuedAt = queuedAt;
        }

        /** The writer takes it, unless its caller gave up first. */
        boolean claim() {
            return state.compareAndSet(QUEUED, TAKEN);
        }

        void cancel() {
            state.compareAndSet(QUEUED, CANCELLED);
        }
    }
}
