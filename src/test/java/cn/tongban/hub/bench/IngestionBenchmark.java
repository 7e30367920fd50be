package cn.tongban.hub.bench;

import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import cn.tongban.hub.TongbanHubApplication;
import cn.tongban.hub.audit.AuditKeys;
import cn.tongban.hub.audit.SignatureAlgorithm;
import cn.tongban.hub.crosswalk.InMemoryCrosswalk;
import cn.tongban.hub.demo.data.MarketRegulationEvent;
import cn.tongban.hub.identifiers.OrganizationCode;
import cn.tongban.hub.identifiers.Uscc;
import cn.tongban.hub.mapping.CodeLists;
import cn.tongban.hub.mapping.MappedRecord;
import cn.tongban.hub.mapping.Mappings;
import cn.tongban.hub.registry.EnterpriseReplicaRepository;
import cn.tongban.hub.registry.ReplicaEnterprise;
import cn.tongban.hub.sources.marketregulation.MarketRegulationEventMapper;

/**
 * Benchmark 3 of issue 8 (not a test; a main class): market-regulation ingestion from the
 * topic into the PostgreSQL replica, next to the raw write limit of the same rows, in one run.
 *
 * <ol>
 *   <li>Starts PostgreSQL (zonky, the demo's settings: fsync on, shared_buffers 64MB) with the
 *       hub's migrations and an in-process KRaft broker (the demo's: 3 partitions).</li>
 *   <li>Produces {@code --events} change events (default 1,000,000: {@code --enterprises}
 *       enterprises, each in increasing versions; keyed by USCC) before any consumer runs,
 *       timed on its own.</li>
 *   <li>Raw limit: the replica rows of the first {@code --raw-events} events (default 100,000; mapped before the
 *       clock starts, so no Kafka and no mapping in the timed part) written into the hub's own
 *       {@code enterprise} table with the hub's own upsert statement, as JDBC batches
 *       ({@code reWriteBatchedInserts}, one commit per batch) and as COPY into a staging table
 *       plus one {@code INSERT ... SELECT ... ON CONFLICT} per batch. {@code --raw-reps} each.</li>
 *   <li>The hub (profile prod, in this JVM) with a fresh consumer group on the backlog: events/s
 *       from topic to replica, counted by committed offsets, until every offset is committed and
 *       the replica holds every enterprise at its last version, or for {@code --hub-seconds} at
 *       most; the run is cut into {@code --hub-windows} equal windows (the repetitions), and
 *       {@code --hub-runs} runs (each on a truncated replica and a new group). A flight recording
 *       and a wall-clock sampler of the consumer thread say where the time goes.</li>
 * </ol>
 *
 * <p>Other options: {@code --hub-props k=v,k=v} (hub properties, for configuration experiments),
 * {@code --hub-warmup S} (15), {@code --jfr false}. Writes {@code target/bench/ingestion.json}.
 */
public final class IngestionBenchmark {

    private static final String EVENTS_TOPIC = "market-regulation.enterprise-events";
    private static final String CHANGED_TOPIC = "hub.enterprise.changed";
    private static final String DEAD_LETTER_TOPIC = "hub.dead-letter";
    private static final double TARGET_RATE = 20_000;
    private static final double TARGET_SHARE_OF_RAW = 0.5;
    private static final Instant BASE = Instant.parse("2025-03-03T02:00:00Z");

    private IngestionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = args(args);
        int events = Integer.parseInt(a.getOrDefault("events", "1000000"));
        int enterprises = Integer.parseInt(a.getOrDefault("enterprises", "100000"));
        int partitions = Integer.parseInt(a.getOrDefault("partitions", "3"));
        int rawEvents = Math.min(events, Integer.parseInt(a.getOrDefault("raw-events", "100000")));
        int rawReps = Integer.parseInt(a.getOrDefault("raw-reps", "3"));
        int rawBatch = Integer.parseInt(a.getOrDefault("raw-batch", "1000"));
        int hubSeconds = Integer.parseInt(a.getOrDefault("hub-seconds", "90"));
        int hubWindows = Integer.parseInt(a.getOrDefault("hub-windows", "3"));
        int hubWarmup = Integer.parseInt(a.getOrDefault("hub-warmup", "15"));
        int hubRuns = Integer.parseInt(a.getOrDefault("hub-runs", "1"));
        boolean jfr = Boolean.parseBoolean(a.getOrDefault("jfr", "true"));
        // Extra hub properties, e.g. --hub-props camel.component.kafka.consumers-count=3 (configuration experiments).
        Map<String, Object> hubProps = new LinkedHashMap<>();
        for (String kv : a.getOrDefault("hub-props", "").split(",")) {
            if (kv.contains("=")) {
                hubProps.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
            }
        }
        if (events % enterprises != 0 || rawBatch > enterprises) {
            throw new IllegalArgumentException("--events must be a multiple of --enterprises, and --raw-batch at most --enterprises");
        }
        int versions = events / enterprises;
        quietLogs();
        Path work = Files.createTempDirectory("tongban-ingestion-bench");
        List<String> notes = new ArrayList<>();
        long wallStart = System.nanoTime();

        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("shared_buffers", "64MB")
                .setServerConfig("max_connections", "100")
                .setServerConfig("fsync", "on")
                .setPGStartupWait(Duration.ofSeconds(60)).start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("create database hub");
            }
            String jdbcUrl = pg.getJdbcUrl("postgres", "hub").replace("localhost", "127.0.0.1");
            Flyway.configure().dataSource(jdbcUrl, "postgres", "").locations("classpath:db/migration").load().migrate();

            EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, partitions);
            kafka.brokerProperties(Map.of("auto.create.topics.enable", "false", "group.initial.rebalance.delay.ms", "0",
                    "offsets.topic.num.partitions", "3"));
            kafka.afterPropertiesSet();
            try {
                kafka.addTopics(new NewTopic(EVENTS_TOPIC, partitions, (short) 1), new NewTopic(CHANGED_TOPIC, partitions, (short) 1),
                        new NewTopic(DEAD_LETTER_TOPIC, 1, (short) 1));
                String brokers = kafka.getBrokersAsString();
                Events gen = new Events(enterprises, versions);

                // ------------------------------------------------------------ produce
                double produceRate = produce(brokers, gen, events);
                System.out.printf(Locale.ROOT, "produced %,d events (%d enterprises x %d versions) in the topic: %,.0f events/s%n",
                        events, enterprises, versions, produceRate);

                // ------------------------------------------------------------ raw limit
                Raw raw = new Raw(jdbcUrl, gen, rawEvents, rawBatch);
                double[] rawBytes = null;
                double[] rawInsert = new double[rawReps];
                double[] rawCopy = new double[rawReps];
                for (int r = 0; r < rawReps; r++) {
                    rawInsert[r] = raw.run(false);
                    rawCopy[r] = raw.run(true);
                    rawBytes = recordBytes(jdbcUrl);
                    System.out.printf(Locale.ROOT, "raw rep %d: batched INSERT ... ON CONFLICT %,.0f rows/s, COPY + INSERT ... SELECT ON CONFLICT %,.0f rows/s%n",
                            r + 1, rawInsert[r], rawCopy[r]);
                }

                // ------------------------------------------------------------ the hub
                List<Double> hubValues = new ArrayList<>();
                List<HubRun> runs = new ArrayList<>();
                for (int r = 0; r < hubRuns; r++) {
                    truncate(jdbcUrl);
                    HubRun run = runHub(jdbcUrl, brokers, work, "bench-ingestion-" + r, events, enterprises, versions, hubSeconds,
                            hubWarmup, hubWindows, jfr && r == 0, hubProps);
                    runs.add(run);
                    for (double w : run.windowRates) {
                        hubValues.add(w);
                    }
                    System.out.printf(Locale.ROOT, "hub run %d: %,d events applied to the replica in %.1f s (%,d offsets committed): %,.0f events/s; windows %s; replica rows %,d (complete: %s)%n",
                            r + 1, run.applied, run.seconds, run.committed, run.rate, Arrays.toString(run.windowRates), run.replicaRows, run.complete);
                }

                // ------------------------------------------------------------ result
                double[] hub = hubValues.stream().mapToDouble(Double::doubleValue).toArray();
                double hubMedian = BenchResult.median(hub);
                double insertMedian = BenchResult.median(rawInsert);
                double copyMedian = BenchResult.median(rawCopy);
                double rawLimit = Math.max(insertMedian, copyMedian);
                double share = hubMedian / rawLimit;
                boolean met = hubMedian >= TARGET_RATE && share >= TARGET_SHARE_OF_RAW;
                HubRun first = runs.get(0);
                String command = "java -Xmx2g -cp target/test-classes:target/classes:$(cat target/classpath.txt) "
                        + "cn.tongban.hub.bench.IngestionBenchmark --events " + events + " --raw-events " + rawEvents
                        + " --raw-reps " + rawReps + " --hub-seconds " + hubSeconds + " --hub-warmup " + hubWarmup + " --hub-windows " + hubWindows
                        + " --hub-runs " + hubRuns + (hubProps.isEmpty() ? "" : " --hub-props " + a.get("hub-props"));
                BenchResult out = new BenchResult("ingestion", "Ingestion: topic to replica", command, "events/s",
                        true, hub.length);
                out.row("hub (mapped, keyed, upserted, published, committed)", false, hub, ordered(
                        "events_applied", (double) runs.stream().mapToLong(x -> x.applied).sum(),
                        "offsets_committed", (double) runs.stream().mapToLong(x -> x.committed).sum(),
                        "seconds", runs.stream().mapToDouble(x -> x.seconds).sum(),
                        "whole_run_events_per_s", first.rate,
                        "replica_rows_after", (double) first.replicaRows,
                        "record_jsonb_bytes_avg", first.recordBytes[0],
                        "record_text_bytes_avg", first.recordBytes[1]));
                Map<String, Double> rawExtra = new LinkedHashMap<>();
                rawExtra.put("rows", (double) rawEvents);
                rawExtra.put("record_jsonb_bytes_avg", rawBytes[0]);
                rawExtra.put("record_text_bytes_avg", rawBytes[1]);
                out.row("raw batched INSERT ... ON CONFLICT (batch " + rawBatch + ")", true, rawInsert, rawExtra);
                out.row("raw COPY + INSERT ... SELECT ON CONFLICT (batch " + rawBatch + ")", true, rawCopy, rawExtra);
                out.row("producing the events into the topic (timed apart)", false, new double[] {produceRate}, null);
                out.ratio("hub / raw limit", share);
                out.ratio("hub / raw batched INSERT", hubMedian / insertMedian);
                out.ratio("hub / raw COPY", hubMedian / copyMedian);
                out.target(">= 20,000 events/s and >= 50% of raw", met,
                        met ? "met" : String.format(Locale.ROOT, "%.3fx of 20,000 events/s; %.1f%% of raw (target 50%%)",
                                hubMedian / TARGET_RATE, 100 * share));
                out.note(String.format(Locale.ROOT, "%,d events (%,d enterprises x %d versions, keyed by USCC, %d partitions) were "
                        + "produced before the hub started, at %,.0f events/s (timed apart, not part of any figure below).",
                        events, enterprises, versions, partitions, produceRate));
                boolean bounded = runs.stream().anyMatch(x -> !x.complete);
                out.note(bounded
                        ? String.format(Locale.ROOT, "Bounded run: at this rate the %,d events would take %.0f minutes, so the hub "
                                + "consumed for %d s; the repetitions are %d equal consecutive windows of the run after its first %.0f s "
                                + "(warm-up; %d run(s)), each counted "
                                + "as events applied to the replica (every upsert commits on its own; with each enterprise's versions in "
                                + "order that is the sum of the replica's versions, sampled every second). Offsets, committed once per "
                                + "partition and poll of up to 500 records, trail by at most one poll: %,d committed at the end. The "
                                + "replica then held %,d rows.",
                                events, events / Math.max(first.rate, 1) / 60, hubSeconds, hubWindows, first.warmupSeconds, hubRuns,
                                first.committed,
                                first.replicaRows)
                        : String.format(Locale.ROOT, "Complete run: every offset committed and the replica held all %,d enterprises at "
                                + "version %d; the repetitions are %d equal consecutive windows of the run after its first %.0f s (warm-up).",
                                enterprises, versions, hubWindows, first.warmupSeconds));
                out.note(String.format(Locale.ROOT, "Raw limit: the replica rows of the first %,d events (the hub's own upsert "
                        + "statement, into the hub's own table, truncated before each repetition; rows mapped before the clock "
                        + "starts), one connection, one commit per batch of %d, %d repetitions each. The hub also asserts a "
                        + "crosswalk link and publishes a canonical change event per event, which the raw rows do not. Same rows: "
                        + "the record column averages %.0f bytes stored (%.0f as text) after the raw runs and %.0f (%.0f) after "
                        + "the hub's.", rawEvents, rawBatch, rawReps, rawBytes[0], rawBytes[1], first.recordBytes[0], first.recordBytes[1]));
                notes.addAll(first.profile);
                notes.forEach(out::note);
                out.chart("bar", "", "events/s (median)", List.of("hub", "raw INSERT ON CONFLICT", "raw COPY"),
                        Map.of("events/s (median)", List.of(hubMedian, insertMedian, copyMedian)));
                out.write(BenchSupport.OUT);
                System.out.printf(Locale.ROOT, "hub median %,.0f events/s; raw INSERT %,.0f, COPY %,.0f rows/s; hub / raw limit %.3f; "
                        + "target %s; total %.0f s%n", hubMedian, insertMedian, copyMedian, share, met ? "met" : "missed",
                        (System.nanoTime() - wallStart) / 1e9);
                notes.forEach(n -> System.out.println("  " + n));
            } finally {
                kafka.destroy();
            }
        } finally {
            deleteRecursively(work);
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------- the events

    /**
     * Event {@code k} is enterprise {@code k mod E} at version {@code k / E + 1}: every
     * enterprise's versions arrive in order, so every event changes the replica (as in a
     * steady stream of registrations and changes); any {@code E} consecutive events have
     * distinct keys.
     */
    static final class Events {
        final int enterprises;
        final int versions;
        private final String[] usccs;

        Events(int enterprises, int versions) {
            this.enterprises = enterprises;
            this.versions = versions;
            usccs = new String[enterprises];
            for (int i = 0; i < enterprises; i++) {
                String body8 = String.format(Locale.ROOT, "M%07d", i);
                String first17 = "91990100" + body8 + OrganizationCode.checkCharacter(body8);
                usccs[i] = first17 + Uscc.checkCharacter(first17);
            }
        }

        String key(long k) {
            return usccs[(int) (k % enterprises)];
        }

        String body(long k) {
            int i = (int) (k % enterprises);
            int v = (int) (k / enterprises) + 1;
            String uscc = usccs[i];
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("uniscid", uscc);
            p.put("regno", null);
            p.put("entname", "基准测试" + i + "第" + v + "版科技有限公司");
            p.put("enttype", v % 3 == 0 ? "有限责任公司(自然人投资或控股)" : "1130");
            p.put("lerep", "代表" + i);
            p.put("regcap", 100 * v);
            p.put("regcapcur", "人民币");
            p.put("estdate", "20200501");
            p.put("apprdate", String.format(Locale.ROOT, "2025-%02d-01", 1 + (v - 1) % 12));
            p.put("opfrom", "2020-05-01");
            p.put("opto", null);
            p.put("opscope", "软件开发；信息技术咨询服务；数据处理和存储支持服务");
            p.put("regorg", "测试市市场监督管理局");
            p.put("regstate", v == versions ? "存续" : "1");
            p.put("dom", "测试市基准路" + (i % 997) + "号" + v + "室");
            return MarketRegulationEvent.of("bench-" + uscc + "-v" + v, v, BASE.plus(Duration.ofDays(v)), p).toJson();
        }
    }

    private static double produce(String brokers, Events gen, int events) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        AtomicLong failed = new AtomicLong();
        long t0 = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (long k = 0; k < events; k++) {
                producer.send(new ProducerRecord<>(EVENTS_TOPIC, gen.key(k), gen.body(k)), (m, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
        double rate = events / ((System.nanoTime() - t0) / 1e9);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " events could not be produced");
        }
        return rate;
    }

    // ---------------------------------------------------------------- raw limit

    /** The replica rows written without Kafka or mapping in the timed part. */
    static final class Raw {
        private static final String COLUMNS = "uscc, uscc_check_valid, registration_no, organization_code, name, "
                + "source_version, source_event_id, source_changed_at, record, flags";
        private final String url;
        private final Events gen;
        private final int events;
        private final int batch;
        private final MarketRegulationEventMapper mapper;
        private final ObjectMapper json;
        private final String upsert;
        private final String onConflict;
        private final Instant fetchedAt = Instant.now();

        Raw(String url, Events gen, int events, int batch) throws Exception {
            this.url = url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
            this.gen = gen;
            this.events = events;
            this.batch = batch;
            // Close to Spring Boot's ObjectMapper (java.time as ISO text, nulls left out), which writes the hub's rows.
            this.json = JsonMapper.builder().findAndAddModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .serializationInclusion(JsonInclude.Include.NON_NULL).build();
            CodeLists codeLists = CodeLists.load(Path.of("mappings", "codelists"));
            this.mapper = new MarketRegulationEventMapper(json, Mappings.load(Path.of("mappings"), codeLists));
            // The hub's own statement, so that the raw rows meet the same constraint, indexes and version check.
            var field = EnterpriseReplicaRepository.class.getDeclaredField("UPSERT");
            field.setAccessible(true);
            this.upsert = (String) field.get(null);
            this.onConflict = upsert.substring(upsert.indexOf("on conflict"));
        }

        private ReplicaEnterprise row(long k) {
            MappedRecord r = mapper.map(mapper.parse(gen.body(k)), fetchedAt, new InMemoryCrosswalk());
            return MarketRegulationEventMapper.toReplica(r);
        }

        /** Rows per second, counting only the database calls. */
        double run(boolean copy) throws Exception {
            truncateVia(url);
            long dbNanos = 0;
            try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
                c.setAutoCommit(false);
                if (copy) {
                    try (Statement s = c.createStatement()) {
                        s.execute("create temp table enterprise_stage (like enterprise including defaults) on commit delete rows");
                    }
                    c.commit();
                }
                var copyApi = c.unwrap(PGConnection.class).getCopyAPI();
                try (PreparedStatement ps = c.prepareStatement(upsert);
                     PreparedStatement merge = c.prepareStatement("insert into enterprise (" + COLUMNS + ") select " + COLUMNS
                             + " from enterprise_stage " + onConflict)) {
                    for (long from = 0; from < events; from += batch) {
                        long to = Math.min(events, from + batch);
                        List<ReplicaEnterprise> rows = new ArrayList<>(batch);
                        List<String[]> jsonCols = new ArrayList<>(batch);
                        for (long k = from; k < to; k++) {
                            ReplicaEnterprise e = row(k);
                            rows.add(e);
                            jsonCols.add(new String[] {json.writeValueAsString(e.fields()), json.writeValueAsString(e.flags())});
                        }
                        String csv = copy ? csv(rows, jsonCols) : null;
                        long t0 = System.nanoTime();
                        if (copy) {
                            copyApi.copyIn("copy enterprise_stage (" + COLUMNS + ") from stdin (format csv)", new StringReader(csv));
                            merge.executeUpdate();
                        } else {
                            for (int i = 0; i < rows.size(); i++) {
                                ReplicaEnterprise e = rows.get(i);
                                ps.setString(1, e.uscc());
                                ps.setBoolean(2, e.usccCheckValid());
                                ps.setString(3, e.registrationNumber());
                                ps.setString(4, e.organizationCode());
                                ps.setString(5, e.name());
                                ps.setLong(6, e.sourceVersion());
                                ps.setString(7, e.sourceEventId());
                                ps.setTimestamp(8, e.sourceChangedAt() == null ? null : Timestamp.from(e.sourceChangedAt()));
                                ps.setString(9, jsonCols.get(i)[0]);
                                ps.setString(10, jsonCols.get(i)[1]);
                                ps.addBatch();
                            }
                            ps.executeBatch();
                        }
                        c.commit();
                        dbNanos += System.nanoTime() - t0;
                    }
                }
            }
            return events / (dbNanos / 1e9);
        }

        private static String csv(List<ReplicaEnterprise> rows, List<String[]> jsonCols) {
            StringBuilder b = new StringBuilder(rows.size() * 3000);
            for (int i = 0; i < rows.size(); i++) {
                ReplicaEnterprise e = rows.get(i);
                q(b, e.uscc()).append(',').append(e.usccCheckValid()).append(',');
                q(b, e.registrationNumber()).append(',');
                q(b, e.organizationCode()).append(',');
                q(b, e.name()).append(',').append(e.sourceVersion()).append(',');
                q(b, e.sourceEventId()).append(',');
                q(b, e.sourceChangedAt() == null ? null : e.sourceChangedAt().toString()).append(',');
                q(b, jsonCols.get(i)[0]).append(',');
                q(b, jsonCols.get(i)[1]).append('\n');
            }
            return b.toString();
        }

        private static StringBuilder q(StringBuilder b, String s) {
            if (s == null) {
                return b;
            }
            return b.append('"').append(s.replace("\"", "\"\"")).append('"');
        }
    }

    private static void truncate(String jdbcUrl) throws Exception {
        truncateVia(jdbcUrl);
    }

    private static void truncateVia(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("truncate enterprise, crosswalk");
            s.execute("checkpoint");
        }
    }

    // ---------------------------------------------------------------- the hub

    static final class HubRun {
        long committed;
        long applied;
        double seconds;
        double rate;
        double[] windowRates;
        long replicaRows;
        double[] recordBytes;
        double warmupSeconds;
        boolean complete;
        List<String> profile = new ArrayList<>();
    }

    private static HubRun runHub(String jdbcUrl, String brokers, Path work, String group, int events, int enterprises, int versions,
                                 int maxSeconds, int warmupSeconds, int windows, boolean profile, Map<String, Object> extra)
            throws Exception {
        AuditKeys.PemPair keys = AuditKeys.generate(SignatureAlgorithm.ED25519);
        Map<String, Object> props = new HashMap<>();
        props.put("HUB_DB_URL", jdbcUrl);
        props.put("HUB_DB_USER", "postgres");
        props.put("HUB_DB_PASSWORD", "");
        props.put("HUB_KAFKA_BROKERS", brokers);
        props.put("HUB_KAFKA_GROUP", group);
        props.put("HUB_TOPIC_MR_EVENTS", EVENTS_TOPIC);
        props.put("HUB_TOPIC_ENTERPRISE_CHANGED", CHANGED_TOPIC);
        props.put("HUB_TOPIC_DEAD_LETTER", DEAD_LETTER_TOPIC);
        // Pull silos: nothing listens there; only the pushed silo is driven.
        props.put("HUB_PS_URL", "http://127.0.0.1:9");
        props.put("HUB_PS_APP_KEY", "bench");
        props.put("HUB_PS_APP_SECRET", "bench-secret");
        props.put("HUB_SI_JDBC_URL", "jdbc:h2:tcp://127.0.0.1:9/mem:none");
        props.put("HUB_SI_USER", "none");
        props.put("HUB_SI_PASSWORD", "none");
        props.put("HUB_SI_SYNC_ENABLED", "false");
        props.put("HUB_CA_URL", "http://127.0.0.1:9");
        props.put("HUB_CA_APP_ID", "bench");
        props.put("HUB_CA_TOKEN", "bench-token");
        props.put("HUB_AUDIT_SIGNING_KEY", keys.signingKey());
        props.put("HUB_AUDIT_VERIFY_KEY", keys.verifyKey());
        props.put("HUB_AUDIT_ARCHIVE_DIR", work.resolve("audit-archive").toString());
        props.put("server.port", "0");
        props.put("management.server.port", "0");
        props.put("logging.level.root", "WARN");
        props.put("spring.main.banner-mode", "off");
        props.putAll(extra);
        SpringApplication app = new SpringApplication(TongbanHubApplication.class);
        app.setAdditionalProfiles("prod");
        app.setDefaultProperties(props);

        HubRun run = new HubRun();
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        try (Admin admin = Admin.create(ap)) {
            Recording recording = null;
            WallSampler sampler = profile ? new WallSampler("KafkaConsumer[" + EVENTS_TOPIC + "]") : null;
            // {nanos, committed offsets, events applied to the replica}. Offsets are committed once per
            // partition and poll (up to 500 records), so they move in steps; every upsert commits on its
            // own, and with each enterprise's versions in order the events applied so far are the sum of
            // the replica's versions: the windows are counted on that.
            List<long[]> samples = new ArrayList<>();
            long tReady;
            try (ConfigurableApplicationContext ctx = app.run()) {
                tReady = System.nanoTime();
                if (profile) {
                    recording = new Recording(Configuration.getConfiguration("profile"));
                    recording.start();
                    sampler.start();
                }
                samples.add(new long[] {tReady, committed(admin, group), applied(jdbcUrl)});
                // A sample a second until every event is applied and committed, or the run's time bound.
                try {
                    await().pollDelay(Duration.ofSeconds(1)).pollInterval(Duration.ofSeconds(1))
                            .atMost(Duration.ofSeconds(maxSeconds)).pollInSameThread().until(() -> {
                                long done = committed(admin, group);
                                long applied = applied(jdbcUrl);
                                samples.add(new long[] {System.nanoTime(), done, applied});
                                return done >= events && applied >= events && replicaComplete(jdbcUrl, enterprises, versions);
                            });
                    run.complete = true;
                } catch (ConditionTimeoutException bounded) {
                    // The time bound: the rate is counted from what was applied until then.
                }
                if (profile) {
                    sampler.stop();
                    recording.stop();
                }
                run.replicaRows = count(jdbcUrl);
                run.recordBytes = recordBytes(jdbcUrl);
            }
            long[] first = samples.get(0);
            long[] last = samples.get(samples.size() - 1);
            run.committed = last[1];
            run.applied = last[2] - first[2];
            run.seconds = (last[0] - tReady) / 1e9;
            run.rate = run.applied / run.seconds;
            // The windows leave out the first seconds (JIT warm-up, the group join), at most a fifth of the run.
            long from = tReady + Math.min(warmupSeconds * 1_000_000_000L, (last[0] - tReady) / 5);
            run.warmupSeconds = (from - tReady) / 1e9;
            run.windowRates = new double[windows];
            for (int w = 0; w < windows; w++) {
                long ws = from + (long) ((last[0] - from) * (double) w / windows);
                long we = from + (long) ((last[0] - from) * (double) (w + 1) / windows);
                long[] s0 = at(samples, ws);
                long[] s1 = at(samples, we);
                run.windowRates[w] = (s1[2] - s0[2]) / Math.max((s1[0] - s0[0]) / 1e9, 1e-9);
            }
            if (profile) {
                Path file = BenchSupport.OUT.resolve("ingestion-hub.jfr");
                Files.createDirectories(file.getParent());
                recording.dump(file);
                recording.close();
                run.profile.add(sampler.summary());
                run.profile.add(jfrSummary(file));
            }
        }
        return run;
    }

    /** The sample taken last at or before {@code t}. */
    private static long[] at(List<long[]> samples, long t) {
        long[] best = samples.get(0);
        for (long[] s : samples) {
            if (s[0] <= t) {
                best = s;
            }
        }
        return best;
    }

    private static long committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(EVENTS_TOPIC) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static boolean replicaComplete(String url, int enterprises, int versions) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from enterprise where source_version = " + versions)) {
            rs.next();
            return rs.getLong(1) == enterprises;
        }
    }

    /** Average stored size of the record column (jsonb, after compression) and of its text: the rows' weight. */
    static double[] recordBytes(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select coalesce(avg(pg_column_size(record)), 0), coalesce(avg(octet_length(record::text)), 0) "
                     + "from (select record from enterprise limit 5000) r")) {
            rs.next();
            return new double[] {rs.getDouble(1), rs.getDouble(2)};
        }
    }

    private static long applied(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select coalesce(sum(source_version), 0) from enterprise")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from enterprise")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---------------------------------------------------------------- where the time goes

    /**
     * Wall-clock profile of the route's consumer thread: its stack every 5 ms, each sample put
     * in the first category whose frame it holds (blocked and waiting time included, which
     * CPU samples do not show).
     */
    static final class WallSampler {
        private static final String[][] CATEGORIES = {
                {"sending the change event (Camel KafkaProducer)", "org.apache.camel.component.kafka.KafkaProducer"},
                {"waiting for the change event's ack (the route then commits on the producer's callback thread)", "AsyncProcessorAwaitManager.await"},
                {"offset commit", "cn.tongban.hub.sources.KafkaOffsets.commit"},
                {"replica upsert (one JDBC statement, autocommit)", "EnterpriseReplicaRepository.upsert"},
                {"replica version read", "EnterpriseReplicaRepository.versionOf"},
                {"crosswalk links (JDBC batch)", "crosswalk.JdbcCrosswalk.assertLinks"},
                {"crosswalk read (key resolution)", "crosswalk.JdbcCrosswalk"},
                {"parse + map", "MarketRegulationEventMapper"},
                {"change-event JSON", "MarketRegulationIngest.changeEvent"},
                {"rest of the ingest step", "MarketRegulationIngest.ingest"},
                {"Kafka poll (waiting for records)", "org.apache.kafka.clients.consumer"},
        };
        private final String threadMarker;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-wall-sampler");
            t.setDaemon(true);
            return t;
        });
        private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        private long[] ids = new long[0];
        private long nextScan;
        private final Map<String, Long> counts = new ConcurrentHashMap<>();
        private final Map<String, Long> topFrames = new ConcurrentHashMap<>();
        private final Map<String, Long> otherFrames = new ConcurrentHashMap<>();
        private long total;

        WallSampler(String threadMarker) {
            this.threadMarker = threadMarker;
        }

        void start() {
            timer.scheduleAtFixedRate(this::tick, 0, 5, TimeUnit.MILLISECONDS);
        }

        void stop() throws InterruptedException {
            timer.shutdown();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }

        /** One sample of the consumer threads' stacks, every 5 ms on the timer's one thread. */
        private void tick() {
            if (ids.length == 0 && System.nanoTime() >= nextScan) {
                // Found once by name (the route's consumer threads), then sampled by id: cheap.
                ids = Arrays.stream(mx.dumpAllThreads(false, false, 0)).filter(t -> t.getThreadName().contains(threadMarker))
                        .mapToLong(ThreadInfo::getThreadId).toArray();
                nextScan = System.nanoTime() + 1_000_000_000L;
            }
            for (ThreadInfo info : ids.length == 0 ? new ThreadInfo[0] : mx.getThreadInfo(ids, 200)) {
                if (info != null) {
                    sample(info);
                }
            }
        }

        private void sample(ThreadInfo info) {
            StackTraceElement[] stack = info.getStackTrace();
            String category = "other (Camel routing, Kafka record handling)";
            outer:
            for (String[] c : CATEGORIES) {
                for (StackTraceElement f : stack) {
                    if ((f.getClassName() + "." + f.getMethodName()).contains(c[1])) {
                        category = c[0];
                        break outer;
                    }
                }
            }
            counts.merge(category, 1L, Long::sum);
            if (category.startsWith("other")) {
                for (StackTraceElement f : stack) {
                    if (f.getClassName().startsWith("org.apache.") || f.getClassName().startsWith("cn.tongban.")) {
                        otherFrames.merge(f.getClassName() + "." + f.getMethodName(), 1L, Long::sum);
                        break;
                    }
                }
            }
            if (stack.length > 0) {
                topFrames.merge(stack[0].getClassName() + "." + stack[0].getMethodName() + " (" + info.getThreadState() + ")", 1L, Long::sum);
            }
            total++;
        }

        String summary() {
            if (total == 0) {
                return "Wall-clock profile of the consumer thread: no samples (thread not found).";
            }
            String cats = counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100.0 * e.getValue() / total))
                    .collect(Collectors.joining("; "));
            String tops = topFrames.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                    .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100.0 * e.getValue() / total))
                    .collect(Collectors.joining("; "));
            String others = otherFrames.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                    .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100.0 * e.getValue() / total))
                    .collect(Collectors.joining("; "));
            return String.format(Locale.ROOT, "Where the time goes (wall clock of the route's consumer thread, %d stack samples every 5 ms): %s. "
                    + "Top frames: %s. In \"other\", the innermost Camel/Kafka/hub frame: %s.", total, cats, tops, others);
        }
    }

    /** The hottest methods of the recording's CPU samples (self, all threads) and the hub frames they ran under. */
    private static String jfrSummary(Path file) throws Exception {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> hubInclusive = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            jdk.jfr.consumer.RecordedThread thread = e.getThread("sampledThread");
            String threadName = thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName();
            if (st == null || st.getFrames().isEmpty() || threadName.equals("bench-wall-sampler")) {
                continue;
            }
            total++;
            threads.merge(threadName.replaceAll("\\d+", "#"), 1L, Long::sum);
            self.merge(frame(st.getFrames().get(0)), 1L, Long::sum);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (RecordedFrame f : st.getFrames()) {
                String name = frame(f).replace("$$SpringCGLIB$$0", "");
                if (name.startsWith("cn.tongban.hub.") && !name.startsWith("cn.tongban.hub.bench.") && seen.add(name)) {
                    hubInclusive.merge(name, 1L, Long::sum);
                }
            }
        }
        long n = Math.max(total, 1);
        String top = self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .map(x -> String.format(Locale.ROOT, "%s %.1f%%", x.getKey(), 100.0 * x.getValue() / n)).collect(Collectors.joining("; "));
        String hub = hubInclusive.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .map(x -> String.format(Locale.ROOT, "%s %.1f%%", x.getKey(), 100.0 * x.getValue() / n)).collect(Collectors.joining("; "));
        String byThread = threads.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .map(x -> String.format(Locale.ROOT, "%s %.1f%%", x.getKey(), 100.0 * x.getValue() / n)).collect(Collectors.joining("; "));
        return String.format(Locale.ROOT, "JFR (profile settings, %d CPU samples of the JVM's threads during the hub run, the in-process "
                + "broker's included; PostgreSQL is another process; file target/bench/ingestion-hub.jfr): by thread %s. Top frames "
                + "(self): %s. Hub frames (inclusive): %s.", total, byThread, top, hub);
    }

    private static String frame(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    // ---------------------------------------------------------------- plumbing

    private static Map<String, Double> ordered(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    private static Map<String, String> args(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        return m;
    }

    private static void quietLogs() {
        for (String name : List.of("org.apache.kafka", "kafka", "state.change.logger", "org.apache.zookeeper", "io.zonky",
                "org.flywaydb", "org.springframework.kafka")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name)).setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
