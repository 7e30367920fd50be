package cn.tongban.hub.audit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import cn.tongban.hub.TongbanHubApplication;
import cn.tongban.hub.access.AccessHeaders;
import cn.tongban.hub.testing.DemoClients;

/**
 * The cost of auditing: throughput and latency of a local-replica enterprise look-up (the
 * registry replica only, no silo call) over HTTP with the durable audit write, next to the same
 * look-ups in the same hub with the write skipped (the answer is still held and hashed, only
 * {@link AuditTrail#append} returns at once). Rounds alternate, so both modes see the same JIT,
 * caches and machine noise. Not a test: a main class.
 *
 * <p>Arguments: {@code --callers N} (default 8), {@code --seconds S} per round (default 10),
 * {@code --rounds R} per mode (default 3). Run with
 * {@code ./mvnw -o test-compile && java -cp "target/test-classes:target/classes:$(cat cp.txt)" cn.tongban.hub.audit.AuditCostBenchmark},
 * the class path from {@code ./mvnw dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class AuditCostBenchmark {

    private AuditCostBenchmark() {
    }

    /** The audit trail with a switch that skips the durable write; only this benchmark has one. */
    static final class SwitchableAuditTrail extends AuditTrail {
        volatile boolean skipWrite;

        SwitchableAuditTrail(DataSource dataSource, AuditProperties props, AuditCrypto crypto, MeterRegistry meters) {
            super(dataSource, props, crypto, meters);
        }

        @Override
        public long append(AuditEntry e) {
            return skipWrite ? -1 : super.append(e);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Switchable {
        @Bean
        @Primary
        SwitchableAuditTrail switchableAuditTrail(DataSource dataSource, AuditProperties props, AuditCrypto crypto, MeterRegistry meters) {
            return new SwitchableAuditTrail(dataSource, props, crypto, meters);
        }
    }

    record Round(String mode, long calls, long errors, double perSecond, double p50, double p99) {
    }

    public static void main(String[] args) throws Exception {
        int callers = arg(args, "--callers", 8);
        int seconds = arg(args, "--seconds", 10);
        int rounds = arg(args, "--rounds", 3);
        SpringApplication app = new SpringApplication(TongbanHubApplication.class, Switchable.class);
        app.setDefaultProperties(Map.of("server.port", "0", "management.server.port", "0",
                "hub.silos.social-insurance.sync.enabled", "false", "logging.level.root", "WARN",
                // The benchmark's own client must not be the limit.
                "hub.security.clients.backoffice-demo.rate-limit", "1000000"));
        try (ConfigurableApplicationContext ctx = app.run()) {
            int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
            SwitchableAuditTrail audit = ctx.getBean(SwitchableAuditTrail.class);
            var demo = ctx.getBean(cn.tongban.hub.demo.DemoInfrastructure.class);
            var replica = ctx.getBean(cn.tongban.hub.registry.EnterpriseReplicaRepository.class);
            int enterprises = demo.dataSet().enterprises().size();
            org.awaitility.Awaitility.await("market-regulation backlog in the replica").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500)).until(() -> replica.count() >= enterprises);
            List<String> usccs = demo.dataSet().enterprises().stream().map(e -> e.uscc()).limit(500).toList();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .executor(Executors.newFixedThreadPool(callers)).build();
            String base = "http://127.0.0.1:" + port + "/api/v1/enterprises/";
            // Warm up both paths.
            for (boolean skip : new boolean[] {false, true, false}) {
                audit.skipWrite = skip;
                run(http, base, usccs, callers, 3);
            }
            List<Round> results = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                for (boolean skip : new boolean[] {true, false}) {
                    audit.skipWrite = skip;
                    Round round = run(http, base, usccs, callers, seconds);
                    results.add(new Round(skip ? "without audit write" : "with audit write", round.calls(), round.errors(),
                            round.perSecond(), round.p50(), round.p99()));
                }
            }
            audit.skipWrite = false;
            System.out.printf("%nAudit cost: local-replica enterprise look-up over HTTP, %d callers, closed loop, %d s rounds%n",
                    callers, seconds);
            System.out.printf("%-22s %8s %7s %10s %8s %8s%n", "mode", "calls", "errors", "per s", "p50 ms", "p99 ms");
            for (Round r : results) {
                System.out.printf("%-22s %8d %7d %10.0f %8.2f %8.2f%n", r.mode(), r.calls(), r.errors(), r.perSecond(), r.p50(), r.p99());
            }
            double with = median(results, "with audit write");
            double without = median(results, "without audit write");
            System.out.printf("median throughput: with %.0f/s, without %.0f/s: the audit write keeps %.1f%% of it%n",
                    with, without, 100.0 * with / without);
            var batches = ctx.getBean(MeterRegistry.class).find("hub.audit.batch.size").summary();
            if (batches != null) {
                System.out.printf("group commit: %d transactions, %.1f records per transaction on average%n",
                        batches.count(), batches.mean());
            }
        }
        System.exit(0);
    }

    private static double median(List<Round> rounds, String mode) {
        double[] v = rounds.stream().filter(r -> r.mode().equals(mode)).mapToDouble(Round::perSecond).sorted().toArray();
        return v[v.length / 2];
    }

    private static Round run(HttpClient http, String base, List<String> usccs, int callers, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        List<Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int offset = c;
            futures.add(pool.submit(() -> {
                long[] lat = new long[200_000];
                int n = 0;
                int i = offset;
                while (System.nanoTime() < end && n < lat.length) {
                    String uscc = usccs.get(i++ % usccs.size());
                    HttpRequest req = HttpRequest.newBuilder(URI.create(base + uscc + "?fields=registrationStateLabel,establishedOn"))
                            .header(AccessHeaders.API_KEY, DemoClients.BACKOFFICE_KEY).header(AccessHeaders.OPERATOR, DemoClients.OPERATOR)
                            .header(AccessHeaders.MATTER, DemoClients.MATTER).header(AccessHeaders.CASE, DemoClients.CASE)
                            .timeout(Duration.ofSeconds(10)).build();
                    long t0 = System.nanoTime();
                    HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                    lat[n++] = System.nanoTime() - t0;
                    if (r.statusCode() != 200) {
                        errors.incrementAndGet();
                    }
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : futures) {
            for (long l : f.get()) {
                all.add(l);
            }
        }
        pool.shutdown();
        all.sort(Long::compare);
        double p50 = all.isEmpty() ? 0 : all.get(all.size() / 2) / 1e6;
        double p99 = all.isEmpty() ? 0 : all.get(Math.min(all.size() - 1, (int) (all.size() * 0.99))) / 1e6;
        return new Round("", all.size(), errors.get(), all.size() / (double) seconds, p50, p99);
    }

    private static int arg(String[] args, String name, int def) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return def;
    }
}
