package cn.tongban.hub.lookup;

import java.time.Duration;

/** The time a look-up has left: started once per request, shared by every call it makes. */
record Deadline(long startedNanos, long budgetNanos) {

    static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime(), budget.toNanos());
    }

    long remainingNanos() {
        return Math.max(0, startedNanos + budgetNanos - System.nanoTime());
    }

    long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    long budgetMillis() {
        return budgetNanos / 1_000_000;
    }
}
