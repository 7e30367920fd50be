package cn.tongban.hub.sources;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

import cn.tongban.hub.canonical.CanonicalField;
import cn.tongban.hub.canonical.Entity;
import cn.tongban.hub.canonical.Provenance;
import cn.tongban.hub.canonical.SourcedValue;
import cn.tongban.hub.canonical.ValueType;
import cn.tongban.hub.lookup.LookupProperties;
import cn.tongban.hub.mapping.MappedRecord;

/**
 * The last-known-good answer of each pull mapping per key (table {@code last_known_good}):
 * written after every successful look-up, read when a silo cannot answer, so that the
 * look-up serves the records marked stale with their age instead of nothing.
 *
 * <p>Writes leave the request path: they queue on one writer thread and are dropped (and
 * counted, {@code hub_lkg_writes_dropped_total}) when the queue is full; a cache may miss a
 * write, an answer may not wait for one. Values are stored as JSON and read back in the
 * Java type of their canonical field (decimal as BigDecimal, integer as Long, the rest text).
 */
@Repository
public class LastKnownGood implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LastKnownGood.class);

    /** A cached answer: the records as they were fetched, and when. */
    public record Entry(Instant fetchedAt, List<MappedRecord> records) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Duration maxAge;
    private final Clock clock = Clock.systemUTC();
    private final ThreadPoolExecutor writer;
    private final AtomicLong dropped;

    public LastKnownGood(JdbcTemplate jdbc, ObjectMapper json, MeterRegistry meters, LookupProperties props) {
        this.jdbc = jdbc;
        this.json = json;
        this.maxAge = props.staleMaxAge();
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(2_000), r -> {
            Thread t = new Thread(r, "lkg-writer");
            t.setDaemon(true);
            return t;
        });
        this.dropped = new AtomicLong();
        meters.more().counter("hub.lkg.writes.dropped", List.of(), dropped);
        meters.gauge("hub.lkg.write.queue", writer.getQueue(), java.util.Collection::size);
    }

    /** The age beyond which a cached answer is never served. */
    public Duration maxAge() {
        return maxAge;
    }

    /** Remembers a successful answer (asynchronously; never blocks, never throws). */
    public void remember(String mappingId, String key, List<MappedRecord> records) {
        if (records.isEmpty() || key == null) {
            return;
        }
        try {
            writer.execute(() -> write(mappingId, key, records));
        } catch (RejectedExecutionException e) {
            dropped.incrementAndGet();
        }
    }

    void write(String mappingId, String key, List<MappedRecord> records) {
        try {
            Instant fetchedAt = records.get(0).fetchedAt();
            jdbc.update("""
                    insert into last_known_good (mapping_id, subject_key, fetched_at, records) values (?, ?, ?, cast(? as jsonb))
                    on conflict (mapping_id, subject_key) do update set fetched_at = excluded.fetched_at, records = excluded.records
                    where last_known_good.fetched_at <= excluded.fetched_at""",
                    mappingId, key, Timestamp.from(fetchedAt), json.writeValueAsString(encode(records)));
        } catch (Exception e) {
            // The store may be down too; a missed cache write costs a stale answer later, nothing else.
            log.warn("last-known-good write for {} failed: {}", mappingId, e.getClass().getSimpleName());
        }
    }

    /** The cached answer for a key if it is younger than {@link #maxAge()}. */
    public Optional<Entry> find(String mappingId, String key) {
        try {
            List<Entry> rows = jdbc.query("select fetched_at, records from last_known_good where mapping_id = ? and subject_key = ? "
                            + "and fetched_at > ?",
                    (rs, i) -> new Entry(rs.getTimestamp(1).toInstant(), decode(rs.getString(2))),
                    mappingId, key, Timestamp.from(clock.instant().minus(maxAge)));
            return rows.stream().findFirst();
        } catch (Exception e) {
            log.warn("last-known-good read for {} failed: {}", mappingId, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** Purges what may no longer be served (hourly): a cache of personal data is kept no longer than it is useful. */
    @Scheduled(fixedDelayString = "${hub.lookup.stale-purge-period:1h}", initialDelayString = "${hub.lookup.stale-purge-period:1h}")
    public int purge() {
        try {
            return jdbc.update("delete from last_known_good where fetched_at <= ?", Timestamp.from(clock.instant().minus(maxAge)));
        } catch (Exception e) {
            log.warn("last-known-good purge failed: {}", e.getClass().getSimpleName());
            return 0;
        }
    }

    /** Waits (bounded) until the writes queued so far are done; for tests and an orderly shutdown. */
    public boolean flush(Duration timeout) {
        try {
            // One writer thread, first in first out: a no-op queued now finishes after every earlier write.
            writer.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | RejectedExecutionException e) {
            return false;
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    ArrayNode encode(List<MappedRecord> records) {
        ArrayNode out = json.createArrayNode();
        for (MappedRecord r : records) {
            ObjectNode o = out.addObject();
            o.put("silo", r.silo());
            o.put("entity", r.entity().id());
            o.put("recordId", r.recordId());
            if (r.version() != null) {
                o.put("version", r.version());
            }
            if (r.changedAt() != null) {
                o.put("changedAt", r.changedAt().toString());
            }
            o.put("fetchedAt", r.fetchedAt().toString());
            ArrayNode flags = o.putArray("flags");
            r.flags().forEach(flags::add);
            ObjectNode fields = o.putObject("fields");
            r.fields().forEach((name, v) -> {
                ObjectNode f = fields.putObject(name);
                f.set("value", json.valueToTree(v.value()));
                Provenance p = v.provenance();
                if (p != null) {
                    f.put("silo", p.silo());
                    f.put("sourceField", p.sourceField());
                    f.put("recordId", p.recordId());
                    if (p.fetchedAt() != null) {
                        f.put("fetchedAt", p.fetchedAt().toString());
                    }
                }
            });
        }
        return out;
    }

    List<MappedRecord> decode(String text) {
        try {
            // Decimals keep their scale (an amount of 100.50 stays 100.50).
            return decode(json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(text));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable last-known-good entry", e);
        }
    }

    List<MappedRecord> decode(JsonNode array) {
        List<MappedRecord> out = new ArrayList<>();
        for (JsonNode o : array) {
            Entity entity = Entity.byId(o.path("entity").asText())
                    .orElseThrow(() -> new IllegalStateException("unknown entity in the cache"));
            Map<String, SourcedValue> fields = new LinkedHashMap<>();
            o.path("fields").fields().forEachRemaining(e -> {
                JsonNode f = e.getValue();
                ValueType type = entity.field(e.getKey()).map(CanonicalField::type).orElse(ValueType.TEXT);
                Provenance p = f.has("silo") ? new Provenance(text(f, "silo"), text(f, "sourceField"), text(f, "recordId"),
                        f.hasNonNull("fetchedAt") ? Instant.parse(f.get("fetchedAt").asText()) : null) : null;
                fields.put(e.getKey(), new SourcedValue(value(f.get("value"), type), p));
            });
            List<String> flags = new ArrayList<>();
            o.path("flags").forEach(n -> flags.add(n.asText()));
            out.add(new MappedRecord(text(o, "silo"), entity, text(o, "recordId"),
                    o.hasNonNull("version") ? o.get("version").asLong() : null,
                    o.hasNonNull("changedAt") ? Instant.parse(o.get("changedAt").asText()) : null,
                    fields, flags, Instant.parse(o.get("fetchedAt").asText())));
        }
        return out;
    }

    private static Object value(JsonNode v, ValueType type) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (type == ValueType.DECIMAL && v.isNumber()) {
            return v.decimalValue();
        }
        if (type == ValueType.DECIMAL) {
            return new BigDecimal(v.asText());
        }
        if (type == ValueType.INTEGER && v.isNumber()) {
            return v.longValue();
        }
        return v.isTextual() ? v.asText() : v.toString();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
