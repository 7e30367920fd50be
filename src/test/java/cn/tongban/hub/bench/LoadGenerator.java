package cn.tongban.hub.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The load generator of the benchmarks, in two modes.
 * <ul>
 * <li><b>Open loop</b> ({@link #openLoop}): requests leave on a fixed schedule whatever the
 *     server does; request {@code i} is due at {@code start + i / rate}, and its latency is
 *     completion minus that intended time, so a server that stalls is charged for every
 *     request that should have left during the stall (coordinated omission is not hidden).
 *     A request that would exceed the in-flight cap is not sent and counts as an error.
 * <li><b>Closed loop</b> ({@link #closedLoop}): N callers, each sends its next request when
 *     the previous one answered: the maximum throughput, with latency from the actual send.
 * </ul>
 * Both are bounded in time; every latency goes into an HdrHistogram (1 µs to 60 s, 3 digits).
 */
public final class LoadGenerator {

    /** One request: issues it and completes with the HTTP status (or any code, 200 = good). */
    @FunctionalInterface
    public interface Call {
        CompletableFuture<Integer> send(long sequence);
    }

    /** What one run measured. Latencies in microseconds inside the histogram. */
    public record Run(String mode, double offeredPerSecond, double seconds, long sent, long ok, long errors, long dropped,
                      Histogram histogram, Map<String, Long> errorKinds) {

        public double achievedPerSecond() {
            return ok / seconds;
        }

        public double p(double percentile) {
            return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
        }

        public double p50() {
            return p(50);
        }

        public double p99() {
            return p(99);
        }

        public double p999() {
            return p(99.9);
        }

        public double max() {
            return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
        }

        /** Errors and drops over everything attempted. */
        public double errorRate() {
            long attempted = sent + dropped;
            return attempted == 0 ? 0 : (errors + dropped) / (double) attempted;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "%s%s: sent %d ok %d errors %d dropped %d, %.0f/s achieved, p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms",
                    mode, Double.isNaN(offeredPerSecond) ? "" : String.format(java.util.Locale.ROOT, " %.0f/s", offeredPerSecond), sent, ok, errors, dropped, achievedPerSecond(), p50(), p99(), p999(), max())
                    + (errorKinds.isEmpty() ? "" : " " + errorKinds);
        }
    }

    private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(60);

    private LoadGenerator() {
    }

    /**
     * Sends at {@code ratePerSecond} for {@code seconds}, then waits at most {@code drainSeconds}
     * for what is still in flight (requests still unanswered then count as errors).
     *
     * @param maxInFlight requests in flight at most; one due when the cap is reached is dropped
     */
    public static Run openLoop(Call call, double ratePerSecond, double seconds, int maxInFlight, double drainSeconds) {
        Histogram h = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        Semaphore inFlight = new Semaphore(maxInFlight);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Map<String, Long> kinds = new ConcurrentHashMap<>();
        long dropped = 0;
        long sent = 0;
        long total = Math.max(1, Math.round(ratePerSecond * seconds));
        double periodNanos = 1e9 / ratePerSecond;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        for (long i = 0; i < total; i++) {
            long intended = start + (long) (i * periodNanos);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!inFlight.tryAcquire()) {
                dropped++;
                continue;
            }
            sent++;
            CompletableFuture<Integer> f;
            try {
                f = call.send(i);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((status, failure) -> {
                long micros = (System.nanoTime() - intended) / 1000;
                h.recordValue(Math.min(Math.max(micros, 1), HIGHEST_MICROS));
                if (failure == null && status != null && status == 200) {
                    ok.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                    kinds.merge(kind(status, failure), 1L, Long::sum);
                }
                inFlight.release();
            });
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        // Every permit back means nothing is in flight any more.
        boolean drained;
        try {
            drained = inFlight.tryAcquire(maxInFlight, (long) (drainSeconds * 1000), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        long unanswered = drained ? 0 : maxInFlight - inFlight.availablePermits();
        if (drained) {
            inFlight.release(maxInFlight);
        }
        if (dropped > 0) {
            kinds.put("dropped at the in-flight cap", dropped);
        }
        if (unanswered > 0) {
            kinds.put("unanswered after the drain", unanswered);
        }
        return new Run("open loop", ratePerSecond, Math.max(elapsed, seconds), sent, ok.get(), errors.get() + unanswered,
                dropped, h.copy(), new TreeMap<>(kinds));
    }

    /**
     * {@code callers} threads, each sending its next request when the last one answered, for
     * {@code seconds}. The call's future is waited on (at most {@code timeoutSeconds}).
     */
    public static Run closedLoop(Call call, int callers, double seconds, double timeoutSeconds) {
        Histogram h = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        Map<String, Long> kinds = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers, r -> {
            Thread t = new Thread(r, "closed-loop-caller");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        for (int c = 0; c < callers; c++) {
            pool.execute(() -> {
                try {
                    while (!stop.get() && System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        boolean good;
                        try {
                            Integer status = call.send(sequence.getAndIncrement()).get((long) (timeoutSeconds * 1000),
                                    TimeUnit.MILLISECONDS);
                            good = status != null && status == 200;
                            if (!good) {
                                kinds.merge(kind(status, null), 1L, Long::sum);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (Exception e) {
                            good = false;
                            kinds.merge(kind(null, e), 1L, Long::sum);
                        }
                        h.recordValue(Math.min(Math.max((System.nanoTime() - t0) / 1000, 1), HIGHEST_MICROS));
                        (good ? ok : errors).incrementAndGet();
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        try {
            if (!done.await((long) ((seconds + timeoutSeconds + 5) * 1000), TimeUnit.MILLISECONDS)) {
                stop.set(true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long sent = ok.get() + errors.get();
        return new Run("closed loop, " + callers + " callers", Double.NaN, elapsed, sent, ok.get(), errors.get(), 0, h.copy(),
                new TreeMap<>(kinds));
    }

    /** What kind of error: the status (599: answered 200 with a degraded source), or the exception's class. */
    private static String kind(Integer status, Throwable failure) {
        if (failure != null) {
            Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            return t.getClass().getSimpleName();
        }
        return status == null ? "no status" : status == 599 ? "200 but a source degraded" : "HTTP " + status;
    }
}
