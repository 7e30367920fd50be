package cn.tongban.hub.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The meters of {@link HubMetrics}: one per tag combination, kept; never a null tag value. */
class HubMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HubMetrics metrics = new HubMetrics(registry);

    @Test
    void countsEachTagCombinationOnOneMeter() {
        metrics.quarantined("market-regulation", "MALFORMED_RECORD");
        metrics.quarantined("market-regulation", "MALFORMED_RECORD");
        metrics.quarantined("market-regulation", "UNKEYED");
        assertThat(registry.get(HubMetrics.QUARANTINE_RECORDS).tag("reason", "MALFORMED_RECORD").counter().count()).isEqualTo(2);
        assertThat(registry.get(HubMetrics.QUARANTINE_RECORDS).counters()).hasSize(2);
    }

    @Test
    void timesLookUpsByEndpointAndOutcome() {
        metrics.lookup(HubMetrics.Endpoint.PRECHECK, HubMetrics.LookupOutcome.DEGRADED, 3_000_000);
        var timer = registry.get(HubMetrics.LOOKUPS).tag("endpoint", "precheck").tag("outcome", "degraded").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(3.0);
        // The buckets themselves are what Prometheus scrapes: OpsMetricsIT checks hub_lookups_seconds_bucket.
    }

    @Test
    void aMissingTagValueIsUnknownNotAnError() {
        metrics.deadLettered("social-insurance", null);
        metrics.siloCall(null, "ok", 1_000);
        assertThat(registry.get(HubMetrics.DEADLETTER_RECORDS).tag("reason", "unknown").counter().count()).isEqualTo(1);
        assertThat(registry.get(HubMetrics.SILO_CALLS).tag("silo", "unknown").timer().count()).isEqualTo(1);
    }
}
