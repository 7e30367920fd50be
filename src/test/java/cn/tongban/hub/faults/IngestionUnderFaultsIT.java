package cn.tongban.hub.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.tongban.hub.audit.AuditKeys;
import cn.tongban.hub.audit.SignatureAlgorithm;

/**
 * Issue 5, parts 3, 4 and 6: market-regulation ingestion loses nothing under faults.
 *
 * <p>The real hub runs as two child JVMs (profile prod, one consumer group, so they share the
 * partitions of the events topic) against a real PostgreSQL and a real Kafka broker (KRaft)
 * that itself runs in a child JVM. While a burst of 100,000 change events is being consumed
 * (several versions per enterprise, late older versions, poison events), the test
 * <ol>
 *   <li>kills one hub with SIGKILL,</li>
 *   <li>kills the broker with SIGKILL and starts it again on the same port and log directory,</li>
 *   <li>stops PostgreSQL (fast shutdown: connections cut) and starts it again on the same data,</li>
 *   <li>starts the killed hub again.</li>
 * </ol>
 * Once the group has committed every offset, the replica must hold every enterprise exactly
 * once at its newest version, every poison event must be in quarantine once and on the
 * dead-letter topic, and no (USCC, version) may have been applied twice: checked on the
 * replica's writes (a trigger this test adds, see {@link #installAppliedLog}) and on the
 * canonical change events (their {@code HubOutcome} header). The per-record outcome table
 * of V3 ({@code record_outcome}) cannot tell: it keeps the last outcome of pulled silos'
 * records only.
 *
 * <p>The figures (timings of each fault, counts) are printed at the end, also when an
 * assertion failed, and written to {@code <build dir>/faults-it/figures.txt}; each child's
 * output is in {@code <build dir>/faults-it/*.log}.
 *
 * <p>System properties (for diagnosis; the defaults are the test): {@code faults.events}
 * (100000), {@code faults.seed} (the time), {@code faults.inject} (true; false measures the
 * plain ingestion rate), {@code faults.produceRate} (1000 events/s; 0 = unpaced),
 * {@code faults.consumersPerHub} (1, the route's default), {@code faults.hubJvmOptions}
 * (e.g. a flight recording), {@code faults.pgSynchronousCommit} (off, see
 * {@link RestartablePostgres}).
 */
class IngestionUnderFaultsIT {

    private static final String EVENTS_TOPIC = "market-regulation.enterprise-events";
    private static final String CHANGED_TOPIC = "hub.enterprise.changed";
    private static final String DEAD_LETTER_TOPIC = "hub.dead-letter";
    private static final String GROUP = "tongban-hub-faults";
    private static final int PARTITIONS = 6;
    private static final int VERSIONS = 4;
    private static final int POISON_PER_KIND = 20;
    /** Hard limit for the whole test, servers included; every wait is bounded by it too. */
    private static final Duration OVERALL = Duration.ofMinutes(10);

    static {
        // The test's own Kafka clients log every connection at INFO.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.kafka"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
    }

    private final ObjectMapper json = new ObjectMapper();
    private final long testStart = System.nanoTime();
    private RestartablePostgres postgres;
    private KafkaBrokerProcess broker;
    private final List<HubProcess> hubs = new ArrayList<>();
    private GroupProgress progress;
    private final Map<String, String> figures = new LinkedHashMap<>();
    private Path work;
    private boolean passed;

    @AfterEach
    void tearDown() throws Exception {
        // Also when an assertion failed: the figures gathered up to there help the diagnosis.
        if (work != null) {
            try {
                printFigures(work);
            } catch (IOException e) {
                System.out.println("figures not written: " + e);
            }
        }
        if (progress != null) {
            progress.close();
        }
        for (HubProcess hub : hubs) {
            hub.stop();
        }
        if (broker != null) {
            broker.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (passed) {
            // Some 400 MB of broker and database files; the logs and figures stay.
            KafkaBrokerProcess.deleteRecursively(work.resolve("kafka"));
            KafkaBrokerProcess.deleteRecursively(work.resolve("pg"));
        }
    }

    @Test
    void ingestionLosesNothingUnderFaults() throws Exception {
        int total = Integer.getInteger("faults.events", 100_000);
        long seed = Long.getLong("faults.seed", System.currentTimeMillis());
        boolean inject = Boolean.parseBoolean(System.getProperty("faults.inject", "true"));
        // Paced so that the burst is still being published when the broker restarts.
        int produceRate = Integer.getInteger("faults.produceRate", 1000);

        Path projectDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path work = buildDir().resolve("faults-it");
        this.work = work;
        KafkaBrokerProcess.deleteRecursively(work);
        Files.createDirectories(work);
        Path classpath = ChildJvm.classpathFile(work);

        // ---------------------------------------------------------------- servers
        long t = System.nanoTime();
        postgres = new RestartablePostgres(work.resolve("pg"), freePort());
        postgres.create();
        broker = new KafkaBrokerProcess(work.resolve("kafka"), classpath, work.resolve("kafka-broker.log"), freePort(), freePort());
        broker.format();
        broker.start(Duration.ofSeconds(60));
        createTopics();
        figures.put("servers up (PostgreSQL, broker, topics)", secs(System.nanoTime() - t));

        Map<String, String> env = new LinkedHashMap<>();
        env.put("HUB_DB_URL", postgres.jdbcUrl());
        env.put("HUB_DB_USER", "postgres");
        env.put("HUB_DB_PASSWORD", "");
        env.put("HUB_KAFKA_BROKERS", broker.bootstrap());
        env.put("HUB_KAFKA_GROUP", GROUP);
        env.put("HUB_TOPIC_MR_EVENTS", EVENTS_TOPIC);
        env.put("HUB_TOPIC_ENTERPRISE_CHANGED", CHANGED_TOPIC);
        env.put("HUB_TOPIC_DEAD_LETTER", DEAD_LETTER_TOPIC);
        // Pull silos: nothing listens there; this test drives the pushed silo only.
        int closed = freePort();
        env.put("HUB_PS_URL", "http://127.0.0.1:" + closed);
        env.put("HUB_PS_APP_KEY", "faults-it");
        env.put("HUB_PS_APP_SECRET", "faults-it-secret");
        env.put("HUB_SI_JDBC_URL", "jdbc:h2:tcp://127.0.0.1:" + closed + "/mem:none");
        env.put("HUB_SI_USER", "none");
        env.put("HUB_SI_PASSWORD", "none");
        env.put("HUB_SI_SYNC_ENABLED", "false");
        env.put("HUB_CA_URL", "http://127.0.0.1:" + closed);
        env.put("HUB_CA_APP_ID", "faults-it");
        env.put("HUB_CA_TOKEN", "faults-it-token");
        // The audit log's checkpoint key pair (prod requires one) and archive folder.
        AuditKeys.PemPair auditKeys = AuditKeys.generate(SignatureAlgorithm.ED25519);
        env.put("HUB_AUDIT_SIGNING_KEY", auditKeys.signingKey());
        env.put("HUB_AUDIT_VERIFY_KEY", auditKeys.verifyKey());
        env.put("HUB_AUDIT_ARCHIVE_DIR", work.resolve("audit-archive").toString());
        List<String> hubArgs = new ArrayList<>(List.of(
                // A killed replica's partitions move once its session expires: 10 s here
                // instead of Kafka's 45 s default, so that the run stays within minutes.
                "--camel.component.kafka.session-timeout-ms=10000"));
        // Consumer threads (group members) per hub; the route's default is one.
        int consumersPerHub = Integer.getInteger("faults.consumersPerHub", 1);
        hubArgs.add("--camel.component.kafka.consumers-count=" + consumersPerHub);
        for (String name : List.of("hub-a", "hub-b")) {
            hubs.add(new HubProcess(name, classpath, projectDir, work.resolve(name + ".log"), env, freePort(), freePort(), hubArgs));
        }
        HubProcess hubB = hubs.get(1);
        t = System.nanoTime();
        hubs.forEach(HubProcess::start);
        for (HubProcess hub : hubs) {
            hub.awaitStarted(Duration.ofSeconds(150));
        }
        figures.put("two hubs started", secs(System.nanoTime() - t));
        JdbcTemplate db = new JdbcTemplate(postgres.hubDatabase());
        installAppliedLog(db);

        progress = new GroupProgress(broker.bootstrap(), GROUP, EVENTS_TOPIC, PARTITIONS);
        awaitMembers(2 * consumersPerHub, Duration.ofSeconds(60));

        // ---------------------------------------------------------------- the burst
        ChangeEventBurst burst = ChangeEventBurst.generate(seed, total, VERSIONS, POISON_PER_KIND);
        figures.put("events produced (valid + poison)", String.format(Locale.ROOT,
                "%,d (%,d + %,d): %,d enterprises x %d versions, %,d of them with an older version after the newest; seed %d",
                total, burst.validEvents(), burst.poisonReasons.size(), burst.newest.size(), VERSIONS, burst.lateEnterprises, seed));
        Producer producer = new Producer(broker.bootstrap(), burst.events, produceRate);
        Duration[] cpuAtStart = cpu();
        long burstStart = System.nanoTime();
        producer.start();

        List<Fault> faults = new ArrayList<>();
        if (inject) {
            Set<Integer> all = progress.allPartitions();
            // 1. SIGKILL one hub while it holds partitions with work.
            awaitCommittedAtLeast(total / 10, Duration.ofSeconds(90));
            GroupProgress.Sample before = progress.sampleWithin(Duration.ofSeconds(5));
            long killedAt = System.nanoTime();
            hubB.kill();
            GroupProgress.Sample base = progress.sampleWithin(Duration.ofSeconds(5));
            Fault kill = new Fault("SIGKILL hub-b", before, killedAt, killedAt, base, producer.sentSoFar());
            faults.add(kill);
            GroupProgress.Sample noticed = awaitSample("group shrinks to hub-a's members after the kill", Duration.ofSeconds(60),
                    () -> progress.firstWithMembers(killedAt, consumersPerHub));
            kill.detectedAt = noticed.at();
            // hub-b's partitions: those of the members that left the group.
            Set<Integer> orphaned = new java.util.TreeSet<>();
            before.assignment().forEach((member, parts) -> {
                if (!noticed.assignment().containsKey(member)) {
                    orphaned.addAll(parts);
                }
            });
            kill.partitions = orphaned.isEmpty() ? all : orphaned;
            kill.resumedAt = awaitResumed(kill, Duration.ofSeconds(60)).at();
            figures.put("fault: " + kill.name, kill.describe());

            // 2. SIGKILL the broker and start it again on the same port and log directory.
            GroupProgress.Sample beforeBroker = progress.sampleWithin(Duration.ofSeconds(5));
            long brokerKilledAt = System.nanoTime();
            kill.nextFaultAt = brokerKilledAt;
            broker.kill();
            broker.start(Duration.ofSeconds(60));
            long brokerBackAt = System.nanoTime();
            Fault brokerFault = new Fault("broker SIGKILL + restart", beforeBroker, brokerKilledAt, brokerBackAt, beforeBroker,
                    producer.sentSoFar());
            faults.add(brokerFault);
            brokerFault.partitions = all;
            brokerFault.resumedAt = awaitResumed(brokerFault, Duration.ofSeconds(90)).at();
            figures.put("fault: " + brokerFault.name, brokerFault.describe());

            // 3. Stop PostgreSQL (fast shutdown: the hubs' connections are cut) for a few
            // seconds, then start it again on the same data directory and port.
            GroupProgress.Sample beforeDb = progress.sampleWithin(Duration.ofSeconds(5));
            long dbStoppedAt = System.nanoTime();
            brokerFault.nextFaultAt = dbStoppedAt;
            postgres.stop();
            GroupProgress.Sample dbBase = progress.sampleWithin(Duration.ofSeconds(5));
            // Down long enough that events pile up behind the outage: 2,000 more published (about 2 s at 1,000/s).
            long sentAtStop = producer.sentSoFar();
            org.awaitility.Awaitility.await("events published while the database is down").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> producer.sentSoFar() >= Math.min(sentAtStop + 2_000, producer.events.size()));
            postgres.start();
            long dbBackAt = System.nanoTime();
            db = new JdbcTemplate(postgres.hubDatabase());
            Fault dbFault = new Fault("PostgreSQL stop + start", beforeDb, dbStoppedAt, dbBackAt, dbBase, producer.sentSoFar());
            faults.add(dbFault);
            dbFault.partitions = all;
            dbFault.resumedAt = awaitResumed(dbFault, Duration.ofSeconds(90)).at();
            figures.put("fault: " + dbFault.name, dbFault.describe());

            // 4. The killed hub comes back and takes its share again.
            long restartAt = System.nanoTime();
            dbFault.nextFaultAt = restartAt;
            hubB.start();
            hubB.awaitStarted(Duration.ofSeconds(120));
            long startedAt = System.nanoTime();
            GroupProgress.Sample rejoined = awaitSample("hub-b back in the group", Duration.ofSeconds(60),
                    () -> progress.firstWithMembers(startedAt, 2 * consumersPerHub));
            figures.put("restart of hub-b: started / back in the group after",
                    secs(startedAt - restartAt) + " / " + secs(rejoined.at() - restartAt));
        }

        // ---------------------------------------------------------------- drained
        producer.await(Duration.ofSeconds(120));
        figures.put("burst published in", secs(producer.finishedAt - burstStart)
                + (produceRate > 0 ? " (paced at " + produceRate + "/s)" : ""));
        Map<Integer, Long> ends = progress.endOffsets();
        long onTopic = ends.values().stream().mapToLong(Long::longValue).sum();
        assertThat(onTopic).as("events on the topic (exactly the burst: seed %d)", seed).isEqualTo(total);
        long drainedAt = awaitDrained(db, ends);
        Duration[] cpuAtEnd = cpu();
        figures.put("all offsets committed after", secs(drainedAt - burstStart) + String.format(Locale.ROOT,
                " from the first event (%,.0f events/s overall)", total / ((drainedAt - burstStart) / 1e9)));
        figures.put("CPU during the burst: hubs / broker / PostgreSQL", String.format(Locale.ROOT, "%.0f s / %.0f s / %.0f s%s",
                secs(cpuAtStart[0], cpuAtEnd[0]), secs(cpuAtStart[1], cpuAtEnd[1]), secs(cpuAtStart[2], cpuAtEnd[2]),
                inject ? " (live processes: a killed or restarted one's earlier CPU is not counted)" : ""));
        for (Fault f : faults) {
            f.allResumedAt = progress.progressedAfter(f.clearedAt, f.base.committed(), ends, f.partitions, true)
                    .map(GroupProgress.Sample::at).orElse(null);
            figures.put("fault: " + f.name, f.describe());
        }
        for (Fault f : faults) {
            // The fault must hit a busy ingestion.
            assertThat(f.producedSoFar - f.before.total()).as("events published but not yet committed when '%s' struck", f.name)
                    .isPositive();
        }

        // ---------------------------------------------------------------- the replica
        Map<String, Object[]> rows = new HashMap<>();
        db.query("select uscc, source_version, source_event_id, name from enterprise", rs -> {
            rows.put(rs.getString(1), new Object[] {rs.getLong(2), rs.getString(3), rs.getString(4)});
        });
        Long rowCount = db.queryForObject("select count(*) from enterprise", Long.class);
        Long distinctKeys = db.queryForObject("select count(distinct uscc) from enterprise", Long.class);
        List<String> missing = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, Integer> e : burst.newest.entrySet()) {
            String uscc = e.getKey();
            int v = e.getValue();
            Object[] row = rows.get(uscc);
            if (row == null) {
                missing.add(uscc);
            } else if ((long) row[0] != v || !ChangeEventBurst.eventId(burst.eventPrefix, uscc, v).equals(row[1])
                    || !ChangeEventBurst.name(index, v).equals(row[2])) {
                stale.add(uscc + " at v" + row[0]);
            }
            index++;
        }
        figures.put("replica rows / distinct keys / at newest version", String.format(Locale.ROOT, "%,d / %,d / %,d (expected %,d)",
                rowCount, distinctKeys, burst.newest.size() - missing.size() - stale.size(), burst.newest.size()));
        assertThat(missing).as("enterprises missing from the replica (%d of %d)", missing.size(), burst.newest.size())
                .hasSizeLessThan(1);
        assertThat(stale).as("enterprises not at their newest version (an older value overwrote a newer one)").hasSizeLessThan(1);
        assertThat(rowCount).as("replica rows (each enterprise exactly once, nothing else)").isEqualTo(burst.newest.size());
        assertThat(distinctKeys).as("distinct keys in the replica").isEqualTo(burst.newest.size());

        // ---------------------------------------------------------------- applied once (replica writes)
        Map<String, List<Long>> appliedInDb = new HashMap<>();
        db.query("select uscc, source_version from fault_it_applied order by id", rs -> {
            appliedInDb.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
        });
        long appliedRows = appliedInDb.values().stream().mapToLong(List::size).sum();
        long writtenTwice = appliedInDb.values().stream().mapToLong(v -> v.size() - v.stream().distinct().count()).sum();
        figures.put("replica writes / (USCC, version) written twice", String.format(Locale.ROOT, "%,d / %d", appliedRows, writtenTwice));
        assertThat(writtenTwice).as("(USCC, version) written to the replica more than once").isZero();
        // Each partition is consumed in order, so the versions that reach the replica are
        // exactly those newer than everything before them: a lost write, a write of an older
        // version after a newer one or a repeated write all change this list.
        List<String> writesDiffer = burst.arrivals.entrySet().stream()
                .filter(e -> !newsOnArrival(e.getValue()).equals(appliedInDb.get(e.getKey())))
                .map(e -> e.getKey() + " published " + e.getValue() + ", written " + appliedInDb.get(e.getKey())).toList();
        assertThat(writesDiffer).as("enterprises whose replica writes differ from the versions that were news on arrival")
                .hasSizeLessThan(1);

        // ---------------------------------------------------------------- canonical change events
        ChangedEvents changed = readChanged(burst);
        figures.put("change events: APPLIED + CURRENT (re-publications)", String.format(Locale.ROOT,
                "%,d + %,d; %d version(s) out only as CURRENT (written, then the publication failed: mended on redelivery)",
                changed.applied, changed.current, changed.currentOnly));
        assertThat(changed.withoutOutcome).as("change events without a HubOutcome header").isZero();
        assertThat(changed.appliedTwice).as("(USCC, version) published as APPLIED more than once").isZero();
        assertThat(changed.unsorted).as("enterprises whose change events go back in version").isZero();
        // Every version that changed the replica is published at least once (APPLIED, or
        // CURRENT when it is consumed again after a failure between the write and the
        // publication), the newest included, and nothing else.
        assertThat(changed.differ).as("enterprises whose published versions differ from the news on arrival").hasSizeLessThan(1);

        // ---------------------------------------------------------------- poison
        Map<String, String> quarantined = new TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        Long quarantineRows = db.queryForObject("select count(*) from quarantine where silo = 'market-regulation'", Long.class);
        db.query("select payload, reason_code from quarantine where silo = 'market-regulation'", rs -> {
            String marker = ChangeEventBurst.marker(rs.getString(1));
            if (marker == null || quarantined.put(marker, rs.getString(2)) != null) {
                unexpected.add(marker == null ? "(a row of no poison event)" : marker + " (twice)");
            }
        });
        DeadLetters dead = readDeadLetters();
        figures.put("quarantined: rows / distinct poison events", quarantineRows + " / " + quarantined.size()
                + " (expected " + burst.poisonReasons.size() + ")");
        figures.put("dead-lettered: records / distinct poison events", dead.records + " / " + dead.reasons.size()
                + " (expected " + burst.poisonReasons.size() + ")");
        assertThat(unexpected).as("quarantine rows that are not exactly one per poison event").isEmpty();
        assertThat(quarantined).as("poison events in quarantine with their reason").isEqualTo(new TreeMap<>(burst.poisonReasons));
        assertThat(dead.reasons).as("poison events on the dead-letter topic, keyed by their reason")
                .isEqualTo(new TreeMap<>(burst.poisonReasons));
        assertThat(dead.withoutMarker).as("dead letters that are not poison events").isZero();
        passed = true;
    }

    // -------------------------------------------------------------------- faults and waiting

    /**
     * A fault and when the group noticed and got over it (times are System.nanoTime()):
     * {@code resumedAt}, the first commit on one of the partitions it stalled after it was
     * cleared (the test waits for it before the next fault); {@code allResumedAt}, when every
     * one of them with work had moved (read from the samples afterwards).
     */
    private static final class Fault {
        final String name;
        final GroupProgress.Sample before;
        final long injectedAt;
        final long clearedAt;
        final GroupProgress.Sample base;
        final long producedSoFar;
        Set<Integer> partitions = Set.of();
        Long detectedAt;
        long resumedAt;
        Long allResumedAt;
        long nextFaultAt = Long.MAX_VALUE;

        Fault(String name, GroupProgress.Sample before, long injectedAt, long clearedAt, GroupProgress.Sample base, long producedSoFar) {
            this.name = name;
            this.before = before;
            this.injectedAt = injectedAt;
            this.clearedAt = clearedAt;
            this.base = base;
            this.producedSoFar = producedSoFar;
        }

        String describe() {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "at %,d events committed (%,d published); ",
                    before.total(), producedSoFar));
            String since = clearedAt > injectedAt ? " after it was back" : " after the kill";
            if (clearedAt > injectedAt) {
                s.append("down ").append(secs(clearedAt - injectedAt)).append("; ");
            }
            if (detectedAt != null) {
                s.append("member gone from the group after ").append(secs(detectedAt - injectedAt)).append("; ");
            }
            s.append("ingestion resumed on ").append(partitions.size() == PARTITIONS ? "the partitions" : "its partitions " + partitions)
                    .append(' ').append(secs(resumedAt - clearedAt)).append(since);
            if (allResumedAt != null) {
                s.append(", on all of them with work ").append(secs(allResumedAt - clearedAt))
                        .append(allResumedAt > nextFaultAt ? " (after the next step began)" : "");
            }
            return s.toString();
        }
    }

    private GroupProgress.Sample awaitResumed(Fault f, Duration timeout) {
        return awaitSample("ingestion resumed after '" + f.name + "'", timeout, () -> {
            try {
                return progress.progressedAfter(f.clearedAt, f.base.committed(), progress.endOffsets(), f.partitions, false);
            } catch (Exception e) {
                return java.util.Optional.empty();
            }
        });
    }

    private GroupProgress.Sample awaitSample(String what, Duration timeout,
                                             java.util.function.Supplier<java.util.Optional<GroupProgress.Sample>> probe) {
        Duration left = Duration.ofNanos(Math.max(0, testStart + OVERALL.toNanos() - System.nanoTime()));
        return org.awaitility.Awaitility.await(what).atMost(timeout.compareTo(left) < 0 ? timeout : left)
                .pollInterval(Duration.ofMillis(100)).until(probe::get, java.util.Optional::isPresent).get();
    }

    private void awaitMembers(int members, Duration timeout) {
        long since = System.nanoTime();
        awaitSample(members + " members in group " + GROUP, timeout, () -> progress.latest()
                .filter(s -> s.at() >= since && s.members() == members));
    }

    private void awaitCommittedAtLeast(long n, Duration timeout) {
        awaitSample(n + " offsets committed", timeout, () -> progress.latest().filter(s -> s.total() >= n));
    }

    /** Waits until every offset is committed and the replica has stopped changing; returns when the lag hit 0. */
    private long awaitDrained(JdbcTemplate db, Map<Integer, Long> ends) {
        Duration left = Duration.ofNanos(Math.max(0, testStart + OVERALL.toNanos() - System.nanoTime()));
        long[] drainedAt = {0};
        String[] lastState = {null};
        long[] quietSince = {0};
        org.awaitility.Awaitility.await("every offset committed and the replica quiet within " + OVERALL + " of the test's start")
                .atMost(left).pollInterval(Duration.ofMillis(250)).until(() -> {
                    var s = progress.latest();
                    if (s.isEmpty() || GroupProgress.lag(s.get().committed(), ends) != 0) {
                        return false;
                    }
                    if (drainedAt[0] == 0) {
                        drainedAt[0] = s.get().at();
                    }
                    String state = db.queryForObject("select count(*) || '/' || coalesce(max(updated_at)::text, '') from enterprise", String.class);
                    if (!state.equals(lastState[0])) {
                        lastState[0] = state;
                        quietSince[0] = System.nanoTime();
                        return false;
                    }
                    return System.nanoTime() - quietSince[0] > TimeUnit.SECONDS.toNanos(2);
                });
        return drainedAt[0];
    }

    // -------------------------------------------------------------------- the test's producer

    /** Publishes the burst from a background thread (acks=all, idempotent), optionally at a fixed rate. */
    private static final class Producer {
        final String bootstrap;
        final List<ChangeEventBurst.Event> events;
        final int rate;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong acked = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final Thread thread;
        volatile long finishedAt;

        Producer(String bootstrap, List<ChangeEventBurst.Event> events, int rate) {
            this.bootstrap = bootstrap;
            this.events = events;
            this.rate = rate;
            this.thread = new Thread(this::run, "burst-producer");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        long sentSoFar() {
            return sent.get();
        }

        private void run() {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "market-regulation-burst");
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                java.util.Iterator<ChangeEventBurst.Event> next = events.iterator();
                if (rate <= 0) {
                    next.forEachRemaining(e -> send(producer, e));
                } else {
                    // Paced by a clock, not by sleeping: every 10 ms tick sends what is due by then.
                    long start = System.nanoTime();
                    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
                    var ticks = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
                    try {
                        ticks.scheduleAtFixedRate(() -> {
                            try {
                                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                                while (sent.get() < due && next.hasNext()) {
                                    send(producer, next.next());
                                }
                            } catch (RuntimeException e) {
                                error.compareAndSet(null, e);
                                failures.incrementAndGet();
                                done.countDown();
                            }
                            if (!next.hasNext()) {
                                done.countDown();
                            }
                        }, 0, 10, TimeUnit.MILLISECONDS);
                        done.await();
                    } finally {
                        ticks.shutdownNow();
                    }
                }
                producer.flush();
            } catch (Exception e) {
                error.compareAndSet(null, e);
                failures.incrementAndGet();
            } finally {
                finishedAt = System.nanoTime();
            }
        }

        private void send(KafkaProducer<String, String> producer, ChangeEventBurst.Event e) {
            producer.send(new ProducerRecord<>(EVENTS_TOPIC, e.key(), e.body()), (md, ex) -> {
                if (ex == null) {
                    acked.incrementAndGet();
                } else {
                    failures.incrementAndGet();
                    error.compareAndSet(null, ex);
                }
            });
            sent.incrementAndGet();
        }

        void await(Duration timeout) throws InterruptedException {
            thread.join(timeout.toMillis());
            assertThat(thread.isAlive()).as("the burst published within %s", timeout).isFalse();
            assertThat(error.get()).as("error publishing the burst").isNull();
            assertThat(acked.get()).as("events acknowledged by the broker").isEqualTo(events.size());
        }
    }

    // -------------------------------------------------------------------- reading the output topics

    /**
     * What the canonical change-event topic holds for the burst: counts by HubOutcome, the
     * (USCC, version) pairs published as APPLIED more than once, the enterprises whose
     * published versions go back, the versions that went out only as CURRENT, and the
     * enterprises whose distinct published versions (in topic order) are not the versions
     * that were news on arrival (first three shown).
     */
    private record ChangedEvents(long applied, long current, long withoutOutcome, long appliedTwice, long unsorted,
                                 long currentOnly, List<String> differ) {
    }

    private ChangedEvents readChanged(ChangeEventBurst burst) throws Exception {
        Map<String, List<Long>> all = new HashMap<>();
        Map<String, List<Long>> applied = new HashMap<>();
        long[] counts = new long[3];
        readTopic(CHANGED_TOPIC, r -> {
            String outcome = header(r, "HubOutcome");
            long version = json.readTree(r.value()).path("sourceVersion").asLong(-1);
            all.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(version);
            if ("APPLIED".equals(outcome)) {
                counts[0]++;
                applied.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(version);
            } else if ("CURRENT".equals(outcome)) {
                counts[1]++;
            } else {
                counts[2]++;
            }
        });
        long twice = applied.values().stream().mapToLong(v -> v.size() - v.stream().distinct().count()).sum();
        long unsorted = all.values().stream().filter(v -> {
            for (int i = 1; i < v.size(); i++) {
                if (v.get(i) < v.get(i - 1)) {
                    return true;
                }
            }
            return false;
        }).count();
        long currentOnly = 0;
        List<String> differ = new ArrayList<>();
        int differing = 0;
        for (Map.Entry<String, List<Integer>> e : burst.arrivals.entrySet()) {
            List<Long> news = newsOnArrival(e.getValue());
            List<Long> published = all.getOrDefault(e.getKey(), List.of()).stream().distinct().toList();
            List<Long> asApplied = applied.getOrDefault(e.getKey(), List.of());
            currentOnly += news.stream().filter(v -> published.contains(v) && !asApplied.contains(v)).count();
            if (!news.equals(published)) {
                if (++differing <= 3) {
                    differ.add(e.getKey() + " arrived " + e.getValue() + ", published " + all.get(e.getKey())
                            + " (APPLIED " + asApplied + ")");
                }
            }
        }
        if (differing > 3) {
            differ.add("... " + (differing - 3) + " more");
        }
        return new ChangedEvents(counts[0], counts[1], counts[2], twice, unsorted, currentOnly, differ);
    }

    private record DeadLetters(long records, Map<String, String> reasons, long withoutMarker) {
    }

    private DeadLetters readDeadLetters() throws Exception {
        Map<String, String> reasons = new TreeMap<>();
        long[] counts = new long[2];
        readTopic(DEAD_LETTER_TOPIC, r -> {
            counts[0]++;
            String marker = ChangeEventBurst.marker(r.value());
            if (marker == null) {
                counts[1]++;
            } else {
                reasons.put(marker, r.key());
            }
        });
        return new DeadLetters(counts[0], reasons, counts[1]);
    }

    private interface RecordHandler {
        void handle(ConsumerRecord<String, String> r) throws Exception;
    }

    private void readTopic(String topic, RecordHandler handler) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps = consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                assertThat(System.nanoTime()).as("read %s to its end within 60 s", topic).isLessThan(deadline);
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    handler.handle(r);
                }
            }
        }
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The versions that were newer than every earlier one when they arrived. */
    static List<Long> newsOnArrival(List<Integer> arrivals) {
        List<Long> news = new ArrayList<>();
        int max = 0;
        for (int v : arrivals) {
            if (v > max) {
                news.add((long) v);
                max = v;
            }
        }
        return news;
    }

    // -------------------------------------------------------------------- set-up helpers

    private void createTopics() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(
                    new NewTopic(EVENTS_TOPIC, PARTITIONS, (short) 1),
                    new NewTopic(CHANGED_TOPIC, PARTITIONS, (short) 1),
                    new NewTopic(DEAD_LETTER_TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            assertThat(names).contains(EVENTS_TOPIC, CHANGED_TOPIC, DEAD_LETTER_TOPIC);
        }
    }

    /**
     * Test instrumentation in the hub's database, not part of the hub: a row-level trigger
     * that logs every write the replica's upsert actually makes (an insert, or an update its
     * version guard let through), in the same transaction. A (USCC, version) logged twice
     * was applied twice.
     */
    private static void installAppliedLog(JdbcTemplate db) {
        db.execute("""
                create table fault_it_applied (
                    id             bigserial   primary key,
                    uscc           varchar(18) not null,
                    source_version bigint      not null,
                    op             text        not null,
                    at             timestamptz not null default clock_timestamp())
                """);
        db.execute("""
                create function fault_it_log_applied() returns trigger language plpgsql as $$
                begin
                    insert into fault_it_applied (uscc, source_version, op) values (new.uscc, new.source_version, tg_op);
                    return null;
                end $$
                """);
        db.execute("create trigger fault_it_applied after insert or update on enterprise for each row execute function fault_it_log_applied()");
    }

    private static Path buildDir() throws Exception {
        // .../<build dir>/test-classes
        Path testClasses = Path.of(IngestionUnderFaultsIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return testClasses.getParent();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    /** CPU used so far by the hubs (together), the broker and PostgreSQL. */
    private Duration[] cpu() {
        return new Duration[] {hubs.stream().map(HubProcess::cpu).reduce(Duration.ZERO, Duration::plus), broker.cpu(), postgres.cpu()};
    }

    private static double secs(Duration from, Duration to) {
        return Math.max(0, to.minus(from).toMillis() / 1000.0);
    }

    private static String secs(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private void printFigures(Path work) throws IOException {
        StringBuilder out = new StringBuilder("\nIngestion under faults (issue 5): figures\n");
        int width = figures.keySet().stream().mapToInt(String::length).max().orElse(10);
        figures.forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %-" + width + "s  %s%n", k, v)));
        out.append("  child output: ").append(work).append("\n");
        System.out.println(out);
        Files.writeString(work.resolve("figures.txt"), out.toString(), StandardCharsets.UTF_8);
    }
}
