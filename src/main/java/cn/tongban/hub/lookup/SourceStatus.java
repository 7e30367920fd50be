package cn.tongban.hub.lookup;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import cn.tongban.hub.sources.SiloAnswer;

/**
 * What one source contributed to an answer: {@code status} is one of ok, not_found,
 * timeout, circuit_open, error, stale; {@code fetchedAt} and {@code ageSeconds} say how
 * fresh the data is; {@code version} is the source record version where the source has one;
 * {@code elapsedMillis} is how long the call took and {@code errorCode} names a failed call
 * (TIMED_OUT, UNREACHABLE, DEADLINE_EXCEEDED, HTTP_503, ...).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceStatus(String status, Instant fetchedAt, Long ageSeconds, Long version, Long elapsedMillis,
                           String errorCode) {

    public static final String OK = "ok";
    public static final String NOT_FOUND = "not_found";
    public static final String TIMEOUT = "timeout";
    public static final String CIRCUIT_OPEN = "circuit_open";
    public static final String ERROR = "error";
    public static final String STALE = "stale";

    public SourceStatus(String status, Instant fetchedAt, Long ageSeconds, Long version) {
        this(status, fetchedAt, ageSeconds, version, null, null);
    }

    /** The status of a pull silo's answer; fetched-at is when its first record was fetched. */
    static SourceStatus of(SiloAnswer a, Instant now) {
        Instant fetched = a.records().isEmpty() ? null : a.records().get(0).fetchedAt();
        Long age = fetched == null ? null : Math.max(0, java.time.Duration.between(fetched, now).toSeconds());
        Long version = a.records().isEmpty() ? null : a.records().get(0).version();
        return new SourceStatus(a.status(), fetched, age, version, a.elapsedMillis(), a.errorCode());
    }
}
