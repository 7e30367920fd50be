package cn.tongban.hub.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches the hubs' consumer group from outside, as an operator would: the committed offset
 * of every partition of the events topic and the number of group members, sampled every
 * {@link #PERIOD_MS} ms by a background thread. While the broker is down a sample fails and
 * is skipped. The fault timings are read from these samples.
 */
final class GroupProgress implements AutoCloseable {

    static final long PERIOD_MS = 200;

    /**
     * One look at the group; {@code at} is System.nanoTime(), {@code assignment} the
     * partitions of the events topic held by each member id.
     */
    record Sample(long at, Map<Integer, Long> committed, int members, Map<String, Set<Integer>> assignment) {
        long total() {
            return committed.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final String group;
    private final String topic;
    private final int partitions;
    private final Admin admin;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "group-progress");
        t.setDaemon(true);
        return t;
    });

    GroupProgress(String bootstrap, String group, String topic, int partitions) {
        this.group = group;
        this.topic = topic;
        this.partitions = partitions;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        this.admin = Admin.create(p);
        // Fixed rate: a slow sample (broker restarting) delays the next one, never piles them up.
        sampler.scheduleAtFixedRate(this::sample, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            Sample s = sampleNow();
            synchronized (samples) {
                samples.add(s);
            }
        } catch (Exception e) {
            // broker down or restarting: no sample
        }
    }

    /** A sample taken now (throws when the broker does not answer within 3 s). */
    Sample sampleNow() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group,
                        new ListConsumerGroupOffsetsOptions().timeoutMs(3000))
                .partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
        Map<Integer, Long> committed = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            committed.put(p, 0L);
        }
        offsets.forEach((tp, o) -> {
            if (tp.topic().equals(topic) && o != null) {
                committed.put(tp.partition(), o.offset());
            }
        });
        Map<String, Set<Integer>> assignment = new HashMap<>();
        for (MemberDescription m : admin.describeConsumerGroups(List.of(group)).all().get(3, TimeUnit.SECONDS).get(group).members()) {
            Set<Integer> mine = new TreeSet<>();
            m.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(topic)).forEach(tp -> mine.add(tp.partition()));
            assignment.put(m.consumerId(), mine);
        }
        return new Sample(System.nanoTime(), committed, assignment.size(), assignment);
    }

    /** Retries {@link #sampleNow()} for up to {@code timeout}. */
    Sample sampleWithin(Duration timeout) {
        return await("an answer from the broker about group " + group).atMost(timeout).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(this::sampleNow, java.util.Objects::nonNull);
    }

    /** End offsets of the events topic now. */
    Map<Integer, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<Integer, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
        return ends;
    }

    Optional<Sample> latest() {
        synchronized (samples) {
            return samples.isEmpty() ? Optional.empty() : Optional.of(samples.get(samples.size() - 1));
        }
    }

    /**
     * The first sample taken after {@code since} in which every one of {@code partitions}
     * that still had work at the {@code baseline} (baseline offset below {@code ends}) has
     * moved past it ({@code all}), or in which any one of them has ({@code !all}): ingestion
     * is progressing again on all of them, or at all.
     */
    Optional<Sample> progressedAfter(long since, Map<Integer, Long> baseline, Map<Integer, Long> ends, Set<Integer> partitions,
                                     boolean all) {
        synchronized (samples) {
            for (Sample s : samples) {
                if (s.at() < since) {
                    continue;
                }
                int withWork = 0;
                int moved = 0;
                for (int p : partitions) {
                    long base = baseline.getOrDefault(p, 0L);
                    if (base < ends.getOrDefault(p, Long.MAX_VALUE)) {
                        withWork++;
                        if (s.committed().getOrDefault(p, 0L) > base) {
                            moved++;
                        }
                    }
                }
                if (all ? moved == withWork : moved > 0 || withWork == 0) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }

    Set<Integer> allPartitions() {
        Set<Integer> all = new TreeSet<>();
        for (int p = 0; p < partitions; p++) {
            all.add(p);
        }
        return all;
    }

    /** The first sample after {@code since} with exactly {@code members} members. */
    Optional<Sample> firstWithMembers(long since, int members) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.at() >= since && s.members() == members).findFirst();
        }
    }

    static long lag(Map<Integer, Long> committed, Map<Integer, Long> ends) {
        long lag = 0;
        for (Map.Entry<Integer, Long> e : ends.entrySet()) {
            lag += Math.max(0, e.getValue() - committed.getOrDefault(e.getKey(), 0L));
        }
        return lag;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(5));
    }
}
