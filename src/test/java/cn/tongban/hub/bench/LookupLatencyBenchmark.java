package cn.tongban.hub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;

import cn.tongban.hub.TongbanHubApplication;
import cn.tongban.hub.sources.SiloGateway;
import cn.tongban.hub.testing.DemoClients;

/**
 * Latency of the look-ups the windows call, against the demo silos on 127.0.0.1, next to the
 * silos called alone in the same run: the enterprise profile (registry replica + social
 * insurance + the public-security identity check) and a person pre-check (four person silos
 * in parallel, evidence written), each over HTTP, closed loop, one caller. Not a test: a
 * main class; the command is in docs/benchmarks.md.
 *
 * <p>Arguments: {@code --calls N} (default 2000) {@code --warmup N} (default 300).
 */
public final class LookupLatencyBenchmark {

    private static final String PERSON = "310115198211242579";

    private LookupLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int calls = arg(args, "--calls", 2000);
        int warmup = arg(args, "--warmup", 300);
        SpringApplication app = new SpringApplication(TongbanHubApplication.class);
        app.setDefaultProperties(Map.of("server.port", "0", "management.server.port", "0",
                "hub.silos.social-insurance.sync.enabled", "false", "logging.level.root", "WARN"));
        try (ConfigurableApplicationContext ctx = app.run()) {
            int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
            SiloGateway gateway = ctx.getBean(SiloGateway.class);
            // An enterprise whose AB01 row carries its USCC, so every part of the profile has data.
            String uscc = ctx.getBean(cn.tongban.hub.demo.DemoInfrastructure.class).dataSet().ab01Rows().stream()
                    .map(r -> r.AAB998()).filter(v -> v != null && v.matches("[0-9A-Z]{18}") && cn.tongban.hub.identifiers.Uscc.isValid(v))
                    .findFirst().orElseThrow();
            final String USCC = uscc;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + port;
            // Let the market-regulation backlog land first: the enterprise profile reads the replica.
            var replica = ctx.getBean(cn.tongban.hub.registry.EnterpriseReplicaRepository.class);
            int enterprises = ctx.getBean(cn.tongban.hub.demo.DemoInfrastructure.class).dataSet().enterprises().size();
            org.awaitility.Awaitility.await("market-regulation backlog in the replica").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500)).until(() -> replica.count() >= enterprises);
            System.out.printf("Look-up latency: %d calls per workload after %d warm-up, one caller, closed loop%n", calls, warmup);
            System.out.printf("%-48s %9s %9s %9s %9s%n", "workload", "p50 ms", "p90 ms", "p99 ms", "max ms");
            run("public-security alone (gateway, signed HTTP, GBK XML)", calls, warmup,
                    () -> gateway.fetch("public-security", PERSON, Map.of()).status().equals("ok") ? 200 : 500);
            run("social-insurance.unit alone (gateway, JDBC)", calls, warmup,
                    () -> gateway.fetch("social-insurance.unit", USCC, Map.of()).records().isEmpty() ? 404 : 200);
            run("civil-affairs alone (gateway, HTTP JSON)", calls, warmup,
                    () -> gateway.fetch("civil-affairs", PERSON, Map.of()).status().equals("ok") ? 200 : 500);
            // As the demo back-office client; the pre-check's purpose names its matter and case.
            Consumer<HttpHeaders> purpose = DemoClients.purpose(DemoClients.BACKOFFICE_KEY);
            run("GET /api/v1/enterprises/{uscc}", calls, warmup, () -> get(http, base + "/api/v1/enterprises/" + USCC, purpose));
            run("GET /api/v1/persons/{id}", calls, warmup, () -> get(http, base + "/api/v1/persons/" + PERSON, purpose));
            int[] n = {0};
            run("POST /api/v1/matters/QR00401004/prechecks", calls, warmup, () -> {
                String caseNumber = "BENCH-" + (n[0]++);
                return post(http, base + "/api/v1/matters/QR00401004/prechecks",
                        "{\"subject\":\"" + PERSON + "\",\"caseNumber\":\"" + caseNumber + "\"}",
                        DemoClients.purpose(DemoClients.BACKOFFICE_KEY, "QR00401004", caseNumber));
            });
        }
        System.exit(0);
    }

    private static void run(String name, int calls, int warmup, IntSupplier call) {
        for (int i = 0; i < warmup; i++) {
            check(name, call.getAsInt());
        }
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            check(name, call.getAsInt());
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf("%-48s %9.2f %9.2f %9.2f %9.2f%n", name, ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99),
                nanos[nanos.length - 1] / 1e6);
    }

    private static void check(String name, int status) {
        if (status != 200) {
            throw new IllegalStateException(name + " answered " + status);
        }
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static int get(HttpClient http, String url, Consumer<HttpHeaders> headers) {
        try {
            return http.send(request(url, headers).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int post(HttpClient http, String url, String body, Consumer<HttpHeaders> headers) {
        try {
            return http.send(request(url, headers).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request builder carrying the given headers (API key and purpose). */
    private static HttpRequest.Builder request(String url, Consumer<HttpHeaders> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        HttpHeaders h = new HttpHeaders();
        headers.accept(h);
        h.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        return b;
    }

    private static int arg(String[] args, String name, int dflt) {
        List<String> a = Arrays.asList(args);
        int i = a.indexOf(name);
        return i >= 0 && i + 1 < a.size() ? Integer.parseInt(a.get(i + 1)) : dflt;
    }
}
