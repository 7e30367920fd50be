package cn.tongban.hub.sources.resilience;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import cn.tongban.hub.mapping.Mappings;

/**
 * One named set of resilience4j instances per pull silo, named after the silo and configured
 * only in application.yaml ({@code resilience4j.*.instances.<silo>}; a silo added as data
 * gets the {@code default} configs): a thread-pool bulkhead (the silo's own threads, so a
 * hanging silo cannot take the threads the others need), a time limiter (the silo's deadline,
 * below the request's), a circuit breaker (failure rate and slow-call rate) and a retry (for
 * a refused or reset connection and 502/503/504 only: look-ups are idempotent reads).
 *
 * <p>Order, outermost first: retry, circuit breaker, time limiter, bulkhead; so a call the
 * breaker refuses is not retried, a time-out counts against the breaker, and a call queued
 * for the silo's threads counts against its deadline. Each silo is also a JMX MBean
 * ({@code cn.tongban.hub:type=SiloProtection,name=<silo>}) for Hawtio.
 */
@Component
public class SiloProtection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SiloProtection.class);
    static final String JMX_DOMAIN = "cn.tongban.hub";

    /**
     * The instances of one silo, when it last answered (a business answer such as not found
     * included) and when a call to it last failed (timed out, unreachable, a server error, an
     * unreadable answer; not a call the hub itself refused: open breaker, full bulkhead).
     */
    public record Guard(String silo, CircuitBreaker breaker, ThreadPoolBulkhead bulkhead, TimeLimiter limiter, Retry retry,
                        AtomicReference<Instant> lastSuccess, AtomicReference<Instant> lastFailure) {
    }

    private final CircuitBreakerRegistry breakers;
    private final ThreadPoolBulkheadRegistry bulkheads;
    private final TimeLimiterRegistry limiters;
    private final RetryRegistry retries;
    private final Map<String, Guard> guards = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;
    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    /** The MBeans this instance registered: another hub in the same JVM (tests) keeps its own. */
    private final java.util.Set<ObjectName> registered = ConcurrentHashMap.newKeySet();

    public SiloProtection(CircuitBreakerRegistry breakers, ThreadPoolBulkheadRegistry bulkheads, TimeLimiterRegistry limiters,
                          RetryRegistry retries, Mappings mappings) {
        this.breakers = breakers;
        this.bulkheads = bulkheads;
        this.limiters = limiters;
        this.retries = retries;
        AtomicInteger n = new AtomicInteger();
        // Time-outs and retry waits only: nothing blocks on these threads.
        this.timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "silo-timer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // Created at start, so health, metrics and JMX list every pull silo before its first call.
        mappings.all().stream().filter(m -> m.lookup() != null).map(m -> m.silo()).distinct().forEach(this::guard);
    }

    /** The guard of a silo, created with the silo's configuration on first use. */
    public Guard guard(String silo) {
        return guards.computeIfAbsent(silo, s -> {
            Guard g = new Guard(s, breakers.circuitBreaker(s), bulkheads.bulkhead(s), limiters.timeLimiter(s), retries.retry(s),
                    new AtomicReference<>(), new AtomicReference<>());
            g.breaker().getEventPublisher().onStateTransition(e ->
                    log.warn("silo {} circuit breaker {}", s, e.getStateTransition()));
            register(g);
            return g;
        });
    }

    public Collection<Guard> guards() {
        return List.copyOf(guards.values());
    }

    /**
     * Runs {@code call} on the silo's threads under its protection. The future completes
     * with the call's result or exceptionally: with {@link io.github.resilience4j.circuitbreaker.CallNotPermittedException}
     * (breaker open), {@link java.util.concurrent.TimeoutException} (the silo's deadline),
     * {@link BulkheadFullException} (its threads and queue are taken) or what the call threw.
     */
    public <T> CompletableFuture<T> call(String silo, Supplier<T> call) {
        Guard g = guard(silo);
        Supplier<CompletionStage<T>> onSiloThreads = () -> {
            try {
                return g.bulkhead().executeSupplier(call);
            } catch (BulkheadFullException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
        Supplier<CompletionStage<T>> timed = () -> g.limiter().executeCompletionStage(timers, onSiloThreads);
        Supplier<CompletionStage<T>> guarded = () -> g.breaker().executeCompletionStage(timed);
        return g.retry().executeCompletionStage(timers, guarded).toCompletableFuture()
                .whenComplete((r, e) -> {
                    if (e == null) {
                        g.lastSuccess().set(Instant.now());
                    } else if (!refusedByTheHub(e)) {
                        g.lastFailure().set(Instant.now());
                    }
                });
    }

    /** A call the open breaker or the full bulkhead kept from the silo: says nothing new about the silo. */
    private static boolean refusedByTheHub(Throwable e) {
        Throwable c = e;
        while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c instanceof io.github.resilience4j.circuitbreaker.CallNotPermittedException || c instanceof BulkheadFullException;
    }

    private void register(Guard g) {
        try {
            ObjectName name = objectName(g.silo());
            if (!jmx.isRegistered(name)) {
                jmx.registerMBean(new SiloProtectionView(g), name);
                registered.add(name);
            }
        } catch (JMException e) {
            log.warn("silo {} protection not registered in JMX: {}", g.silo(), e.getClass().getSimpleName());
        }
    }

    static ObjectName objectName(String silo) throws JMException {
        return new ObjectName(JMX_DOMAIN + ":type=SiloProtection,name=" + ObjectName.quote(silo));
    }

    @Override
    public void close() {
        timers.shutdownNow();
        for (Guard g : guards.values()) {
            try {
                g.bulkhead().close();
            } catch (Exception e) {
                log.debug("bulkhead {} close: {}", g.silo(), e.getClass().getSimpleName());
            }
        }
        for (ObjectName name : registered) {
            try {
                jmx.unregisterMBean(name);
            } catch (JMException e) {
                log.debug("MBean {} not unregistered: {}", name, e.getClass().getSimpleName());
            }
        }
        registered.clear();
    }
}
