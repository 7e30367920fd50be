package cn.tongban.hub.sources.resilience;

import java.time.Instant;

/** The JMX face of one silo's {@link SiloProtection.Guard}. */
final class SiloProtectionView implements SiloProtectionMXBean {

    private final SiloProtection.Guard guard;

    SiloProtectionView(SiloProtection.Guard guard) {
        this.guard = guard;
    }

    @Override
    public String getCircuitBreakerState() {
        return guard.breaker().getState().name();
    }

    @Override
    public float getFailureRate() {
        return guard.breaker().getMetrics().getFailureRate();
    }

    @Override
    public float getSlowCallRate() {
        return guard.breaker().getMetrics().getSlowCallRate();
    }

    @Override
    public int getBufferedCalls() {
        return guard.breaker().getMetrics().getNumberOfBufferedCalls();
    }

    @Override
    public int getFailedCalls() {
        return guard.breaker().getMetrics().getNumberOfFailedCalls();
    }

    @Override
    public long getNotPermittedCalls() {
        return guard.breaker().getMetrics().getNumberOfNotPermittedCalls();
    }

    @Override
    public int getBulkheadThreads() {
        return guard.bulkhead().getMetrics().getThreadPoolSize();
    }

    @Override
    public int getBulkheadQueueDepth() {
        return guard.bulkhead().getMetrics().getQueueDepth();
    }

    @Override
    public int getBulkheadRemainingQueueCapacity() {
        return guard.bulkhead().getMetrics().getRemainingQueueCapacity();
    }

    @Override
    public long getTimeoutMillis() {
        return guard.limiter().getTimeLimiterConfig().getTimeoutDuration().toMillis();
    }

    @Override
    public String getLastSuccess() {
        Instant t = guard.lastSuccess().get();
        return t == null ? "" : t.toString();
    }

    @Override
    public String getLastFailure() {
        Instant t = guard.lastFailure().get();
        return t == null ? "" : t.toString();
    }

    @Override
    public void reset() {
        guard.breaker().reset();
    }

    @Override
    public void forceOpen() {
        guard.breaker().transitionToForcedOpenState();
    }
}
