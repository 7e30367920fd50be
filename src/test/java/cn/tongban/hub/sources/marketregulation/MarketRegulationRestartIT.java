package cn.tongban.hub.sources.marketregulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.tongban.hub.demo.data.MarketRegulationEvent;
import cn.tongban.hub.identifiers.Uscc;
import cn.tongban.hub.registry.EnterpriseReplicaRepository;
import cn.tongban.hub.registry.ReplicaEnterprise;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * At-least-once without duplicates or regressions across a consumer restart (DESIGN.md
 * "Delivery"): a burst of change events for the test's own enterprises, several versions
 * each, shuffled so that older versions arrive after newer ones, with exact re-deliveries,
 * is consumed while the {@code market-regulation} route is stopped and started again in
 * the middle. Once the topic is drained, every enterprise holds its newest version, and the
 * canonical change events published per USCC are exactly the versions that were news
 * when they arrived, in increasing order.
 */
@HubIntegrationTest
class MarketRegulationRestartIT {

    private static final String ROUTE = "market-regulation";
    private static final int ENTERPRISES = 800;
    private static final int VERSIONS = 4;
    /** Exact re-deliveries added per enterprise (same event id and body as an earlier one). */
    private static final int REDELIVERIES = 1;
    /** Share of the burst consumed (committed) before the route is stopped. */
    private static final double STOP_AFTER = 0.3;
    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final Logger log = LoggerFactory.getLogger(MarketRegulationRestartIT.class);

    @Autowired
    CamelContext camel;

    @Autowired
    EnterpriseReplicaRepository replica;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ObjectMapper json;

    @Value("${hub.kafka.brokers}")
    String brokers;

    @Value("${hub.kafka.consumer-group}")
    String group;

    @Value("${hub.kafka.topics.market-regulation-events}")
    String eventsTopic;

    @Value("${hub.kafka.topics.enterprise-changed}")
    String changedTopic;

    Admin admin;

    @BeforeEach
    void setUp() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        admin = Admin.create(p);
    }

    @AfterEach
    void tearDown() throws Exception {
        // Whatever happened, other tests share this context and need the route running.
        if (camel.getRouteController().getRouteStatus(ROUTE) != ServiceStatus.Started) {
            camel.getRouteController().startRoute(ROUTE);
        }
        admin.close(Duration.ofSeconds(5));
    }

    @Test
    void restartMidStreamLeavesNewestVersionOnceWithoutRegressionOrLoss() throws Exception {
        long seed = Long.getLong("hub.it.seed", System.currentTimeMillis());
        Random random = new Random(seed);
        String run = "" + ALPHABET.charAt(random.nextInt(ALPHABET.length())) + ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        String usccPrefix = "91990100MA" + run;
        String eventPrefix = "it-restart-" + seed + "-";

        // The demo data set (and any earlier test's events) first, so the burst is what is measured.
        await("the topic drained before the burst").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                .until(() -> lag(endOffsets()) == 0);

        Burst burst = burst(random, usccPrefix, eventPrefix);
        Map<TopicPartition, Long> before = endOffsets();
        publish(burst.events);
        Map<TopicPartition, Long> after = endOffsets();
        long published = total(after) - total(before);
        assertThat(published).as("events on the topic (seed %d)", seed).isEqualTo(burst.events.size());

        // Stop in the middle: after part of the burst is committed, well before all of it is.
        long stopAt = total(before) + Math.round(published * STOP_AFTER);
        await("part of the burst consumed").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> total(committed()) >= stopAt);
        camel.getRouteController().stopRoute(ROUTE);
        assertThat(camel.getRouteController().getRouteStatus(ROUTE)).isEqualTo(ServiceStatus.Stopped);
        long committedAtStop = total(committed());
        assertThat(total(after) - committedAtStop).as("events left when the route stopped (seed %d)", seed).isPositive();
        assertThat(testRows(usccPrefix, true)).as("enterprises at their newest version when the route stopped")
                .isLessThan(ENTERPRISES);

        camel.getRouteController().startRoute(ROUTE);
        await("the topic drained after the restart").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                .until(() -> lag(after) == 0);

        // Every test enterprise once, at its newest version with that version's values.
        assertThat(testRows(usccPrefix, false)).as("rows of the test enterprises").isEqualTo(ENTERPRISES);
        for (Map.Entry<String, Integer> e : burst.newest.entrySet()) {
            String uscc = e.getKey();
            int v = e.getValue();
            ReplicaEnterprise row = replica.findByUscc(uscc).orElseThrow(() -> new AssertionError("missing " + uscc));
            assertThat(row.sourceVersion()).as("version of %s (seed %d)", uscc, seed).isEqualTo(v);
            assertThat(row.sourceEventId()).as("event of %s", uscc).isEqualTo(eventId(eventPrefix, uscc, v));
            assertThat(row.name()).as("name of %s", uscc).isEqualTo(name(uscc, v));
            assertThat(row.fields().get("legalRepresentative").value()).as("legal rep of %s", uscc).isEqualTo(representative(uscc, v));
            assertThat(row.fields().get("address").value()).as("address of %s", uscc).isEqualTo(address(v));
            assertThat(row.fields().get("registrationState").value()).as("state of %s", uscc).isEqualTo(state(v));
            assertThat(row.usccCheckValid()).isTrue();
        }

        // The canonical change events: per USCC exactly the versions that were news on arrival,
        // in increasing order. A regression (an older version applied after a newer one) or a
        // lost publication changes this sequence. A re-delivery of the version the replica
        // holds is published again (at-least-once: it covers a crash between the write and
        // the publication), so repeats of the current version are allowed, nothing else.
        Map<String, List<Long>> publishedVersions = changedVersions(usccPrefix);
        assertThat(publishedVersions.keySet()).as("enterprises with change events").hasSize(ENTERPRISES);
        long applied = 0;
        for (Map.Entry<String, List<Integer>> e : burst.arrivals.entrySet()) {
            List<Long> versions = publishedVersions.get(e.getKey());
            assertThat(versions).as("change events of %s (seed %d)", e.getKey(), seed)
                    .isSortedAccordingTo(Long::compare);
            List<Long> distinct = versions.stream().distinct().toList();
            assertThat(distinct).as("distinct change events of %s (seed %d)", e.getKey(), seed)
                    .containsExactlyElementsOf(newsOnArrival(e.getValue()));
            applied += distinct.size();
        }
        // Outcome counts: APPLIED is what was published; everything else of the burst was
        // UNCHANGED (an older version or a re-delivery), and nothing was quarantined.
        long olderOrRepeated = burst.events.size() - applied;
        assertThat(applied).isBetween((long) ENTERPRISES, (long) ENTERPRISES * VERSIONS);
        assertThat(olderOrRepeated).isGreaterThanOrEqualTo((long) ENTERPRISES * REDELIVERIES);
        Long quarantined = jdbc.queryForObject("select count(*) from quarantine where silo = 'market-regulation' and payload like ?",
                Long.class, "%" + eventPrefix + "%");
        assertThat(quarantined).as("test events quarantined").isZero();
        log.info("Restart burst (seed {}): {} events for {} enterprises, route stopped with {} left, {} applied, {} older or repeated",
                seed, published, ENTERPRISES, total(after) - committedAtStop, applied, olderOrRepeated);
    }

    /** The events of the burst in publication order, with what each enterprise should end up with. */
    private record Burst(List<ProducerRecord<String, String>> events, Map<String, Integer> newest,
                         Map<String, List<Integer>> arrivals) {
    }

    private static Burst burst(Random random, String usccPrefix, String eventPrefix) {
        Map<String, Integer> newest = new LinkedHashMap<>();
        Map<String, List<Integer>> arrivals = new LinkedHashMap<>();
        List<List<ProducerRecord<String, String>>> perEnterprise = new ArrayList<>();
        Instant base = Instant.parse("2025-01-06T02:00:00Z");
        for (int i = 0; i < ENTERPRISES; i++) {
            String first17 = usccPrefix + String.format("%05d", i);
            String uscc = first17 + Uscc.checkCharacter(first17);
            List<Integer> order = new ArrayList<>();
            for (int v = 1; v <= VERSIONS; v++) {
                order.add(v);
            }
            Collections.shuffle(order, random);
            for (int r = 0; r < REDELIVERIES; r++) {
                order.add(random.nextInt(order.size() + 1), order.get(random.nextInt(order.size())));
            }
            // An older version (or a re-delivery) always comes after the newest one, so a
            // consumer that keeps the last event it saw ends up wrong for every enterprise.
            int last = order.size() - 1;
            if (order.get(last) == VERSIONS) {
                for (int j = 0; j < last; j++) {
                    if (order.get(j) != VERSIONS) {
                        Collections.swap(order, j, last);
                        break;
                    }
                }
            }
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            for (int v : order) {
                MarketRegulationEvent event = MarketRegulationEvent.of(eventId(eventPrefix, uscc, v), v,
                        base.plus(Duration.ofDays(30L * v)), payload(uscc, v));
                records.add(new ProducerRecord<>("", uscc, event.toJson()));
            }
            newest.put(uscc, VERSIONS);
            arrivals.put(uscc, order);
            perEnterprise.add(records);
        }
        // Interleave the enterprises at random, keeping each one's own order (Kafka keeps it per key).
        List<ProducerRecord<String, String>> events = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < perEnterprise.size(); i++) {
            for (int k = 0; k < perEnterprise.get(i).size(); k++) {
                slots.add(i);
            }
        }
        Collections.shuffle(slots, random);
        int[] next = new int[perEnterprise.size()];
        for (int i : slots) {
            events.add(perEnterprise.get(i).get(next[i]++));
        }
        return new Burst(events, newest, arrivals);
    }

    /** The versions that were newer than all earlier ones when they arrived. */
    private static List<Long> newsOnArrival(List<Integer> arrivals) {
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

    private static Map<String, Object> payload(String uscc, int v) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("uniscid", uscc);
        p.put("regno", null);
        p.put("entname", name(uscc, v));
        p.put("enttype", "1130");
        p.put("lerep", representative(uscc, v));
        p.put("regcap", 100 * v);
        p.put("regcapcur", "人民币");
        p.put("estdate", "2020-05-01");
        p.put("apprdate", String.format("2025-%02d-01", v));
        p.put("opfrom", "2020-05-01");
        p.put("opto", null);
        p.put("opscope", "软件开发；信息技术咨询服务");
        p.put("regorg", "测试市市场监督管理局");
        p.put("regstate", state(v));
        p.put("dom", address(v));
        return p;
    }

    private static String eventId(String prefix, String uscc, int v) {
        return prefix + uscc + "-v" + v;
    }

    private static String name(String uscc, int v) {
        return "重启测试" + uscc.substring(12, 17) + "第" + v + "版有限公司";
    }

    private static String representative(String uscc, int v) {
        return "代表" + uscc.substring(12, 17) + "-" + v;
    }

    private static String address(int v) {
        return "测试市测试路" + v + "号";
    }

    private static String state(int v) {
        return v == VERSIONS ? "4" : "1";
    }

    private void publish(List<ProducerRecord<String, String>> events) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (ProducerRecord<String, String> e : events) {
                producer.send(new ProducerRecord<>(eventsTopic, e.key(), e.value()));
            }
            producer.flush();
        }
    }

    private long testRows(String usccPrefix, boolean newestOnly) {
        Long n = jdbc.queryForObject("select count(*) from enterprise where uscc like ?"
                + (newestOnly ? " and source_version = " + VERSIONS : ""), Long.class, usccPrefix + "%");
        return n == null ? 0 : n;
    }

    private Set<TopicPartition> partitions() throws Exception {
        return admin.describeTopics(List.of(eventsTopic)).allTopicNames().get().get(eventsTopic).partitions().stream()
                .map(p -> new TopicPartition(eventsTopic, p.partition())).collect(Collectors.toSet());
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
        for (TopicPartition tp : partitions()) {
            latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private Map<TopicPartition, Long> committed() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> c = new HashMap<>();
        offsets.forEach((tp, o) -> {
            if (tp.topic().equals(eventsTopic) && o != null) {
                c.put(tp, o.offset());
            }
        });
        return c;
    }

    private long lag(Map<TopicPartition, Long> ends) throws Exception {
        Map<TopicPartition, Long> c = committed();
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            lag += e.getValue() - c.getOrDefault(e.getKey(), 0L);
        }
        return lag;
    }

    private static long total(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The source versions of the canonical change events per test USCC, in topic order (per key). */
    private Map<String, List<Long>> changedVersions(String usccPrefix) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, List<Long>> versions = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps = consumer.partitionsFor(changedTopic).stream()
                    .map(i -> new TopicPartition(changedTopic, i.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                assertThat(System.nanoTime()).as("read %s to its end within 60 s", changedTopic).isLessThan(deadline);
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() != null && r.key().startsWith(usccPrefix)) {
                        JsonNode event = json.readTree(r.value());
                        assertThat(event.path("uscc").asText()).isEqualTo(r.key());
                        versions.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(event.path("sourceVersion").asLong());
                    }
                }
            }
        }
        return versions;
    }
}
