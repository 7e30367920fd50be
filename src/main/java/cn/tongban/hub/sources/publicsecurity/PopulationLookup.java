package cn.tongban.hub.sources.publicsecurity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import cn.tongban.hub.lookup.SourceStatus;

/**
 * What one look-up in the population registry (公安 人口基础信息) gave: the records as the
 * silo sent them (GA/T 543 element name to text, in document order) and, when there are
 * none, why. {@code errorCode} is the silo's own code for a failure envelope
 * ({@code 4001} bad signature, ...), a {@link cn.tongban.hub.mapping.MappingError} name for
 * an answer the hub cannot read, or one of the transport codes below.
 */
public record PopulationLookup(Status status, List<Map<String, String>> records, String errorCode) {

    /** The silo answered with an HTTP status and a body that is not an envelope. */
    public static final String HTTP_STATUS_PREFIX = "HTTP_";
    /** No answer within the configured timeouts. */
    public static final String TIMED_OUT = "TIMED_OUT";
    /** The silo could not be reached (connection refused, reset, unknown host). */
    public static final String UNREACHABLE = "UNREACHABLE";

    /** Outcome of a look-up; {@link #hubStatus()} is the per-source status of the hub's answer. */
    public enum Status {
        OK(SourceStatus.OK),
        NOT_FOUND(SourceStatus.NOT_FOUND),
        /** The silo refused the hub itself (signature, timestamp, app key): an operator must act. */
        REFUSED(SourceStatus.ERROR),
        ERROR(SourceStatus.ERROR),
        TIMEOUT(SourceStatus.TIMEOUT);

        private final String hubStatus;

        Status(String hubStatus) {
            this.hubStatus = hubStatus;
        }

        public String hubStatus() {
            return hubStatus;
        }
    }

    public PopulationLookup {
        Objects.requireNonNull(status, "status");
        records = records == null ? List.of() : records.stream()
                .map(r -> Collections.unmodifiableMap(new LinkedHashMap<>(r))).toList();
    }

    static PopulationLookup found(List<Map<String, String>> records) {
        return new PopulationLookup(Status.OK, records, null);
    }

    static PopulationLookup notFound() {
        return new PopulationLookup(Status.NOT_FOUND, List.of(), null);
    }

    static PopulationLookup failed(Status status, String errorCode) {
        return new PopulationLookup(status, List.of(), errorCode);
    }

    /** Records carry personal data: a log line or an assertion message shows only their number. */
    @Override
    public String toString() {
        return "PopulationLookup[status=" + status + ", records=" + records.size() + ", errorCode=" + errorCode + "]";
    }
}
