package cn.tongban.hub.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import cn.tongban.hub.config.HubProperties;
import cn.tongban.hub.ops.metrics.HubMetrics;

/**
 * {@code hub.ingestion.lag{topic}}: how many records the hub's consumer group has not yet
 * committed, summed over the topic's partitions (a partition without a commit counts from its
 * first record, as the consumers start there). Measured on a schedule with the admin client
 * (three small broker requests), not on every scrape: Prometheus scrapes every few seconds
 * from every replica, the lag of the group is the same number seen from each. A round that
 * cannot reach the broker leaves the last values (the broker's own health says why).
 */
@Component
class IngestionLag {

    private static final Logger log = LoggerFactory.getLogger(IngestionLag.class);
    /** Bound of each admin request: the refresh runs on the shared scheduler thread. */
    private static final long TIMEOUT_SECONDS = 5;

    private final Admin admin;
    private final String group;
    private final String consumed;
    private final MultiGauge gauge;
    private volatile Map<String, Long> lastLag = Map.of();

    IngestionLag(Admin hubKafkaAdmin, HubProperties hub, HubMetrics metrics) {
        this.admin = hubKafkaAdmin;
        this.group = hub.kafka().consumerGroup();
        this.consumed = hub.kafka().topic("market-regulation-events");
        this.gauge = MultiGauge.builder(HubMetrics.INGESTION_LAG)
                .description("Records behind on each consumed topic: end offsets minus the consumer group's commits")
                .register(metrics.registry());
    }

    /** The lag per topic of the last round (for tests and the status page). */
    Map<String, Long> lag() {
        return lastLag;
    }

    /** Measures again now (the schedule calls it; so may a test). First round 5 s after start: the backlog shows early. */
    @Scheduled(fixedDelayString = "${hub.metrics.lag-refresh:15s}", initialDelay = 5_000)
    void refresh() {
        try {
            Map<String, Long> lag = measure();
            lastLag = lag;
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            lag.forEach((topic, records) -> rows.add(MultiGauge.Row.of(Tags.of("topic", topic), records)));
            gauge.register(rows, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("consumer lag not measured: {}", e.getClass().getSimpleName());
        }
    }

    Map<String, Long> measure() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Set<String> topics = new TreeSet<>();
        topics.add(consumed);
        committed.keySet().forEach(tp -> topics.add(tp.topic()));
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p -> {
            TopicPartition tp = new TopicPartition(d.name(), p.partition());
            latest.put(tp, OffsetSpec.latest());
            OffsetAndMetadata c = committed.get(tp);
            if (c == null) {
                earliest.put(tp, OffsetSpec.earliest());
            }
        }));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = earliest.isEmpty() ? Map.of()
                : admin.listOffsets(earliest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<String, Long> lag = new TreeMap<>();
        topics.forEach(t -> lag.put(t, 0L));
        ends.forEach((tp, end) -> {
            OffsetAndMetadata c = committed.get(tp);
            long from = c != null ? c.offset() : starts.get(tp).offset();
            lag.merge(tp.topic(), Math.max(0, end.offset() - from), Long::sum);
        });
        return lag;
    }
}
