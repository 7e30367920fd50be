package cn.tongban.hub.lookup;

import java.time.Instant;

/**
 * What one source contributed to an answer: {@code status} is one of ok, not_found,
 * timeout, circuit_open, error, stale; {@code fetchedAt} and {@code ageSeconds} say how
 * fresh the data is; {@code version} is the source record version where the source has one.
 */
public record SourceStatus(String status, Instant fetchedAt, Long ageSeconds, Long version) {

    public static final String OK = "ok";
    public static final String NOT_FOUND = "not_found";
    public static final String TIMEOUT = "timeout";
    public static final String CIRCUIT_OPEN = "circuit_open";
    public static final String ERROR = "error";
    public static final String STALE = "stale";
}
