package cn.tongban.hub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import cn.tongban.hub.TongbanHubApplication;
import cn.tongban.hub.access.AccessHeaders;
import cn.tongban.hub.testing.DemoClients;

/** What the benchmark mains share: arguments, the in-process hub, HTTP calls with a purpose. */
final class BenchSupport {

    /** Where result files go; {@link BenchReport} reads them. */
    static final Path OUT = Path.of(System.getProperty("bench.out", "target/bench"));

    private BenchSupport() {
    }

    /** {@code --name value} arguments and {@code --flag} switches. */
    static final class Args {
        private final List<String> a;

        Args(String[] args) {
            this.a = Arrays.asList(args);
        }

        boolean flag(String name) {
            return a.contains(name);
        }

        String string(String name, String dflt) {
            int i = a.indexOf(name);
            return i >= 0 && i + 1 < a.size() ? a.get(i + 1) : dflt;
        }

        int integer(String name, int dflt) {
            return Integer.parseInt(string(name, Integer.toString(dflt)));
        }

        double decimal(String name, double dflt) {
            return Double.parseDouble(string(name, Double.toString(dflt)));
        }

        /** A comma-separated list of numbers, e.g. {@code --rates 50,200,500}. */
        List<Double> decimals(String name, String dflt) {
            List<Double> out = new ArrayList<>();
            for (String s : string(name, dflt).split(",")) {
                out.add(Double.parseDouble(s.trim()));
            }
            return out;
        }
    }

    /**
     * The hub on its embedded default, in this JVM, on ephemeral ports, logging at WARN.
     * {@code overrides} go in as command-line arguments, so they win over application.yaml.
     */
    static ConfigurableApplicationContext startHub(Map<String, String> overrides, Class<?>... extraSources) {
        List<Class<?>> sources = new ArrayList<>();
        sources.add(TongbanHubApplication.class);
        sources.addAll(Arrays.asList(extraSources));
        SpringApplication app = new SpringApplication(sources.toArray(Class<?>[]::new));
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("server.port", "0");
        defaults.put("management.server.port", "0");
        defaults.put("logging.level.root", "WARN");
        app.setDefaultProperties(defaults);
        Map<String, String> all = new LinkedHashMap<>();
        // Whatever is still in flight when a benchmark ends is not waited for (graceful: up to 30 s).
        all.put("server.shutdown", "immediate");
        // The reconciliation of every social-insurance row (20 s after start, then hourly) would land inside a
        // measurement. An argument, since application.yaml's value would win over a default property.
        all.put("hub.silos.social-insurance.sync.enabled", "false");
        all.putAll(overrides);
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return app.run(args);
    }

    static int port(ConfigurableApplicationContext ctx) {
        return Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
    }

    /** Waits until the market-regulation backlog is in the replica (the enterprise look-ups read it). */
    static void awaitReplica(ConfigurableApplicationContext ctx) {
        var replica = ctx.getBean(cn.tongban.hub.registry.EnterpriseReplicaRepository.class);
        int enterprises = ctx.getBean(cn.tongban.hub.demo.DemoInfrastructure.class).dataSet().enterprises().size();
        org.awaitility.Awaitility.await("market-regulation backlog in the replica").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500)).until(() -> replica.count() >= enterprises);
    }

    /** An HTTP/1.1 client on a small pool of its own (the answers complete on it). */
    static HttpClient http(int threads) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(threads, r -> {
                    Thread t = new Thread(r, "bench-http");
                    t.setDaemon(true);
                    return t;
                })).build();
    }

    /** A request with the API key and the default purpose of {@link DemoClients}. */
    static HttpRequest.Builder request(String url, String apiKey) {
        return purpose(HttpRequest.newBuilder(URI.create(url)), apiKey, DemoClients.MATTER, DemoClients.CASE);
    }

    static HttpRequest.Builder purpose(HttpRequest.Builder b, String apiKey, String matter, String caseNumber) {
        return b.header(AccessHeaders.API_KEY, apiKey).header(AccessHeaders.OPERATOR, DemoClients.OPERATOR)
                .header(AccessHeaders.MATTER, matter).header(AccessHeaders.CASE, caseNumber)
                .timeout(Duration.ofSeconds(10));
    }

    static CompletableFuture<Integer> status(HttpClient http, HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    /** One blocking call's body (checks before a run). */
    static String body(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String fmt(double x) {
        return String.format(java.util.Locale.ROOT, "%.2f", x);
    }
}
