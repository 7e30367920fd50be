package cn.tongban.hub.bulkload;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the bulk initial load ({@code hub.bulkload.*}, application.yaml): batch size,
 * progress and heartbeat timing, and the datasets that can be loaded, one block per silo and
 * dataset name. A dataset is configuration only: which JDBC data source, which table (or
 * join), which unique key orders it, which columns and which mapping.
 *
 * @param batchSize            rows per keyset page and per transaction
 * @param progressLogInterval  one INFO progress line per run this often
 * @param heartbeatInterval    the owner of a run refreshes its {@code updated_at} this often
 * @param heartbeatTimeout     a RUNNING run not refreshed for this long has lost its owner
 *                             and is taken over from its last checkpoint
 * @param takeover             resume orphaned runs at start and whenever one is seen
 * @param initialLoad          at start, load every {@code initial} dataset that has no data
 *                             in the store yet, holding readiness OUT_OF_SERVICE meanwhile
 * @param readAttempts         attempts of one page read when the silo connection fails
 * @param queryTimeout         a page read still running after this long is cancelled
 * @param datasets             silo id to dataset name to dataset
 */
@ConfigurationProperties("hub.bulkload")
public record BulkLoadProperties(
        @DefaultValue("500") int batchSize,
        @DefaultValue("10s") Duration progressLogInterval,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("60s") Duration heartbeatTimeout,
        @DefaultValue("true") boolean takeover,
        @DefaultValue("false") boolean initialLoad,
        @DefaultValue("3") int readAttempts,
        @DefaultValue("60s") Duration queryTimeout,
        Map<String, Map<String, Dataset>> datasets) {

    public BulkLoadProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("hub.bulkload.batch-size must be at least 1");
        }
        if (heartbeatTimeout.compareTo(heartbeatInterval.multipliedBy(2)) <= 0) {
            throw new IllegalArgumentException("hub.bulkload.heartbeat-timeout must be more than twice the heartbeat-interval");
        }
        datasets = datasets == null ? Map.of() : datasets;
    }

    /**
     * One loadable dataset.
     *
     * @param dataSource   bean name of the silo's JDBC data source
     * @param mapping      the mapping id rows go through (e.g. {@code social-insurance.unit})
     * @param sourceTable  first part of the quarantine source_ref ({@code AB01/<record id>}), as the scheduled sync names it
     * @param select       the column list, as the mapping expects the columns
     * @param from         the table, or a join
     * @param key          unique, never null column (or expression) the pages are ordered and cut by
     * @param recordId     the result column holding the key (default: {@code key})
     * @param compareFields canonical fields compared with the registry replica (enterprise mappings)
     * @param awaitRegistry wait until the market-regulation replica has settled first (rows keyed through its links)
     * @param initial      part of the initial load at first start ({@code hub.bulkload.initial-load})
     */
    public record Dataset(String dataSource, String mapping, String sourceTable, String select, String from, String key,
                          String recordId, List<String> compareFields, boolean awaitRegistry, boolean initial) {

        public Dataset {
            compareFields = compareFields == null ? List.of() : List.copyOf(compareFields);
        }

        /** The result column of the key. */
        public String recordIdColumn() {
            return recordId == null || recordId.isBlank() ? key : recordId;
        }
    }

    /** Every dataset as {@code silo/dataset} in configuration order. */
    public Map<String, Dataset> all() {
        Map<String, Dataset> out = new LinkedHashMap<>();
        datasets.forEach((silo, sets) -> sets.forEach((name, d) -> out.put(silo + "/" + name, d)));
        return out;
    }

    public Dataset dataset(String silo, String dataset) {
        Map<String, Dataset> sets = datasets.get(silo);
        return sets == null ? null : sets.get(dataset);
    }
}
