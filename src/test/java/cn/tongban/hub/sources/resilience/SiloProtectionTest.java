package cn.tongban.hub.sources.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import cn.tongban.hub.lookup.SourceStatus;
import cn.tongban.hub.mapping.Mappings;
import cn.tongban.hub.sources.SiloFailure;

/**
 * The order and the rules of a silo's protection, on small real resilience4j instances
 * configured as application.yaml configures them (smaller numbers, shorter times).
 */
class SiloProtectionTest {

    private static final String SILO = "test-silo";

    private final SiloProtection protection = protection();

    @AfterEach
    void close() {
        protection.close();
    }

    private static SiloProtection protection() {
        Mappings mappings = mock(Mappings.class);
        when(mappings.all()).thenReturn(List.of());
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMillis(300)).permittedNumberOfCallsInHalfOpenState(1)
                .recordExceptions(SiloFailure.class, TimeoutException.class)
                .ignoreExceptions(BulkheadFullException.class).build());
        ThreadPoolBulkheadRegistry bulkheads = ThreadPoolBulkheadRegistry.of(ThreadPoolBulkheadConfig.custom()
                .coreThreadPoolSize(2).maxThreadPoolSize(2).queueCapacity(1).build());
        TimeLimiterRegistry limiters = TimeLimiterRegistry.of(TimeLimiterConfig.custom()
                .timeoutDuration(Duration.ofMillis(200)).cancelRunningFuture(true).build());
        RetryRegistry retries = RetryRegistry.of(RetryConfig.custom().maxAttempts(2)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(10), 2, 0.5))
                .retryOnException(new SiloFailure.Retryable()).build());
        return new SiloProtection(breakers, bulkheads, limiters, retries, mappings);
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        try {
            f.get(5, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            Throwable c = e.getCause();
            while (c instanceof CompletionException && c.getCause() != null) {
                c = c.getCause();
            }
            return c;
        } catch (Exception e) {
            throw new AssertionError("the call did not complete in time", e);
        }
    }

    @Test
    void aRetryableFailureIsTriedOnceMoreAndAnotherNot() {
        AtomicInteger reset = new AtomicInteger();
        Throwable f1 = failureOf(protection.call(SILO, () -> {
            reset.incrementAndGet();
            throw new SiloFailure(SourceStatus.ERROR, "UNREACHABLE", true);
        }));
        AtomicInteger broken = new AtomicInteger();
        Throwable f2 = failureOf(protection.call(SILO, () -> {
            broken.incrementAndGet();
            throw new SiloFailure(SourceStatus.ERROR, "HTTP_500", false);
        }));
        assertThat(f1).isInstanceOf(SiloFailure.class);
        assertThat(reset).hasValue(2);
        assertThat(f2).isInstanceOf(SiloFailure.class);
        assertThat(broken).hasValue(1);
    }

    @Test
    void aHangingCallTimesOutAtTheSilosDeadlineAndIsNotRetried() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        long t0 = System.nanoTime();
        try {
            Throwable f = failureOf(protection.call(SILO, () -> {
                calls.incrementAndGet();
                try {
                    never.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "late";
            }));
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(f).isInstanceOf(TimeoutException.class);
            assertThat(took).isBetween(150L, 2_000L);
            assertThat(calls).hasValue(1);
        } finally {
            never.countDown();
        }
    }

    @Test
    void theBreakerOpensOnFailuresRefusesWithoutCallingAndRecoversThroughHalfOpen() throws Exception {
        for (int i = 0; i < 4; i++) {
            failureOf(protection.call(SILO, () -> {
                throw new SiloFailure(SourceStatus.ERROR, "HTTP_500", false);
            }));
        }
        CircuitBreaker breaker = protection.guard(SILO).breaker();
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        AtomicInteger called = new AtomicInteger();
        Throwable refused = failureOf(protection.call(SILO, () -> called.incrementAndGet()));
        assertThat(refused).isInstanceOf(CallNotPermittedException.class);
        assertThat(called).hasValue(0);
        // After the open wait, one probe call is let through; it succeeds, so the breaker closes.
        // Calls before the wait is over are refused without reaching the silo; poll until one is let through.
        org.awaitility.Awaitility.await("a probe call let through after the open wait").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> "back".equals(protection.call(SILO, () -> "back").exceptionally(e -> null).get(5, TimeUnit.SECONDS)));
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(protection.guard(SILO).lastSuccess().get()).isNotNull();
    }

    @Test
    void businessAnswersDoNotCountAgainstTheSilo() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(protection.call(SILO, () -> "not_found").get(5, TimeUnit.SECONDS)).isEqualTo("not_found");
        }
        assertThat(protection.guard(SILO).breaker().getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void whenTheSilosThreadsAndQueueAreTakenTheNextCallIsRefusedAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        try {
            List<CompletableFuture<String>> busy = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                busy.add(protection.call(SILO, () -> {
                    started.countDown();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "ok";
                }));
            }
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            Throwable full = failureOf(protection.call(SILO, () -> "never"));
            assertThat(full).isInstanceOf(BulkheadFullException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(150L);
            // A full bulkhead is the hub's own limit, not the silo's failure.
            assertThat(protection.guard(SILO).breaker().getMetrics().getNumberOfFailedCalls()).isLessThanOrEqualTo(3);
        } finally {
            release.countDown();
        }
    }

    @Test
    void eachSiloIsAnMBean() throws Exception {
        protection.guard(SILO);
        var jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        var name = SiloProtection.objectName(SILO);
        assertThat(jmx.getAttribute(name, "CircuitBreakerState")).isEqualTo("CLOSED");
        jmx.invoke(name, "forceOpen", null, null);
        assertThat(jmx.getAttribute(name, "CircuitBreakerState")).isEqualTo("FORCED_OPEN");
        jmx.invoke(name, "reset", null, null);
        assertThat(jmx.getAttribute(name, "CircuitBreakerState")).isEqualTo("CLOSED");
    }
}
