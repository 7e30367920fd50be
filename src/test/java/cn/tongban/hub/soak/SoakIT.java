package cn.tongban.hub.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.sources.resilience.SiloProtection;
import cn.tongban.hub.testing.DemoSubjects;
import cn.tongban.hub.testing.HubCalls;
import cn.tongban.hub.testing.HubCalls.Answer;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * A soak: person look-ups at a steady rate (open loop: sent on schedule whatever the answers
 * do) while the civil-affairs silo flaps between down and up through the demo fault switch.
 * Every answer must be a 200 within the deadline with only the statuses a degraded source
 * may have; afterwards no threads, connections or memory may have piled up.
 *
 * <p>45 seconds in {@code ./mvnw verify}; {@code ./mvnw -Psoak verify} runs it for 10 minutes
 * ({@code -Dhub.soak.duration=PT10M}, see the README).
 */
@HubIntegrationTest
class SoakIT {

    private static final String FLAPPING = "civil-affairs";
    private static final Set<String> DEGRADED = Set.of("ok", "not_found", "timeout", "circuit_open", "error", "stale");
    private static final Set<String> DEGRADED_CODES = Set.of("UNREACHABLE", "TIMED_OUT", "CIRCUIT_OPEN", "DEADLINE_EXCEEDED");

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    DemoInfrastructure demo;

    @Autowired
    SiloProtection protection;

    @Autowired
    HikariDataSource store;

    @Autowired
    @Qualifier("socialInsuranceDataSource")
    HikariDataSource socialInsurance;

    @Autowired
    ObjectMapper json;

    @Test
    void steadyLookupsWhileASiloFlapsStayWithinTheDeadlineAndLeakNothing() throws Exception {
        Duration duration = Duration.parse(System.getProperty("hub.soak.duration", "PT45S"));
        int ratePerSecond = Integer.getInteger("hub.soak.rate", 10);
        Duration flapEvery = Duration.ofSeconds(5);
        HubCalls hub = new HubCalls(port, managementPort, json);
        List<TruthPerson> people = DemoSubjects.cleanPersons(demo.dataSet());
        people = people.subList(people.size() / 2, Math.min(people.size(), people.size() / 2 + 300));

        // Warm up (JIT, pools, caches), then take the baseline.
        for (int i = 0; i < 40; i++) {
            hub.person(people.get(i % people.size()).citizenId());
        }
        Baseline before = Baseline.take(store, socialInsurance);

        Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicLong slowest = new AtomicLong();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        List<Long> rss = java.util.Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        // Bounded: at most this many look-ups in flight; more would mean the hub stopped answering.
        ExecutorService senders = Executors.newFixedThreadPool(32);
        long maxRequests = duration.toSeconds() * ratePerSecond + ratePerSecond;
        final List<TruthPerson> subjects = people;
        try {
            clock.scheduleAtFixedRate(() -> {
                int n = sent.getAndIncrement();
                if (n >= maxRequests) {
                    return;
                }
                String id = subjects.get(n % subjects.size()).citizenId();
                senders.execute(() -> {
                    try {
                        Answer a = hub.person(id);
                        answered.incrementAndGet();
                        slowest.accumulateAndGet(a.millis(), Math::max);
                        if (a.http() != 200) {
                            problems.add("HTTP " + a.http());
                            return;
                        }
                        a.body().path("sources").fields().forEachRemaining(e -> {
                            String status = e.getValue().path("status").asText();
                            String code = e.getValue().path("errorCode").asText("");
                            statuses.computeIfAbsent(e.getKey() + "=" + status, k -> new AtomicInteger()).incrementAndGet();
                            boolean flapping = e.getKey().equals(FLAPPING);
                            if (!DEGRADED.contains(status) || (!code.isEmpty() && !DEGRADED_CODES.contains(code))) {
                                problems.add(e.getKey() + " " + status + " " + code);
                            } else if (!flapping && !Set.of("ok", "not_found").contains(status)) {
                                // The steady silos may miss a deadline on a loaded 2-core machine; counted, bounded below.
                                statuses.computeIfAbsent("steady-silo-degraded", k -> new AtomicInteger()).incrementAndGet();
                            }
                        });
                        if (a.millis() > 2_500) {
                            problems.add("answer after " + a.millis() + " ms");
                        }
                    } catch (Exception e) {
                        problems.add(e.getClass().getSimpleName());
                    }
                });
            }, 0, 1_000_000 / ratePerSecond, TimeUnit.MICROSECONDS);
            clock.scheduleAtFixedRate(new Runnable() {
                boolean down;

                @Override
                public void run() {
                    down = !down;
                    hub.fault(FLAPPING, down ? "down" : "none");
                }
            }, flapEvery.toMillis(), flapEvery.toMillis(), TimeUnit.MILLISECONDS);
            // Resident memory sampled through the run: it must level off, not climb.
            clock.scheduleAtFixedRate(() -> rss.add(Baseline.residentMiB()), 0, Math.max(1, duration.toSeconds() / 12), TimeUnit.SECONDS);
            // The run lasts until the last scheduled look-up is sent (the duration at the rate), bounded.
            await("every look-up of the soak sent").atMost(duration.plusSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> sent.get() >= maxRequests);
        } finally {
            clock.shutdownNow();
            hub.fault(FLAPPING, "none");
            senders.shutdown();
            assertThat(senders.awaitTermination(30, TimeUnit.SECONDS)).as("look-ups still running 30 s after the soak").isTrue();
        }
        // Let the hub settle (pools idle again, bounded), then compare with the baseline.
        await("connections back in the pools").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> store.getHikariPoolMXBean().getActiveConnections() <= 1
                        && socialInsurance.getHikariPoolMXBean().getActiveConnections() <= 1);
        protection.guard(FLAPPING).breaker().reset();
        Baseline after = Baseline.take(store, socialInsurance);
        Map<String, Integer> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.get()));
        System.out.printf("soak %s at %d/s: %d sent, %d answered, slowest %d ms; statuses %s; threads %d -> %d, "
                        + "heap after GC %d -> %d MiB, RSS %d -> %d MiB (samples %s), store connections active %d -> %d, social-insurance %d -> %d%n",
                duration, ratePerSecond, sent.get(), answered.get(), slowest.get(), counts, before.threads, after.threads,
                before.heapMiB, after.heapMiB, before.rssMiB, after.rssMiB, rss, before.storeActive, after.storeActive,
                before.siActive, after.siActive);

        assertThat(problems).as("answers beyond the expected degraded statuses").isEmpty();
        assertThat(answered.get()).isEqualTo((int) Math.min(sent.get(), maxRequests));
        assertThat(answered.get()).isGreaterThanOrEqualTo((int) (duration.toSeconds() * ratePerSecond * 9 / 10));
        // The flapping silo was really seen down and up.
        assertThat(counts.keySet()).anyMatch(k -> k.startsWith(FLAPPING + "=") && !k.endsWith("=ok") && !k.endsWith("=not_found"));
        assertThat(counts.getOrDefault(FLAPPING + "=ok", 0) + counts.getOrDefault(FLAPPING + "=not_found", 0)).isPositive();
        assertThat(counts.getOrDefault("steady-silo-degraded", 0)).isLessThanOrEqualTo(answered.get() / 100);
        // Nothing piled up.
        assertThat(after.threads).isLessThanOrEqualTo(before.threads + 25);
        assertThat(after.storeActive).isLessThanOrEqualTo(1);
        assertThat(after.siActive).isLessThanOrEqualTo(1);
        assertThat(after.heapMiB).isLessThanOrEqualTo(before.heapMiB + 64);
        // Resident memory levels off: the JVM keeps heap it once committed (the heap after GC is
        // the leak signal above), so compare the last third of the run with the first, not the start.
        List<Long> samples = List.copyOf(rss);
        assertThat(samples).hasSizeGreaterThanOrEqualTo(6);
        int third = samples.size() / 3;
        long early = samples.subList(0, third).stream().mapToLong(Long::longValue).max().orElseThrow();
        long late = samples.subList(samples.size() - third, samples.size()).stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(late).as("resident memory, last third vs first third of the run").isLessThanOrEqualTo(early + 96);
    }


    /** What must not grow: threads, heap after a collection, resident memory, busy connections. */
    record Baseline(int threads, long heapMiB, long rssMiB, int storeActive, int siActive) {
        static long residentMiB() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
                    }
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return 0;
        }

        static Baseline take(HikariDataSource store, HikariDataSource si) throws Exception {
            // Serial GC: each call is a full, synchronous collection; a second one clears what finalisation freed.
            System.gc();
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            return new Baseline(Thread.activeCount(), heap, residentMiB(), store.getHikariPoolMXBean().getActiveConnections(),
                    si.getHikariPoolMXBean() == null ? 0 : si.getHikariPoolMXBean().getActiveConnections());
        }
    }
}
