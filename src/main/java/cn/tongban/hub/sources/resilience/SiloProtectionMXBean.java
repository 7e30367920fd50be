package cn.tongban.hub.sources.resilience;

/** What Hawtio (JMX) shows of a silo's protection, and what an operator may do to it. */
public interface SiloProtectionMXBean {

    /** CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, DISABLED, METRICS_ONLY. */
    String getCircuitBreakerState();

    /** Percentage of failed calls in the sliding window, -1 until the minimum number of calls. */
    float getFailureRate();

    /** Percentage of slow calls in the sliding window, -1 until the minimum number of calls. */
    float getSlowCallRate();

    int getBufferedCalls();

    int getFailedCalls();

    long getNotPermittedCalls();

    int getBulkheadThreads();

    int getBulkheadQueueDepth();

    int getBulkheadRemainingQueueCapacity();

    long getTimeoutMillis();

    /** ISO instant of the last call that answered, or empty. */
    String getLastSuccess();

    /** When a call to the silo last failed (ISO-8601), empty if none has. */
    String getLastFailure();

    /** Closes the breaker and forgets its window, e.g. after a silo's maintenance ended early. */
    void reset();

    /** Opens the breaker until reset, e.g. to keep calls off a silo under maintenance. */
    void forceOpen();
}
