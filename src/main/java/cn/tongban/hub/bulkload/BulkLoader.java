package cn.tongban.hub.bulkload;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PreDestroy;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.tongban.hub.bulkload.BulkLoadRun.State;
import cn.tongban.hub.sources.SiloSync;
import cn.tongban.hub.sources.socialinsurance.RegistryBacklog;

/**
 * The bulk initial load: a full read of a silo dataset (e.g. every AB01 unit of the
 * social-insurance database) in keyset-paginated batches ({@code ORDER BY key}, {@code WHERE
 * key > last}, {@code FETCH FIRST n ROWS ONLY}), each batch mapped, keyed and stored by
 * {@link SiloSync} exactly as the scheduled reconciliation stores rows (record outcomes,
 * crosswalk links, quarantine with the reason, dead letters).
 *
 * <p>Checkpoints: each batch's writes and the run's checkpoint ({@code done}, {@code last_key})
 * commit in one store transaction, so after a crash the run resumes after the last committed
 * key and no batch is counted twice. (The silo read precedes the transaction; a batch read
 * again after a crash before its commit is harmless anyway: every write is an upsert.) Dead
 * letters are sent before the commit: at least once, like the ingestion's.
 *
 * <p>Ownership: a run is RUNNING on one replica (unique partial index on the dataset); its
 * owner beats every {@code heartbeat-interval}; a run whose heartbeat is older than
 * {@code heartbeat-timeout} is taken over by whichever replica sees it first, at start or
 * while running. Every write of a run names its owner, so a replica that lost it stops at its
 * next batch without writing.
 */
@Component
public class BulkLoader {

    /** The dead-letter topic, as the sync routes send to it. */
    static final String DEAD_LETTER_URI = "kafka:{{hub.kafka.topics.dead-letter}}?brokers={{hub.kafka.brokers}}";
    /** Rate window: a minute smooths batch-to-batch noise yet shows a stall within a minute. */
    static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(BulkLoader.class);

    /** What a start request did. */
    public enum Outcome {
        STARTED, RESUMED, ALREADY_RUNNING, UNKNOWN_DATASET
    }

    public record StartResult(Outcome outcome, BulkLoadRun run, String message) {
    }

    private final BulkLoadProperties props;
    private final BulkLoadRuns runs;
    private final SiloSync sync;
    private final JdbcTemplate store;
    private final TransactionTemplate tx;
    private final ApplicationContext context;
    private final ObjectProvider<ProducerTemplate> producer;
    private final ObjectProvider<RegistryBacklog> registryBacklog;
    private final ObjectProvider<BulkLoadListener> listeners;
    private final Clock clock = Clock.systemUTC();
    private final String owner;

    private final Map<String, Active> actives = new ConcurrentHashMap<>();
    /** Latest run per configured dataset as the store last showed it (for metrics of runs owned elsewhere). */
    private final Map<String, AtomicReference<BulkLoadRun>> latest = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService ticker;
    private volatile boolean stopping;
    private long lastScanNanos;

    BulkLoader(BulkLoadProperties props, BulkLoadRuns runs, SiloSync sync, JdbcTemplate store,
               PlatformTransactionManager transactions, ApplicationContext context, ObjectProvider<ProducerTemplate> producer,
               ObjectProvider<RegistryBacklog> registryBacklog, ObjectProvider<BulkLoadListener> listeners, MeterRegistry meters) {
        this.props = props;
        this.runs = runs;
        this.sync = sync;
        this.store = store;
        this.tx = new TransactionTemplate(transactions);
        this.context = context;
        this.producer = producer;
        this.registryBacklog = registryBacklog;
        this.listeners = listeners;
        this.owner = instanceName();
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bulk-load-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bulk-load-ticker");
            t.setDaemon(true);
            return t;
        });
        props.all().keySet().forEach(name -> {
            AtomicReference<BulkLoadRun> ref = latest.computeIfAbsent(name, k -> new AtomicReference<>());
            String[] parts = name.split("/", 2);
            Tags tags = Tags.of("silo", parts[0], "dataset", parts[1]);
            Gauge.builder("hub.bulkload.done", this, l -> l.done(name)).tags(tags)
                    .description("Rows of the dataset's latest bulk load read and stored").register(meters);
            // Not "hub.bulkload.total": the Prometheus client reserves the _total suffix for
            // counters and would export that gauge as hub_bulkload.
            Gauge.builder("hub.bulkload.total.rows", this, l -> l.total(name)).tags(tags)
                    .description("Rows of the dataset's latest bulk load to read (COUNT at its start)").register(meters);
            Gauge.builder("hub.bulkload.rate", this, l -> l.rate(name)).tags(tags)
                    .description("Records per second of the dataset's running bulk load, over the last minute").register(meters);
        });
    }

    /** This hub instance, as the owner column names it. */
    public String owner() {
        return owner;
    }

    public Collection<String> datasets() {
        return props.all().keySet();
    }

    // ---------------------------------------------------------------- start, resume, abort

    /**
     * Starts a run of the dataset, or resumes its latest run when that did not finish (FAILED,
     * ABORTED, or RUNNING with an owner gone). {@code fresh} starts over from the first key
     * even then. Returns at once; the run goes on in the background.
     */
    public StartResult start(String silo, String dataset, boolean blocking, boolean fresh) {
        StartResult r = prepare(silo, dataset, blocking, fresh);
        if (r.outcome() == Outcome.STARTED || r.outcome() == Outcome.RESUMED) {
            launch(List.of(actives.get(r.run().name())));
        }
        return r;
    }

    /** Registers the run as this replica's (it is RUNNING and beats from now on) without starting its thread. */
    private synchronized StartResult prepare(String silo, String dataset, boolean blocking, boolean fresh) {
        BulkLoadProperties.Dataset ds = props.dataset(silo, dataset);
        String name = silo + "/" + dataset;
        if (ds == null) {
            return new StartResult(Outcome.UNKNOWN_DATASET, null, "no dataset " + name + " under hub.bulkload.datasets");
        }
        if (stopping) {
            return new StartResult(Outcome.ALREADY_RUNNING, null, "this hub is stopping");
        }
        Active here = actives.get(name);
        if (here != null) {
            return new StartResult(Outcome.ALREADY_RUNNING, here.snapshot(), name + " is already running on this instance");
        }
        Optional<BulkLoadRun> last = runs.latest(silo, dataset);
        if (last.isPresent() && last.get().state() != State.DONE) {
            BulkLoadRun prev = last.get();
            boolean alive = prev.state() == State.RUNNING && !runs.stale(prev, props.heartbeatTimeout());
            if (alive) {
                return new StartResult(Outcome.ALREADY_RUNNING, prev, name + " is running on " + prev.owner());
            }
            if (!fresh) {
                if (!runs.claim(prev.id(), owner, blocking, props.heartbeatTimeout())) {
                    return new StartResult(Outcome.ALREADY_RUNNING, runs.find(prev.id()).orElse(prev),
                            name + " was taken by another instance");
                }
                BulkLoadRun claimed = runs.find(prev.id()).orElseThrow();
                register(claimed, ds, true);
                return new StartResult(Outcome.RESUMED, claimed, "resumed after " + claimed.done() + " rows");
            }
            if (prev.state() == State.RUNNING && !runs.claim(prev.id(), owner, false, props.heartbeatTimeout())) {
                return new StartResult(Outcome.ALREADY_RUNNING, prev, name + " was taken by another instance");
            }
            if (prev.state() == State.RUNNING) {
                runs.finish(prev.id(), owner, State.ABORTED, "replaced by a fresh run");
            } else {
                runs.supersede(prev.id());
            }
        }
        Optional<BulkLoadRun> created = runs.create(silo, dataset, blocking, owner, clock.instant());
        if (created.isEmpty()) {
            return new StartResult(Outcome.ALREADY_RUNNING, runs.latest(silo, dataset).orElse(null),
                    name + " was started by another instance");
        }
        register(created.get(), ds, false);
        return new StartResult(Outcome.STARTED, created.get(), "started");
    }

    /** Stops the dataset's RUNNING run wherever it runs (its owner stops at its next batch). */
    public int abort(String silo, String dataset) {
        int n = runs.abort(silo, dataset);
        Active a = actives.get(silo + "/" + dataset);
        if (a != null) {
            a.stop = true;
        }
        return n;
    }

    private void register(BulkLoadRun run, BulkLoadProperties.Dataset ds, boolean resumed) {
        Active a = new Active(run, ds, resumed, System.nanoTime());
        actives.put(run.name(), a);
        latest.computeIfAbsent(run.name(), k -> new AtomicReference<>()).set(run);
    }

    /** Runs the prepared runs one after the other on one worker thread (the initial load's order is the configuration's). */
    private void launch(List<Active> chain) {
        workers.execute(() -> {
            for (Active a : chain) {
                execute(a);
            }
        });
    }

    // ---------------------------------------------------------------- the run

    private void execute(Active a) {
        String name = a.run.name();
        long loadStart = 0;
        long doneAtStart = a.done;
        try {
            if (a.ds.awaitRegistry()) {
                RegistryBacklog backlog = registryBacklog.getIfAvailable();
                if (backlog != null) {
                    log.info("Bulk load {} run {}: waiting for the registry replica to settle (rows are keyed through its links)",
                            name, a.run.id());
                    backlog.awaitSettled();
                }
            }
            checkStop(a);
            JdbcTemplate silo = siloJdbc(a.ds);
            long[] counts = withRetries(a, () -> silo.query(countSql(a.ds), rs -> {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }));
            a.total = counts[1];
            if (!runs.setTotal(a.run.id(), owner, a.total)) {
                throw new LostRun();
            }
            if (counts[0] > counts[1]) {
                log.warn("Bulk load {} run {}: {} rows have no key ({}) and cannot be read by key; the scheduled sync quarantines them",
                        name, a.run.id(), counts[0] - counts[1], a.ds.key());
            }
            log.info("Bulk load {} run {} {}: {} rows in all, batches of {}", name, a.run.id(),
                    a.resumed ? "resumed after " + a.done + " rows" : "started", a.total, props.batchSize());
            loadStart = System.nanoTime();
            // The rate counts from here: the registry wait and the COUNT are not loading.
            a.progress = new Progress(RATE_WINDOW.toNanos(), System.nanoTime(), a.done);
            a.loading = true;
            String last = a.lastKey;
            int batch = 0;
            while (true) {
                checkStop(a);
                String after = last;
                List<Map<String, Object>> rows = withRetries(a, () -> after == null
                        ? silo.queryForList(firstPageSql(a.ds), props.batchSize())
                        : silo.queryForList(nextPageSql(a.ds), after, props.batchSize()));
                if (rows.isEmpty()) {
                    break;
                }
                String newLast = keyOf(rows.get(rows.size() - 1), a.ds);
                int number = ++batch;
                Instant runAt = clock.instant();
                SiloSync.Report report = tx.execute(status -> {
                    List<SiloSync.DeadLetter> deadLetters = new ArrayList<>();
                    SiloSync.Report rep = sync.runBatch(a.ds.mapping(), a.ds.sourceTable(), a.ds.recordIdColumn(),
                            a.ds.compareFields(), rows, deadLetters, runAt);
                    sendDeadLetters(deadLetters);
                    BulkLoadRun after1 = a.snapshotAfter(rows.size(), rep.quarantined(), newLast);
                    listeners.orderedStream().forEach(l -> l.afterBatch(after1, number, rows.size()));
                    // Last, so the run's row is locked only for the moment before the commit
                    // (heartbeats and an operator's abort update the same row).
                    if (!runs.checkpoint(a.run.id(), owner, rows.size(), rep.quarantined(), newLast, a.rate())) {
                        throw new LostRun();
                    }
                    return rep;
                });
                a.advance(rows.size(), report.quarantined(), newLast, System.nanoTime());
                last = newLast;
                if (rows.size() < props.batchSize()) {
                    break;
                }
            }
            tx.executeWithoutResult(status -> {
                // A full read: records no longer in the silo no longer count (as the scheduled sync does).
                sync.forgetOutcomesBefore(a.ds.mapping(), a.run.startedAt());
                if (!runs.finish(a.run.id(), owner, State.DONE, null)) {
                    throw new LostRun();
                }
            });
            double seconds = Math.max(1e-3, (System.nanoTime() - loadStart) / 1e9);
            log.info("Bulk load {} run {} DONE: {} rows ({} quarantined); this attempt read {} rows in {} s, {} rows/s",
                    name, a.run.id(), a.done, a.quarantined, a.done - doneAtStart, String.format(java.util.Locale.ROOT, "%.1f", seconds),
                    Math.round((a.done - doneAtStart) / seconds));
        } catch (LostRun e) {
            log.warn("Bulk load {} run {}: no longer this instance's (aborted or taken over); stopped", name, a.run.id());
        } catch (Stopped e) {
            if (stopping) {
                release(a);
            } else {
                log.info("Bulk load {} run {} stopped after {} rows: aborted, or taken over by another instance", name,
                        a.run.id(), a.done);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(a);
        } catch (RuntimeException e) {
            if (stopping || a.stop) {
                release(a);
            } else {
                String error = describe(e);
                // The class and SQLState only: an exception's message may quote a row.
                log.error("Bulk load {} run {} FAILED after {} rows: {} (POST it again to resume)", name, a.run.id(), a.done, error);
                try {
                    runs.finish(a.run.id(), owner, State.FAILED, error);
                } catch (RuntimeException f) {
                    log.error("Bulk load {} run {}: recording the failure failed too ({}); its heartbeat stops and it will be taken over",
                            name, a.run.id(), f.getClass().getSimpleName());
                }
            }
        } finally {
            actives.remove(name, a);
            refresh(name);
        }
    }

    private void release(Active a) {
        try {
            runs.release(a.run.id(), owner);
            log.info("Bulk load {} run {} stopped with this instance after {} rows; it resumes from its checkpoint",
                    a.run.name(), a.run.id(), a.done);
        } catch (RuntimeException e) {
            log.warn("Bulk load {} run {}: release failed ({}); it resumes once its heartbeat times out",
                    a.run.name(), a.run.id(), e.getClass().getSimpleName());
        }
    }

    private void checkStop(Active a) {
        if (a.stop || stopping || Thread.currentThread().isInterrupted()) {
            throw new Stopped();
        }
    }

    private void sendDeadLetters(List<SiloSync.DeadLetter> deadLetters) {
        if (deadLetters.isEmpty()) {
            return;
        }
        ProducerTemplate p = producer.getObject();
        for (SiloSync.DeadLetter d : deadLetters) {
            p.sendBodyAndHeaders(DEAD_LETTER_URI, d.payload(), Map.of("HubReason", d.reasonCode(), "kafka.KEY", d.reasonCode()));
        }
    }

    private interface Read<T> {
        T get();
    }

    /** A page read, tried again when the silo connection fails (not when the SQL is wrong). */
    private <T> T withRetries(Active a, Read<T> read) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (TransientDataAccessException | RecoverableDataAccessException | DataAccessResourceFailureException e) {
                if (attempt >= props.readAttempts()) {
                    throw e;
                }
                log.warn("Bulk load {} run {}: reading the silo failed ({}), attempt {} of {}", a.run.name(), a.run.id(),
                        describe(e), attempt, props.readAttempts());
                Thread.sleep(1000L * attempt);
                checkStop(a);
            }
        }
    }

    private JdbcTemplate siloJdbc(BulkLoadProperties.Dataset ds) {
        JdbcTemplate t = new JdbcTemplate(context.getBean(ds.dataSource(), DataSource.class));
        t.setFetchSize(props.batchSize());
        t.setQueryTimeout((int) Math.max(1, props.queryTimeout().toSeconds()));
        return t;
    }

    // The identifiers come from configuration (hub.bulkload.datasets), never from a request;
    // key values and the page size are bound parameters.
    static String countSql(BulkLoadProperties.Dataset ds) {
        return "SELECT COUNT(*), COUNT(" + ds.key() + ") FROM " + ds.from();
    }

    static String firstPageSql(BulkLoadProperties.Dataset ds) {
        return "SELECT " + ds.select() + " FROM " + ds.from() + " WHERE " + ds.key() + " IS NOT NULL ORDER BY " + ds.key()
                + " FETCH FIRST ? ROWS ONLY";
    }

    static String nextPageSql(BulkLoadProperties.Dataset ds) {
        return "SELECT " + ds.select() + " FROM " + ds.from() + " WHERE " + ds.key() + " > ? ORDER BY " + ds.key()
                + " FETCH FIRST ? ROWS ONLY";
    }

    /** The key exactly as the silo holds it (padding included): the next page starts after it. */
    private static String keyOf(Map<String, Object> row, BulkLoadProperties.Dataset ds) {
        Object v = row.get(ds.recordIdColumn());
        if (v == null) {
            throw new BulkLoadException("a row of the page has no " + ds.recordIdColumn() + " column value; "
                    + "hub.bulkload.datasets.*.record-id must name the key's result column");
        }
        return v.toString();
    }

    static String describe(Throwable e) {
        StringBuilder s = new StringBuilder(e.getClass().getSimpleName());
        if (e instanceof BulkLoadException) {
            s.append(": ").append(e.getMessage());
        }
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof SQLException sql) {
                s.append(" (").append(sql.getClass().getSimpleName()).append(", SQLState ").append(sql.getSQLState()).append(')');
                break;
            }
            if (c.getCause() == null) {
                s.append(" (").append(c.getClass().getSimpleName()).append(')');
            }
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- start-up, heartbeat, progress

    /**
     * At start: orphaned runs (their owner gone) resume, and with {@code initial-load} every
     * {@code initial} dataset with no data in the store yet is loaded, blocking readiness.
     * ApplicationReadyEvent comes before Boot declares the hub ready, so the blocking runs are
     * RUNNING before readiness is first asked.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void onReady() {
        try {
            props.all().keySet().forEach(this::refresh);
            if (props.initialLoad()) {
                startInitialLoad();
            }
            if (props.takeover()) {
                takeOverOrphans();
            }
        } catch (RuntimeException e) {
            log.error("Bulk load start-up checks failed ({}); they run again with the heartbeat", describe(e));
        }
        lastScanNanos = System.nanoTime();
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private void startInitialLoad() {
        List<Active> chain = new ArrayList<>();
        props.all().forEach((name, ds) -> {
            String[] parts = name.split("/", 2);
            if (!ds.initial() || runs.everDone(parts[0], parts[1]) || hasData(ds)) {
                return;
            }
            StartResult r = prepare(parts[0], parts[1], true, false);
            log.info("Initial load of {}: {} ({})", name, r.outcome(), r.message());
            if (r.outcome() == Outcome.STARTED || r.outcome() == Outcome.RESUMED) {
                chain.add(actives.get(name));
            }
        });
        if (!chain.isEmpty()) {
            launch(chain);
        }
    }

    /** Whether the store already holds the dataset's records (outcomes of an earlier sync or load). */
    private boolean hasData(BulkLoadProperties.Dataset ds) {
        return Boolean.TRUE.equals(store.queryForObject("select exists (select 1 from record_outcome where mapping_id = ?)",
                Boolean.class, ds.mapping()));
    }

    /** Resumes the RUNNING runs of configured datasets whose owner stopped beating. */
    public void takeOverOrphans() {
        for (BulkLoadRun orphan : runs.orphans(props.heartbeatTimeout())) {
            BulkLoadProperties.Dataset ds = props.dataset(orphan.silo(), orphan.dataset());
            if (ds == null || actives.containsKey(orphan.name()) || stopping) {
                continue;
            }
            Active registered = null;
            synchronized (this) {
                if (!actives.containsKey(orphan.name()) && runs.claim(orphan.id(), owner, false, props.heartbeatTimeout())) {
                    BulkLoadRun claimed = runs.find(orphan.id()).orElseThrow();
                    register(claimed, ds, true);
                    registered = actives.get(orphan.name());
                }
            }
            if (registered != null) {
                log.info("Bulk load {} run {}: taken over from {} (no heartbeat for {}), resuming after {} rows",
                        orphan.name(), orphan.id(), orphan.owner(), props.heartbeatTimeout(), orphan.done());
                launch(List.of(registered));
            }
        }
    }

    private void tick() {
        long now = System.nanoTime();
        try {
            for (Active a : actives.values()) {
                a.progress.record(now, a.done);
                if (now - a.lastBeat >= props.heartbeatInterval().toNanos()) {
                    a.lastBeat = now;
                    if (!runs.heartbeat(a.run.id(), owner, a.rate())) {
                        // Aborted by an operator or taken over: the worker stops before its next batch.
                        a.stop = true;
                    }
                }
                if (a.loading && now - a.lastLog >= props.progressLogInterval().toNanos()) {
                    a.lastLog = now;
                    logProgress(a);
                }
            }
            if (now - lastScanNanos >= props.heartbeatInterval().toNanos()) {
                lastScanNanos = now;
                props.all().keySet().forEach(this::refresh);
                if (props.takeover() && !stopping) {
                    takeOverOrphans();
                }
            }
        } catch (RuntimeException e) {
            log.warn("Bulk load heartbeat failed: {}", describe(e));
        }
    }

    private void logProgress(Active a) {
        double rate = a.rate();
        Long eta = BulkLoadRun.etaSeconds(a.total, a.done, rate);
        // Counts only: keys and rows may be personal data.
        log.info("Bulk load {} run {}: {}/{} rows ({}%), {} rows/s, ETA {}, {} quarantined", a.run.name(), a.run.id(), a.done,
                a.total, a.total == 0 ? "0.0" : String.format(java.util.Locale.ROOT, "%.1f", 100.0 * a.done / a.total), Math.round(rate),
                eta == null ? "unknown" : Duration.ofSeconds(eta).toString().substring(2).toLowerCase(), a.quarantined);
    }

    private void refresh(String name) {
        String[] parts = name.split("/", 2);
        try {
            runs.latest(parts[0], parts[1]).ifPresent(r -> latest.computeIfAbsent(name, k -> new AtomicReference<>()).set(r));
        } catch (RuntimeException e) {
            // The store may be down; the gauges keep their last values.
        }
    }

    @EventListener(ContextClosedEvent.class)
    public void onClose() {
        stopping = true;
        actives.values().forEach(a -> a.stop = true);
    }

    @PreDestroy
    void shutdown() throws InterruptedException {
        stopping = true;
        ticker.shutdownNow();
        workers.shutdown();
        if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
            workers.shutdownNow();
            for (Active a : actives.values()) {
                release(a);
            }
        }
    }

    // ---------------------------------------------------------------- views

    /** The runs, newest first, live values for those running here. */
    public List<BulkLoadRun> recent(int limit) {
        List<BulkLoadRun> out = new ArrayList<>();
        for (BulkLoadRun r : runs.recent(limit)) {
            Active a = actives.get(r.name());
            out.add(a != null && a.run.id() == r.id() && r.state() == State.RUNNING ? a.snapshot() : r);
        }
        return out;
    }

    /** Runs that hold readiness back, from the store (every replica's), or this replica's own if the store cannot say. */
    public List<BulkLoadRun> blockingRuns() {
        try {
            List<BulkLoadRun> out = new ArrayList<>();
            for (BulkLoadRun r : runs.blockingRunning()) {
                Active a = actives.get(r.name());
                out.add(a != null && a.run.id() == r.id() ? a.snapshot() : r);
            }
            return out;
        } catch (RuntimeException e) {
            return actives.values().stream().filter(a -> a.run.blocking()).map(Active::snapshot).toList();
        }
    }

    /** Whether this instance runs the run now. */
    public boolean runsHere(BulkLoadRun run) {
        Active a = actives.get(run.name());
        return a != null && a.run.id() == run.id();
    }

    double done(String name) {
        Active a = actives.get(name);
        if (a != null) {
            return a.done;
        }
        BulkLoadRun r = latest.get(name).get();
        return r == null ? 0 : r.done();
    }

    double total(String name) {
        Active a = actives.get(name);
        if (a != null) {
            return a.total;
        }
        BulkLoadRun r = latest.get(name).get();
        return r == null ? 0 : r.total();
    }

    double rate(String name) {
        Active a = actives.get(name);
        if (a != null) {
            return a.rate();
        }
        BulkLoadRun r = latest.get(name).get();
        return r == null || r.state() != State.RUNNING ? 0 : r.rate();
    }

    private static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return host + ":" + ManagementFactory.getRuntimeMXBean().getPid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A run this instance works on: its live counters between checkpoints. */
    private static final class Active {

        final BulkLoadRun run;
        final BulkLoadProperties.Dataset ds;
        final boolean resumed;
        volatile Progress progress;
        volatile long total;
        volatile long done;
        volatile long quarantined;
        volatile String lastKey;
        volatile boolean stop;
        /** Past the registry wait and the COUNT: progress lines and rates mean something from here on. */
        volatile boolean loading;
        volatile long lastBeat;
        volatile long lastLog;

        Active(BulkLoadRun run, BulkLoadProperties.Dataset ds, boolean resumed, long now) {
            this.run = run;
            this.ds = ds;
            this.resumed = resumed;
            this.total = run.total();
            this.done = run.done();
            this.quarantined = run.quarantined();
            this.lastKey = run.lastKey();
            this.progress = new Progress(RATE_WINDOW.toNanos(), now, run.done());
            this.lastBeat = now;
            this.lastLog = now;
        }

        double rate() {
            return progress.rate(System.nanoTime());
        }

        void advance(int rows, int quarantinedRows, String key, long now) {
            done += rows;
            quarantined += quarantinedRows;
            lastKey = key;
            progress.record(now, done);
        }

        BulkLoadRun snapshot() {
            return new BulkLoadRun(run.id(), run.silo(), run.dataset(), State.RUNNING, run.blocking(), total, done, quarantined,
                    lastKey, rate(), run.startedAt(), Instant.now(), null, null, run.owner());
        }

        BulkLoadRun snapshotAfter(int rows, int quarantinedRows, String key) {
            return new BulkLoadRun(run.id(), run.silo(), run.dataset(), State.RUNNING, run.blocking(), total, done + rows,
                    quarantined + quarantinedRows, key, rate(), run.startedAt(), Instant.now(), null, null, run.owner());
        }
    }

    /** This instance lost the run: aborted by an operator, or taken over after a missed heartbeat. */
    private static final class LostRun extends RuntimeException {
        LostRun() {
            super(null, null, false, false);
        }
    }

    /** The instance is stopping, or the run was aborted. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }
}
