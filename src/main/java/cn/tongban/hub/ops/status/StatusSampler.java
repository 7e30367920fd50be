package cn.tongban.hub.ops.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Samples what the status page charts over time: look-up latency, records consumed by the
 * ingestion routes and the consumer lag, every {@code hub.ops.status.sample-interval}, kept in
 * memory for {@code hub.ops.status.window}. Each source is looked up by name on every sample
 * and its absence tolerated: the hub's own meters ({@code hub.lookups},
 * {@code hub.ingestion.lag}) are used when they exist, otherwise what always exists (the
 * {@code http.server.requests} timer of {@code /api/**}, the consumer group's committed
 * offsets read from the broker).
 */
@Component
class StatusSampler {

    private static final Logger log = LoggerFactory.getLogger(StatusSampler.class);

    static final String LOOKUPS = "hub.lookups";
    static final String HTTP_REQUESTS = "http.server.requests";
    static final String INGESTION_LAG = "hub.ingestion.lag";

    /**
     * One sample: the look-ups answered since the previous one and their latency (mean, the
     * 95th percentile where the timer keeps a histogram, the timer's recent maximum), the
     * consumer lag at the time (records, per topic) and the records each ingestion route took.
     */
    record Sample(Instant at, long lookups, Double meanMs, Double p95Ms, Double maxMs, Map<String, Long> lag,
                  Map<String, Long> consumed) {
    }

    private final MeterRegistry registry;
    private final CamelContext camel;
    private final Environment env;
    private final Duration interval;
    private final int capacity;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    // Cumulative values of the previous sample, per meter or route, to take differences from.
    private final Map<Meter.Id, double[]> previousTimers = new HashMap<>();
    private final Map<Meter.Id, Map<Double, Double>> previousBuckets = new HashMap<>();
    private final Map<String, Long> previousExchanges = new HashMap<>();
    private volatile String latencySource = "none";
    private volatile String lagSource = "none";
    private ScheduledExecutorService executor;
    private Admin admin;

    StatusSampler(MeterRegistry registry, CamelContext camel, Environment env) {
        this.registry = registry;
        this.camel = camel;
        this.env = env;
        this.interval = DurationStyle.detectAndParse(env.getProperty("hub.ops.status.sample-interval", "10s"));
        Duration window = DurationStyle.detectAndParse(env.getProperty("hub.ops.status.window", "1h"));
        if (interval.toMillis() < 1000 || window.compareTo(interval) < 0) {
            throw new IllegalStateException("hub.ops.status.sample-interval must be at least 1s and at most hub.ops.status.window");
        }
        this.capacity = (int) (window.toMillis() / interval.toMillis());
    }

    @PostConstruct
    void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hub-status-sampler");
            t.setDaemon(true);
            return t;
        });
        // The first run only records the baseline of the cumulative counters.
        executor.scheduleWithFixedDelay(this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
                admin = null;
            }
        }
    }

    Duration interval() {
        return interval;
    }

    String latencySource() {
        return latencySource;
    }

    String lagSource() {
        return lagSource;
    }

    /** The samples of the window, oldest first. */
    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            // A sampler that dies stops the charts; one missed point does not matter.
            log.warn("Status sample failed: {}", e.toString());
        }
    }

    private boolean baselineTaken;

    synchronized void sample() {
        Instant at = Instant.now();
        double[] latency = latency();
        Map<String, Long> consumed = consumed();
        Map<String, Long> lag = lag();
        if (!baselineTaken) {
            baselineTaken = true;
            return;
        }
        samples.addLast(new Sample(at, (long) latency[0], nan(latency[1]), nan(latency[2]), nan(latency[3]), lag, consumed));
        while (samples.size() > capacity) {
            samples.removeFirst();
        }
    }

    private static Double nan(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10) / 10.0;
    }

    /** Look-ups since the previous sample: {count, mean ms, p95 ms, max ms}; NaN where unknown. */
    private double[] latency() {
        Collection<Timer> timers = registry.find(LOOKUPS).timers();
        if (!timers.isEmpty()) {
            latencySource = LOOKUPS;
        } else {
            latencySource = HTTP_REQUESTS + " /api/**";
            timers = registry.find(HTTP_REQUESTS).timers().stream().filter(t -> {
                String uri = t.getId().getTag("uri");
                return uri != null && uri.startsWith("/api/");
            }).toList();
        }
        long count = 0;
        double totalMs = 0;
        double maxMs = Double.NaN;
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (Timer t : timers) {
            // A meter first seen now was created by its first request, after the previous sample.
            double[] prev = previousTimers.getOrDefault(t.getId(), new double[] {0, 0});
            double c = t.count();
            double ms = t.totalTime(TimeUnit.MILLISECONDS);
            previousTimers.put(t.getId(), new double[] {c, ms});
            count += (long) Math.max(0, c - prev[0]);
            totalMs += Math.max(0, ms - prev[1]);
            double max = t.max(TimeUnit.MILLISECONDS);
            if (c > prev[0] && (Double.isNaN(maxMs) || max > maxMs)) {
                maxMs = max;
            }
            Map<Double, Double> prevBuckets = previousBuckets.getOrDefault(t.getId(), Map.of());
            Map<Double, Double> now = new HashMap<>();
            for (CountAtBucket b : t.takeSnapshot().histogramCounts()) {
                double bound = b.bucket(TimeUnit.MILLISECONDS);
                now.put(bound, b.count());
                buckets.merge(bound, Math.max(0, b.count() - prevBuckets.getOrDefault(bound, 0.0)), Double::sum);
            }
            previousBuckets.put(t.getId(), now);
        }
        if (count == 0) {
            return new double[] {0, Double.NaN, Double.NaN, Double.NaN};
        }
        return new double[] {count, totalMs / count, p95(buckets, count), maxMs};
    }

    /** The upper bound of the bucket holding the 95th percentile (cumulative bucket counts). */
    private static double p95(TreeMap<Double, Double> cumulative, long count) {
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= 0.95 * count && Double.isFinite(e.getKey())) {
                return e.getKey();
            }
        }
        return Double.NaN;
    }

    /** Exchanges each Kafka-consuming route took since the previous sample. */
    private Map<String, Long> consumed() {
        ManagedCamelContext managed = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        Map<String, Long> out = new LinkedHashMap<>();
        if (managed == null) {
            return out;
        }
        for (Route r : camel.getRoutes()) {
            if (!r.getEndpoint().getEndpointUri().startsWith("kafka:")) {
                continue;
            }
            ManagedRouteMBean m = managed.getManagedRoute(r.getRouteId());
            if (m == null) {
                continue;
            }
            long total = m.getExchangesTotal();
            Long prev = previousExchanges.put(r.getRouteId(), total);
            out.put(r.getRouteId(), Math.max(0, total - (prev == null ? 0 : prev)));
        }
        return out;
    }

    /** Records behind per topic: the hub's gauge when it exists, else the broker's offsets. */
    private Map<String, Long> lag() {
        Collection<Gauge> gauges = registry.find(INGESTION_LAG).gauges();
        if (!gauges.isEmpty()) {
            lagSource = INGESTION_LAG;
            Map<String, Long> out = new TreeMap<>();
            for (Gauge g : gauges) {
                double v = g.value();
                if (Double.isFinite(v)) {
                    out.merge(String.valueOf(g.getId().getTag("topic")), (long) v, Long::sum);
                }
            }
            return out;
        }
        lagSource = "kafka-admin";
        return brokerLag();
    }

    private Map<String, Long> brokerLag() {
        String brokers = env.getProperty("hub.kafka.brokers", "");
        String group = env.getProperty("hub.kafka.consumer-group", "tongban-hub");
        if (brokers.isBlank()) {
            return Map.of();
        }
        try {
            if (admin == null) {
                Properties p = new Properties();
                p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
                p.put(AdminClientConfig.CLIENT_ID_CONFIG, "tongban-hub-status");
                p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
                p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
                admin = Admin.create(p);
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group,
                    new ListConsumerGroupOffsetsOptions().timeoutMs(2000)).partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs(2000)).all().get(3, TimeUnit.SECONDS);
            Map<String, Long> out = new TreeMap<>();
            committed.forEach((tp, om) -> {
                var end = ends.get(tp);
                if (om != null && end != null) {
                    out.merge(tp.topic(), Math.max(0, end.offset() - om.offset()), Long::sum);
                }
            });
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (Exception e) {
            log.debug("Consumer lag not available: {}", e.toString());
            return Map.of();
        }
    }
}
