package cn.tongban.hub.sources;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import cn.tongban.hub.canonical.Silo;
import cn.tongban.hub.canonical.SourcedValue;
import cn.tongban.hub.crosswalk.AliasLink;
import cn.tongban.hub.crosswalk.Crosswalk;
import cn.tongban.hub.crosswalk.KeyResolver;
import cn.tongban.hub.mapping.CompiledMapping;
import cn.tongban.hub.mapping.MappedRecord;
import cn.tongban.hub.mapping.MappingException;
import cn.tongban.hub.mapping.Mappings;
import cn.tongban.hub.mapping.Values;
import cn.tongban.hub.quarantine.QuarantineRepository;
import cn.tongban.hub.registry.EnterpriseReplicaRepository;
import cn.tongban.hub.registry.ReplicaEnterprise;

/**
 * Reconciles a row silo read in full (every row of a table, e.g. by camel-sql): maps every
 * row through the mapping named in {@link #MAPPING}, keys it through the crosswalk, asserts
 * the links the mapping's {@code key.asserts} names, quarantines what cannot be mapped or
 * keyed, compares enterprise facts with the registry replica, and records one outcome per
 * record in {@code record_outcome} for the data-quality summary. Written once for any row
 * silo: a route sets the headers below and sends the rows.
 *
 * <p>Re-running is harmless: outcomes are upserted per (mapping, record), a record is
 * quarantined once per {@code <table>/<record id>}, and a record that maps now leaves
 * quarantine. The body left behind is the list of {@link DeadLetter}s newly quarantined in
 * this run, for the route to copy to the dead-letter topic.
 */
@Component("siloSync")
public class SiloSync {

    /** Header: the mapping id, e.g. {@code social-insurance.unit}. */
    public static final String MAPPING = "HubMapping";
    /** Header: the source table, the first part of the quarantine source_ref ({@code AB01/<id>}). */
    public static final String SOURCE_TABLE = "HubSourceTable";
    /** Header: the column holding the record id (the mapping's {@code record.id}). */
    public static final String RECORD_ID_COLUMN = "HubRecordIdColumn";
    /** Header: comma-separated canonical fields to compare with the registry replica (enterprise mappings only). */
    public static final String COMPARE_FIELDS = "HubCompareFields";
    /** Header set after the run: the {@link Report}. */
    public static final String REPORT = "HubSyncReport";

    /** What one run did, counted over the rows read. */
    public record Report(String mappingId, int rows, int mapped, int quarantined, int newlyQuarantined,
                         int leftQuarantine, int linksAsserted, Map<String, Integer> conflicts, long millis) {
    }

    /** A record newly quarantined: its reason code (the Kafka key) and the row as JSON. */
    public record DeadLetter(String reasonCode, String payload) {
    }

    private static final Logger log = LoggerFactory.getLogger(SiloSync.class);

    private static final String UPSERT_OUTCOME = """
            insert into record_outcome (mapping_id, record_id, silo, outcome, reason_code, linked_by, flags,
                                        compared_with, conflicts, last_run_at)
            values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?)
            on conflict (mapping_id, record_id) do update set
                silo = excluded.silo, outcome = excluded.outcome, reason_code = excluded.reason_code,
                linked_by = excluded.linked_by, flags = excluded.flags, compared_with = excluded.compared_with,
                conflicts = excluded.conflicts, last_run_at = excluded.last_run_at
            """;

    private final Mappings mappings;
    private final Crosswalk crosswalk;
    private final QuarantineRepository quarantine;
    private final EnterpriseReplicaRepository replica;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();
    // One run per mapping at a time in this replica: a scheduled run and one on demand must
    // not interleave their outcome writes (the later run's view wins, as it should).
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    SiloSync(Mappings mappings, Crosswalk crosswalk, QuarantineRepository quarantine, EnterpriseReplicaRepository replica,
             JdbcTemplate jdbc, ObjectMapper json) {
        this.mappings = mappings;
        this.crosswalk = crosswalk;
        this.quarantine = quarantine;
        this.replica = replica;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The route step: rows in the body, settings in the headers; leaves the dead letters in the body. */
    public void sync(Exchange exchange) {
        Message in = exchange.getMessage();
        List<?> rows = in.getBody(List.class);
        String compare = in.getHeader(COMPARE_FIELDS, String.class);
        List<String> compareFields = compare == null || compare.isBlank() ? List.of()
                : List.of(compare.trim().split("\\s*,\\s*"));
        List<DeadLetter> deadLetters = new ArrayList<>();
        Report report = run(require(in, MAPPING), require(in, SOURCE_TABLE), require(in, RECORD_ID_COLUMN),
                compareFields, rows == null ? List.of() : rows, deadLetters);
        in.setHeader(REPORT, report);
        in.setBody(deadLetters);
    }

    /** One reconciliation run over every row of the source; see the class comment. */
    public Report run(String mappingId, String table, String idColumn, List<String> compareFields, List<?> rows,
                      List<DeadLetter> deadLetters) {
        ReentrantLock lock = locks.computeIfAbsent(mappingId, k -> new ReentrantLock());
        lock.lock();
        try {
            return runLocked(mappingId, table, idColumn, compareFields, rows, deadLetters);
        } finally {
            lock.unlock();
        }
    }

    private Report runLocked(String mappingId, String table, String idColumn, List<String> compareFields, List<?> rows,
                             List<DeadLetter> deadLetters) {
        Instant runAt = clock.instant();
        Report report = apply(mappingId, table, idColumn, compareFields, rows, deadLetters, runAt);
        // A full read: records no longer in the silo no longer count.
        forgetOutcomesBefore(mappingId, runAt);
        // Counts only: the rows hold personal data.
        log.info("Synced {}: {} rows, {} mapped, {} quarantined ({} new, {} left quarantine), {} links, conflicts {} in {} ms",
                mappingId, report.rows(), report.mapped(), report.quarantined(), report.newlyQuarantined(),
                report.leftQuarantine(), report.linksAsserted(), report.conflicts(), report.millis());
        return report;
    }

    /**
     * Reconciles one batch of a full read made in several batches (the bulk load,
     * cn.tongban.hub.bulkload): the same work as {@link #run} for these rows, stamped with
     * {@code runAt}, without forgetting the outcomes of records not in the batch; the caller
     * calls {@link #forgetOutcomesBefore} once the whole table has been read. Writes through
     * the store's JdbcTemplate, so it joins the caller's transaction when there is one.
     */
    public Report runBatch(String mappingId, String table, String idColumn, List<String> compareFields, List<?> rows,
                           List<DeadLetter> deadLetters, Instant runAt) {
        ReentrantLock lock = locks.computeIfAbsent(mappingId, k -> new ReentrantLock());
        lock.lock();
        try {
            return apply(mappingId, table, idColumn, compareFields, rows, deadLetters, runAt);
        } finally {
            lock.unlock();
        }
    }

    /** After a full read that started at {@code runAt}: outcomes of records it did not see (gone from the silo) go. */
    public int forgetOutcomesBefore(String mappingId, Instant runAt) {
        return jdbc.update("delete from record_outcome where mapping_id = ? and last_run_at < ?", mappingId, Timestamp.from(runAt));
    }

    private Report apply(String mappingId, String table, String idColumn, List<String> compareFields, List<?> rows,
                         List<DeadLetter> deadLetters, Instant runAt) {
        long started = System.nanoTime();
        CompiledMapping mapping = mappings.require(mappingId);
        boolean compareWithReplica = !compareFields.isEmpty() && "enterprise".equals(mapping.entity().keySpace());
        Timestamp runStamp = Timestamp.from(runAt);
        String silo = mapping.silo();
        List<Object[]> outcomes = new ArrayList<>(rows.size());
        List<AliasLink> links = new ArrayList<>();
        Set<String> mappedRefs = new LinkedHashSet<>();
        Map<String, Integer> conflictCounts = new LinkedHashMap<>();
        int mapped = 0;
        int quarantined = 0;
        int fresh = 0;
        Set<String> seen = new java.util.HashSet<>();
        for (Object o : rows) {
            if (!(o instanceof Map<?, ?> row)) {
                continue;
            }
            String recordId = Values.text(row.get(idColumn));
            if (recordId == null || !seen.add(recordId)) {
                // No local key, or the same key twice: nothing stable to count or quarantine it by.
                recordId = recordId == null ? "#row" + outcomes.size() : recordId + "#dup" + outcomes.size();
            }
            String sourceRef = table + "/" + recordId;
            try {
                MappedRecord keyed = KeyResolver.resolve(mapping, mapping.map(row, runAt), crosswalk);
                links.addAll(KeyResolver.assertedLinks(mapping, keyed));
                mappedRefs.add(sourceRef);
                String linkedBy = keyed.flags().stream().filter(f -> f.startsWith(KeyResolver.LINKED_BY))
                        .map(f -> f.substring(KeyResolver.LINKED_BY.length())).findFirst().orElse(null);
                List<String> flags = keyed.flags().stream().filter(f -> !f.startsWith(KeyResolver.LINKED_BY)).toList();
                String comparedWith = null;
                List<String> conflicts = List.of();
                if (compareWithReplica) {
                    String key = keyed.text(mapping.key().key().json());
                    ReplicaEnterprise authoritative = key == null ? null : replica.findByUscc(key).orElse(null);
                    if (authoritative != null) {
                        comparedWith = Silo.MARKET_REGULATION.id();
                        conflicts = conflicts(keyed, authoritative, compareFields);
                        conflicts.forEach(f -> conflictCounts.merge(f, 1, Integer::sum));
                    }
                }
                outcomes.add(new Object[] {mappingId, recordId, silo, "MAPPED", null, linkedBy, write(flags),
                        comparedWith, write(conflicts), runStamp});
                mapped++;
            } catch (MappingException e) {
                String payload = write(row);
                boolean added = quarantine.add(silo, e.error().name(), e.getMessage(), payload, sourceRef)
                        || quarantine.reopen(silo, sourceRef, e.error().name(), e.getMessage());
                if (added) {
                    deadLetters.add(new DeadLetter(e.error().name(), payload));
                    fresh++;
                }
                outcomes.add(new Object[] {mappingId, recordId, silo, "QUARANTINED", e.error().name(), null, "[]",
                        null, "[]", runStamp});
                quarantined++;
            }
        }
        crosswalk.assertLinks(links);
        int left = quarantine.resolve(silo, mappedRefs);
        jdbc.batchUpdate(UPSERT_OUTCOME, outcomes);
        return new Report(mappingId, rows.size(), mapped, quarantined, fresh, left, links.size(), conflictCounts,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The compared fields whose values both silos hold and which differ after text normalisation. */
    static List<String> conflicts(MappedRecord record, ReplicaEnterprise authoritative, List<String> fields) {
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            String mine = Values.text(record.text(f));
            SourcedValue theirs = authoritative.fields().get(f);
            String other = theirs == null ? null : Values.text(theirs.value());
            if (mine != null && other != null && !mine.equals(other)) {
                out.add(f);
            }
        }
        return out;
    }

    private static String require(Message in, String header) {
        String v = in.getHeader(header, String.class);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("the sync step needs the header " + header);
        }
        return v;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a sync record", e);
        }
    }
}
