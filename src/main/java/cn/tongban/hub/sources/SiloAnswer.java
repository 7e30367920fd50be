package cn.tongban.hub.sources;

import java.util.List;

import cn.tongban.hub.mapping.MappedRecord;

/**
 * What one pull silo gave for one key: the per-source status (ok, not_found, timeout,
 * error), the records mapped and keyed, and the records that could not be used, each with
 * its stable reason code. {@code errorCode} names a failed call (a silo code, TIMED_OUT,
 * UNREACHABLE, HTTP_503, ...).
 */
public record SiloAnswer(String mapping, String silo, String status, List<MappedRecord> records,
                         List<Rejected> rejected, String errorCode, long elapsedMillis) {

    /** A record of the answer the hub could not map or key: the reason only, never its values. */
    public record Rejected(String recordId, String code, String reason) {
    }

    public SiloAnswer {
        records = List.copyOf(records);
        rejected = List.copyOf(rejected);
    }

    /** The same answer timed from an earlier start (the call's queueing and retries included). */
    public SiloAnswer withElapsed(long millis) {
        return new SiloAnswer(mapping, silo, status, records, rejected, errorCode, millis);
    }
}
