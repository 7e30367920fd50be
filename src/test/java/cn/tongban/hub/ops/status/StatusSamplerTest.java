package cn.tongban.hub.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The status page's sampler: differences between samples, the meters it prefers, its window. */
class StatusSamplerTest {

    // The hub's registry: its histograms count cumulatively, which the percentile estimate reads.
    final MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final DefaultCamelContext camel = new DefaultCamelContext();
    final MockEnvironment env = new MockEnvironment()
            .withProperty("hub.ops.status.sample-interval", "1s").withProperty("hub.ops.status.window", "3s");

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void latencyOfApiRequestsSinceThePreviousSampleWhenTheHubHasNoLookupTimer() {
        StatusSampler sampler = new StatusSampler(registry, camel, env);
        http("/api/v1/persons/{idNumber}", 10, 20);
        sampler.sample(); // baseline
        http("/api/v1/persons/{idNumber}", 30, 50);
        http("/api/v1/enterprises/{id}", 40);
        http("/actuator/health", 5000);
        sampler.sample();
        StatusSampler.Sample s = sampler.samples().get(0);
        assertThat(sampler.latencySource()).isEqualTo("http.server.requests /api/**");
        assertThat(s.lookups()).isEqualTo(3);
        assertThat(s.meanMs()).isEqualTo(40.0);
        assertThat(s.maxMs()).isLessThan(5000.0);
    }

    @Test
    void prefersTheHubLookupTimerAndEstimatesThe95thPercentileFromItsHistogram() {
        StatusSampler sampler = new StatusSampler(registry, camel, env);
        Timer lookups = Timer.builder("hub.lookups").tag("endpoint", "person").tag("outcome", "ok")
                .publishPercentileHistogram().register(registry);
        sampler.sample();
        for (int i = 0; i < 96; i++) {
            lookups.record(Duration.ofMillis(8));
        }
        for (int i = 0; i < 4; i++) {
            lookups.record(Duration.ofMillis(900));
        }
        http("/api/v1/persons/{idNumber}", 10);
        sampler.sample();
        StatusSampler.Sample s = sampler.samples().get(0);
        assertThat(sampler.latencySource()).isEqualTo("hub.lookups");
        assertThat(s.lookups()).isEqualTo(100);
        assertThat(s.p95Ms()).isBetween(8.0, 20.0);
        assertThat(s.maxMs()).isEqualTo(900.0);
    }

    @Test
    void noLookupsMeansAPointWithoutLatency() {
        StatusSampler sampler = new StatusSampler(registry, camel, env);
        sampler.sample();
        sampler.sample();
        assertThat(sampler.samples()).singleElement().satisfies(s -> {
            assertThat(s.lookups()).isZero();
            assertThat(s.meanMs()).isNull();
        });
    }

    @Test
    void readsTheLagGaugeByTopicWhenTheHubPublishesIt() {
        AtomicLong lag = new AtomicLong(42);
        Gauge.builder("hub.ingestion.lag", lag, AtomicLong::get).tag("topic", "market-regulation.enterprise-events").register(registry);
        StatusSampler sampler = new StatusSampler(registry, camel, env);
        sampler.sample();
        sampler.sample();
        assertThat(sampler.lagSource()).isEqualTo("hub.ingestion.lag");
        assertThat(sampler.samples().get(0).lag()).containsEntry("market-regulation.enterprise-events", 42L);
    }

    @Test
    void keepsOnlyTheWindow() {
        StatusSampler sampler = new StatusSampler(registry, camel, env);
        for (int i = 0; i < 6; i++) {
            sampler.sample();
        }
        List<StatusSampler.Sample> samples = sampler.samples();
        assertThat(samples).hasSize(3);
        assertThat(samples.get(0).at()).isBeforeOrEqualTo(samples.get(2).at());
    }

    private void http(String uri, long... millis) {
        Timer t = Timer.builder("http.server.requests").tag("uri", uri).tag("status", "200").register(registry);
        for (long m : millis) {
            t.record(Duration.ofMillis(m));
        }
    }
}
