package cn.tongban.hub.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.tongban.hub.canonical.Silo;
import cn.tongban.hub.sources.resilience.SiloProtection;
import cn.tongban.hub.config.HubProperties;

/**
 * Health components: {@code store} (the hub's PostgreSQL), {@code broker} (Kafka) and
 * {@code silos} with one entry per silo; {@code maintenance} is {@link Maintenance}'s, and
 * {@code initialLoad} comes from the bulk load. The hub is DOWN when the store or the broker
 * is; a silo that is down only degrades it (see {@link #silosHealthIndicator}). The probe
 * groups (application.yaml): liveness is the JVM's own state, readiness adds the store, the
 * broker, the initial load and the maintenance switch. Each probe has its own short timeout
 * so a hanging dependency cannot hang the endpoint.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean(destroyMethod = "close")
    Admin hubKafkaAdmin(HubProperties hub) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, hub.kafka().brokers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "tongban-hub-health");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        return Admin.create(p);
    }

    @Bean
    HealthIndicator storeHealthIndicator(DataSource dataSource) {
        return () -> jdbcHealth(dataSource, 2);
    }

    @Bean
    HealthIndicator brokerHealthIndicator(Admin admin) {
        return () -> {
            try {
                var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000));
                int nodes = cluster.nodes().get(3, TimeUnit.SECONDS).size();
                return Health.up().withDetail("nodes", nodes)
                        .withDetail("clusterId", cluster.clusterId().get(3, TimeUnit.SECONDS)).build();
            } catch (Exception e) {
                return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
            }
        };
    }

    /**
     * The {@code silos} component: each silo's probe and, for a pull silo, its circuit
     * breaker, failure rates and the times of its last good and last failed call. A silo that
     * is down is a degraded answer (its sources say so, the others still answer), not an
     * outage of the hub: the component is then {@link #DEGRADED}, which ranks below DOWN and
     * OUT_OF_SERVICE and maps to HTTP 200 (application.yaml, management.endpoint.health.status),
     * so the hub's own health stays 200 while the silo shows DOWN in the details. It is in no
     * probe group: a load balancer must not drain every hub because a silo is down.
     */
    @Bean
    HealthIndicator silosHealthIndicator(HubProperties hub, Admin admin,
                                         @Qualifier("socialInsuranceDataSource") DataSource socialInsurance,
                                         cn.tongban.hub.mapping.Mappings mappings,
                                         org.springframework.core.env.Environment env,
                                         SiloProtection protection) {
        Map<String, HealthIndicator> silos = new LinkedHashMap<>();
        silos.put(Silo.PUBLIC_SECURITY.id(), publicSecurity(hub.silos().publicSecurity()));
        silos.put(Silo.SOCIAL_INSURANCE.id(), () -> jdbcHealth(socialInsurance,
                (int) Math.max(1, hub.silos().socialInsurance().healthTimeout().toSeconds())));
        silos.put(Silo.MARKET_REGULATION.id(), marketRegulation(hub, admin));
        // Silos added as data only (a route and a mapping file) are probed over HTTP at
        // hub.silos.<silo>.base-url + health-path (default "/"): reachable and not 5xx is UP.
        for (var m : mappings.all()) {
            if (!silos.containsKey(m.silo())) {
                String base = env.getProperty("hub.silos." + m.silo() + ".base-url", "");
                String path = env.getProperty("hub.silos." + m.silo() + ".health-path", "/");
                Duration timeout = env.getProperty("hub.silos." + m.silo() + ".health-timeout", Duration.class, Duration.ofSeconds(2));
                silos.put(m.silo(), http(m.silo(), base, path, timeout));
            }
        }
        return () -> {
            // All probes at once: the component answers in the time of the slowest, bounded.
            Map<String, java.util.concurrent.Future<Health>> running = new LinkedHashMap<>();
            silos.forEach((silo, probe) -> running.put(silo, submit(probe)));
            long waitUntil = System.nanoTime() + PROBE_WAIT.toNanos();
            Map<String, Object> details = new LinkedHashMap<>();
            boolean allUp = true;
            for (var e : running.entrySet()) {
                Health h = withBreaker(e.getKey(), await(e.getValue(), waitUntil), protection);
                allUp &= Status.UP.equals(h.getStatus());
                Map<String, Object> silo = new LinkedHashMap<>();
                silo.put("status", h.getStatus().getCode());
                silo.putAll(h.getDetails());
                details.put(e.getKey(), silo);
            }
            return Health.status(allUp ? Status.UP : DEGRADED).withDetails(details).build();
        };
    }

    /** Status of the {@code silos} component while a silo is not UP: the hub answers, with less. */
    static final Status DEGRADED = new Status("DEGRADED", "a silo is down: look-ups answer without it, marked per source");

    /**
     * A probe's result with the silo's protection beside it: the circuit breaker's state
     * ({@code breaker}) and failure rate, and when a look-up last succeeded and last failed.
     * The probe alone decides UP or DOWN; an open breaker on a silo that answers the probe
     * again is a breaker about to half-open.
     */
    private static Health withBreaker(String silo, Health h, SiloProtection protection) {
        var guard = protection.guards().stream().filter(g -> g.silo().equals(silo)).findFirst();
        if (guard.isEmpty()) {
            return h;
        }
        var g = guard.get();
        var metrics = g.breaker().getMetrics();
        Health.Builder b = Health.status(h.getStatus()).withDetails(h.getDetails())
                .withDetail("breaker", g.breaker().getState().name())
                .withDetail("failureRate", metrics.getFailureRate())
                .withDetail("slowCallRate", metrics.getSlowCallRate())
                .withDetail("notPermittedCalls", metrics.getNumberOfNotPermittedCalls())
                .withDetail("bulkheadQueueDepth", g.bulkhead().getMetrics().getQueueDepth());
        java.time.Instant success = g.lastSuccess().get();
        if (success != null) {
            b.withDetail("lastSuccess", success.toString());
        }
        java.time.Instant failure = g.lastFailure().get();
        if (failure != null) {
            b.withDetail("lastFailure", failure.toString());
        }
        return b.build();
    }

    /**
     * Probes run on their own few threads and are waited for no longer than this: some
     * drivers (H2's, a hung Oracle socket) ignore their own timeouts, and the health endpoint
     * must answer while a silo hangs. The silos are probed at once (one thread each), so a few
     * health requests at a time fit; a probe still stuck keeps its thread, later ones queue
     * behind it and are reported as not answering; beyond the queue a probe is refused at once.
     */
    static final Duration PROBE_WAIT = Duration.ofSeconds(3);
    static final int PROBE_THREADS = 16;
    private static final java.util.concurrent.ThreadPoolExecutor PROBES = probes();

    private static java.util.concurrent.ThreadPoolExecutor probes() {
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(
                PROBE_THREADS, PROBE_THREADS, 30, TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(4 * PROBE_THREADS), r -> {
                    Thread t = new Thread(r, "silo-health-probe");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static java.util.concurrent.Future<Health> submit(HealthIndicator probe) {
        try {
            return PROBES.submit(probe::health);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return java.util.concurrent.CompletableFuture.completedFuture(
                    Health.down().withDetail("error", "earlier probes of the silos are still stuck").build());
        }
    }

    private static Health await(java.util.concurrent.Future<Health> f, long untilNanos) {
        try {
            return f.get(Math.max(0, untilNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            return Health.down().withDetail("error", "no answer to the probe within " + PROBE_WAIT.toSeconds() + " s").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        } catch (java.util.concurrent.ExecutionException e) {
            return Health.down().withDetail("error", e.getCause().getClass().getSimpleName()).build();
        }
    }

    private static HealthIndicator publicSecurity(HubProperties.PublicSecurity ps) {
        return http(Silo.PUBLIC_SECURITY.id(), ps.baseUrl(), ps.healthPath(), ps.healthTimeout());
    }

    private static HealthIndicator http(String silo, String baseUrl, String healthPath, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        return () -> {
            if (baseUrl == null || baseUrl.isBlank()) {
                return Health.down().withDetail("error", "hub.silos." + silo + ".base-url is not set").build();
            }
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + healthPath))
                        .timeout(timeout).GET().build();
                int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                return (status < 500 ? Health.up() : Health.down()).withDetail("httpStatus", status).build();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Health.down().withDetail("error", "interrupted").build();
            } catch (Exception e) {
                return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
            }
        };
    }

    private static HealthIndicator marketRegulation(HubProperties hub, Admin admin) {
        String topic = hub.kafka().topic("market-regulation-events");
        Duration timeout = hub.silos().marketRegulation().healthTimeout();
        return () -> {
            try {
                TopicDescription d = admin.describeTopics(java.util.List.of(topic),
                                new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
                        .topicNameValues().get(topic).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
                return Health.up().withDetail("topic", topic).withDetail("partitions", d.partitions().size()).build();
            } catch (Exception e) {
                return Health.down().withDetail("topic", topic).withDetail("error", e.getClass().getSimpleName()).build();
            }
        };
    }

    private static Health jdbcHealth(DataSource ds, int timeoutSeconds) {
        try (Connection c = ds.getConnection()) {
            return c.isValid(timeoutSeconds)
                    ? Health.up().withDetail("database", c.getMetaData().getDatabaseProductName()).build()
                    : Health.down().withDetail("error", "connection not valid").build();
        } catch (Exception e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
