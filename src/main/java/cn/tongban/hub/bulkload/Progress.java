package cn.tongban.hub.bulkload;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Records per second over a sliding window: samples of (time, rows done), the rate being the
 * rows done since the oldest sample in the window over the time since. A run that stops
 * progressing drops to 0 once its last batch leaves the window.
 */
final class Progress {

    private final long windowNanos;
    private final Deque<long[]> samples = new ArrayDeque<>();

    Progress(long windowNanos, long nowNanos, long done) {
        this.windowNanos = windowNanos;
        samples.add(new long[] {nowNanos, done});
    }

    synchronized void record(long nowNanos, long done) {
        samples.addLast(new long[] {nowNanos, done});
        prune(nowNanos);
    }

    synchronized double rate(long nowNanos) {
        prune(nowNanos);
        long[] first = samples.peekFirst();
        long[] last = samples.peekLast();
        long elapsed = nowNanos - first[0];
        if (elapsed < 1_000_000L || last[1] <= first[1]) {
            return 0;
        }
        return (last[1] - first[1]) * 1e9 / elapsed;
    }

    private void prune(long nowNanos) {
        long cutoff = nowNanos - windowNanos;
        // Keep the newest sample at or before the cut-off as the window's start.
        while (samples.size() > 1) {
            java.util.Iterator<long[]> it = samples.iterator();
            it.next();
            if (it.next()[0] > cutoff) {
                return;
            }
            samples.removeFirst();
        }
    }
}
