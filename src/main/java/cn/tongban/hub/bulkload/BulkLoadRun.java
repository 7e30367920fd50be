package cn.tongban.hub.bulkload;

import java.time.Instant;

/** One row of {@code bulk_load_run}: a run of a bulk load and its checkpoint. */
public record BulkLoadRun(long id, String silo, String dataset, State state, boolean blocking, long total, long done,
                          long quarantined, String lastKey, double rate, Instant startedAt, Instant updatedAt,
                          Instant finishedAt, String error, String owner) {

    /** The life of a run; only RUNNING holds the (silo, dataset) slot. */
    public enum State {
        RUNNING, DONE, FAILED, ABORTED
    }

    public String name() {
        return silo + "/" + dataset;
    }

    /** Rows left over records per second, in seconds; null while the rate is unknown or zero. */
    public static Long etaSeconds(long total, long done, double rate) {
        if (total <= 0) {
            // Not counted yet (waiting for a dependency, or the COUNT is running).
            return null;
        }
        if (rate <= 0 || done >= total) {
            return done >= total ? 0L : null;
        }
        return (long) Math.ceil((total - done) / rate);
    }
}
