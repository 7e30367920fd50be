package cn.tongban.hub.ops.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The hub's own meters, named once here (docs/operations.md, the Grafana dashboard and the
 * alert rules use exactly these; Prometheus adds {@code _seconds}/{@code _total}). Every tag
 * takes its values from a small closed set (endpoint, outcome, silo id, status, stable reason
 * code, canonical field name): never an identifier, a key or a case number.
 *
 * <p>Meters are looked up once per tag combination and kept: the hot paths (a look-up, a
 * silo call, an ingested event) cost a map read and an increment, not a builder and a
 * registry look-up.
 */
@Component
public class HubMetrics {

    public static final String LOOKUPS = "hub.lookups";
    public static final String LOOKUP_SOURCES = "hub.lookup.sources";
    public static final String SILO_CALLS = "hub.silo.calls";
    public static final String INGESTION_EVENTS = "hub.ingestion.events";
    public static final String INGESTION_LAG = "hub.ingestion.lag";
    public static final String QUARANTINE_RECORDS = "hub.quarantine.records";
    public static final String DEADLETTER_RECORDS = "hub.deadletter.records";
    public static final String CONFLICTS = "hub.conflicts";
    public static final String UNRESOLVED_OPEN = "hub.unresolved.open";
    public static final String UNRESOLVED_OVERDUE = "hub.unresolved.overdue";
    public static final String MAINTENANCE = "hub.maintenance";

    /** Values of the {@code endpoint} tag of {@link #LOOKUPS}. */
    public enum Endpoint { ENTERPRISE, PERSON, VERIFICATION, PRECHECK;
        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Values of the {@code outcome} tag of {@link #LOOKUPS}: an answer with every source ok or
     * not found; an answer with at least one source timed out, refused by its breaker, in
     * error or served stale; a 4xx (bad identifier, no client or purpose, not allowed, not
     * found, too many requests); a 5xx (including 503 when the audit cannot be written).
     */
    public enum LookupOutcome { OK, DEGRADED, REFUSED, ERROR;
        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Look-up latency as the caller sees it, from the first filter to the last byte held for
     * the audit. Buckets from 5 ms to 10 s cover a local-replica answer up to far beyond the
     * 2 s request deadline, with about 40 buckets per series.
     */
    static final Duration HISTOGRAM_MIN = Duration.ofMillis(5);
    static final Duration HISTOGRAM_MAX = Duration.ofSeconds(10);

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public HubMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Meters nobody reads: for services built without Spring (unit tests). */
    public static HubMetrics detached() {
        return new HubMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One look-up through the API, {@code hub.lookups{endpoint, outcome}}. */
    public void lookup(Endpoint endpoint, LookupOutcome outcome, long nanos) {
        timers.computeIfAbsent(LOOKUPS + '|' + endpoint + '|' + outcome, k -> Timer.builder(LOOKUPS)
                        .description("Look-ups through the API by endpoint and outcome, as the caller waits for them")
                        .tag("endpoint", endpoint.tag()).tag("outcome", outcome.tag())
                        .publishPercentileHistogram().minimumExpectedValue(HISTOGRAM_MIN).maximumExpectedValue(HISTOGRAM_MAX)
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One source's status in a look-up answer, {@code hub.lookup.sources{source, status}}. */
    public void lookupSource(String silo, String status) {
        counter(LOOKUP_SOURCES, "Sources of look-up answers by silo and status (ok, not_found, timeout, circuit_open, error, stale)",
                "source", silo, "status", status).increment();
    }

    /**
     * One call to a pull silo as its protection saw it, before any fallback to the cache:
     * {@code hub.silo.calls{silo, outcome}}, outcome ok, not_found, timeout, error,
     * circuit_open (refused by the open breaker) or rejected (the silo's threads and queue full).
     */
    public void siloCall(String silo, String outcome, long nanos) {
        timers.computeIfAbsent(SILO_CALLS + '|' + silo + '|' + outcome, k -> Timer.builder(SILO_CALLS)
                        .description("Calls to the pull silos by silo and outcome")
                        .tag("silo", known(silo)).tag("outcome", known(outcome))
                        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(HISTOGRAM_MAX)
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One change event from a push silo, {@code hub.ingestion.events{source, outcome}}: applied, current, stale, quarantined. */
    public void ingestion(String source, String outcome) {
        counter(INGESTION_EVENTS, "Change events ingested by source and outcome (applied, current, stale, quarantined)",
                "source", source, "outcome", outcome).increment();
    }

    /** A record put into quarantine (or back into it), {@code hub.quarantine.records{source, reason}}. */
    public void quarantined(String source, String reason) {
        counter(QUARANTINE_RECORDS, "Records quarantined by source and stable reason code", "source", source, "reason", reason)
                .increment();
    }

    /** A record written to the dead-letter topic, {@code hub.deadletter.records{source, reason}}. */
    public void deadLettered(String source, String reason) {
        counter(DEADLETTER_RECORDS, "Records written to the dead-letter topic by source and stable reason code",
                "source", source, "reason", reason).increment();
    }

    /** A field on which the silos disagreed in a look-up answer, {@code hub.conflicts{field}}. */
    public void conflict(String field) {
        counter(CONFLICTS, "Fields on which silos disagreed in look-up answers, by canonical field", "field", field).increment();
    }

    /** A tag value never null (Micrometer refuses null). */
    private static String known(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }

    private Counter counter(String name, String description, String... tags) {
        StringBuilder key = new StringBuilder(name);
        for (int i = 0; i < tags.length; i++) {
            tags[i] = known(tags[i]);
            key.append('|').append(tags[i]);
        }
        return counters.computeIfAbsent(key.toString(), k -> Counter.builder(name).description(description).tags(tags)
                .register(registry));
    }
}
