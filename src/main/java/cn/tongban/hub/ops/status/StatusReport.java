package cn.tongban.hub.ops.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import cn.tongban.hub.sources.resilience.SiloProtection;

/**
 * What the status page shows, as one JSON document: the silos' health and breakers, the
 * sampled look-up latency and ingestion of the last hour, reconciliation progress, records in
 * quarantine and conflicts by reason, unresolved cases by tag and department. Counts only:
 * no record, key or personal value leaves. A part that cannot be read (the store down) is
 * reported as an error in its place; the rest of the page still answers.
 */
@Component
class StatusReport {

    private static final Logger log = LoggerFactory.getLogger(StatusReport.class);

    // Same rule as the unresolved cases' report: a deadline passed before the case left that stage.
    private static final String OVERDUE = "((status = 'open' and respond_by < ?)"
            + " or (status in ('open', 'responding') and coordinate_by < ?)"
            + " or (status in ('open', 'responding', 'coordinating') and close_by < ?))";

    private final StatusSampler sampler;
    private final ObjectProvider<HealthEndpoint> health;
    private final ObjectProvider<SiloProtection> protection;
    private final JdbcTemplate jdbc;
    private final MeterRegistry registry;

    StatusReport(StatusSampler sampler, ObjectProvider<HealthEndpoint> health, ObjectProvider<SiloProtection> protection,
                 JdbcTemplate jdbc, MeterRegistry registry) {
        this.sampler = sampler;
        this.health = health;
        this.protection = protection;
        this.jdbc = jdbc;
        this.registry = registry;
    }

    Map<String, Object> report() {
        Instant now = Instant.now();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", now.toString());
        out.put("sampleIntervalSeconds", sampler.interval().toSeconds());
        out.put("silos", guarded("silos", this::silos));
        List<StatusSampler.Sample> samples = sampler.samples();
        out.put("latency", latency(samples));
        out.put("ingestion", ingestion(samples));
        out.put("quarantine", guarded("quarantine", this::quarantine));
        out.put("conflicts", guarded("conflicts", this::conflicts));
        out.put("unresolved", guarded("unresolved", () -> unresolved(now)));
        return out;
    }

    private interface Part {
        Object read();
    }

    private static Object guarded(String name, Part part) {
        try {
            return part.read();
        } catch (DataAccessException | IllegalStateException e) {
            log.warn("Status page part {} unavailable: {}", name, e.getClass().getSimpleName());
            return Map.of("error", e.getClass().getSimpleName());
        }
    }

    /** One entry per silo of the silos health component, with its breaker (pull silos only). */
    private List<Map<String, Object>> silos() {
        List<Map<String, Object>> out = new ArrayList<>();
        HealthEndpoint endpoint = health.getIfAvailable();
        HealthComponent silos = endpoint == null ? null : endpoint.healthForPath("silos");
        // One section per silo in the component's details (HealthConfiguration: a silo down makes
        // the component DEGRADED, not the hub DOWN, so the silos are not child components).
        Map<String, Object> sections = silos instanceof Health h ? h.getDetails() : Map.of();
        SiloProtection guards = protection.getIfAvailable();
        for (Map.Entry<String, Object> e : sections.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> section)) {
                continue;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            section.forEach((k, v) -> details.put(String.valueOf(k), v));
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("silo", e.getKey());
            s.put("status", String.valueOf(details.getOrDefault("status", "UNKNOWN")));
            Object breaker = details.get("breaker");
            Object failureRate = details.get("failureRate");
            if (guards != null) {
                var guard = guards.guards().stream().filter(g -> g.silo().equals(e.getKey())).findFirst();
                if (guard.isPresent()) {
                    breaker = breaker == null ? guard.get().breaker().getState().name() : breaker;
                    failureRate = failureRate == null ? guard.get().breaker().getMetrics().getFailureRate() : failureRate;
                }
            }
            s.put("breaker", breaker == null ? "NONE" : String.valueOf(breaker));
            // -1 is resilience4j's "not enough calls yet".
            s.put("failureRate", failureRate);
            for (String k : List.of("lastSuccess", "lastFailure")) {
                if (details.get(k) != null) {
                    s.put(k, String.valueOf(details.get(k)));
                }
            }
            out.add(s);
        }
        return out;
    }

    private Map<String, Object> latency(List<StatusSampler.Sample> samples) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", sampler.latencySource());
        List<Map<String, Object>> points = new ArrayList<>();
        for (StatusSampler.Sample s : samples) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("at", s.at().toString());
            p.put("count", s.lookups());
            p.put("meanMs", s.meanMs());
            p.put("p95Ms", s.p95Ms());
            p.put("maxMs", s.maxMs());
            points.add(p);
        }
        out.put("points", points);
        return out;
    }

    private Map<String, Object> ingestion(List<StatusSampler.Sample> samples) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lagSource", sampler.lagSource());
        List<Map<String, Object>> points = new ArrayList<>();
        for (StatusSampler.Sample s : samples) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("at", s.at().toString());
            p.put("lag", s.lag().isEmpty() ? null : s.lag().values().stream().mapToLong(Long::longValue).sum());
            p.put("lagByTopic", s.lag());
            p.put("consumed", s.consumed());
            points.add(p);
        }
        out.put("points", points);
        out.put("replica", guarded("replica", () -> Map.of("enterprises",
                jdbc.queryForObject("select count(*) from enterprise", Long.class))));
        out.put("reconciliation", guarded("reconciliation", this::reconciliation));
        out.put("events", counterSums("hub.ingestion.events", "outcome"));
        out.put("bulkLoad", bulkLoad());
        return out;
    }

    /** Per mapping of a pulled silo: records of the last reconciliation, mapped, quarantined. */
    private List<Map<String, Object>> reconciliation() {
        return jdbc.query("""
                select mapping_id, min(silo), count(*), count(*) filter (where outcome = 'MAPPED'),
                       count(*) filter (where outcome = 'QUARANTINED'), max(last_run_at)
                  from record_outcome group by mapping_id order by mapping_id
                """, (rs, i) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mapping", rs.getString(1));
            m.put("silo", rs.getString(2));
            m.put("records", rs.getLong(3));
            m.put("mapped", rs.getLong(4));
            m.put("quarantined", rs.getLong(5));
            Timestamp last = rs.getTimestamp(6);
            m.put("lastRunAt", last == null ? null : last.toInstant().toString());
            return m;
        });
    }

    /** Bulk initial loads in progress or done (the bulk-load gauges, when that feature is present). */
    private List<Map<String, Object>> bulkLoad() {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (String name : List.of("hub.bulkload.done", "hub.bulkload.total.rows", "hub.bulkload.rate")) {
            for (Gauge g : registry.find(name).gauges()) {
                String key = g.getId().getTag("silo") + "/" + g.getId().getTag("dataset");
                Map<String, Object> m = out.computeIfAbsent(key, k -> {
                    Map<String, Object> n = new LinkedHashMap<>();
                    n.put("silo", g.getId().getTag("silo"));
                    n.put("dataset", g.getId().getTag("dataset"));
                    return n;
                });
                double v = g.value();
                // "total.rows": a gauge named hub.bulkload.total would lose its _total suffix in Prometheus.
                m.put(name.substring("hub.bulkload.".length()).replace(".rows", ""), Double.isFinite(v) ? v : null);
            }
        }
        return List.copyOf(out.values());
    }

    /** A counter's totals by one tag since the hub started; empty when the counter does not exist. */
    private Map<String, Long> counterSums(String name, String tag) {
        Map<String, Long> out = new TreeMap<>();
        for (Counter c : registry.find(name).counters()) {
            out.merge(String.valueOf(c.getId().getTag(tag)), (long) c.count(), Long::sum);
        }
        return out;
    }

    /** Records still in quarantine (not replayed), per silo and reason code. */
    private List<Map<String, Object>> quarantine() {
        return jdbc.query("""
                select silo, reason_code, count(*) from quarantine where replayed_at is null
                 group by 1, 2 order by 3 desc, 1, 2
                """, (rs, i) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("silo", rs.getString(1));
            m.put("reason", rs.getString(2));
            m.put("count", rs.getLong(3));
            return m;
        });
    }

    /**
     * Conflicts by field: records of the last reconciliation whose value differs from the
     * authoritative silo's (per mapping and field), and, where the hub counts them, the
     * conflicts look-ups have met since the start ({@code hub.conflicts} by field).
     */
    private Map<String, Object> conflicts() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reconciliation", jdbc.query("""
                select mapping_id, compared_with, c, count(*)
                  from record_outcome, jsonb_array_elements_text(conflicts) c
                 where compared_with is not null group by 1, 2, 3 order by 4 desc, 1, 3
                """, (rs, i) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mapping", rs.getString(1));
            m.put("comparedWith", rs.getString(2));
            m.put("field", rs.getString(3));
            m.put("count", rs.getLong(4));
            return m;
        }));
        out.put("lookups", counterSums("hub.conflicts", "field"));
        return out;
    }

    /** Active unresolved cases per tag and department, and how many of them are overdue. */
    private List<Map<String, Object>> unresolved(Instant now) {
        Timestamp t = Timestamp.from(now);
        return jdbc.query("select tag, department, count(*), count(*) filter (where " + OVERDUE + ")"
                + " from unresolved_case where status not in ('closed', 'cancelled') group by 1, 2 order by 1, 2", (rs, i) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tag", rs.getString(1));
            m.put("department", rs.getString(2));
            m.put("active", rs.getLong(3));
            m.put("overdue", rs.getLong(4));
            return m;
        }, t, t, t);
    }
}
