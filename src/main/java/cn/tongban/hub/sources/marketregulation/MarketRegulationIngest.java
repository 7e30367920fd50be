package cn.tongban.hub.sources.marketregulation;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import cn.tongban.hub.canonical.Silo;
import cn.tongban.hub.crosswalk.Crosswalk;
import cn.tongban.hub.crosswalk.KeyResolver;
import cn.tongban.hub.mapping.MappedRecord;
import cn.tongban.hub.mapping.MappingException;
import cn.tongban.hub.ops.metrics.HubMetrics;
import cn.tongban.hub.quarantine.QuarantineRepository;
import cn.tongban.hub.registry.EnterpriseReplicaRepository;
import cn.tongban.hub.registry.ReplicaEnterprise;

/**
 * The step of the {@code market-regulation} route that turns one change event into the
 * replica row: map, key, upsert (idempotent, version-ordered), or quarantine with the
 * reason. It sets {@link #OUTCOME} for the route to branch on and leaves in the body what
 * the next step publishes: the canonical change event, or the original record for the
 * dead-letter topic. A store failure propagates, so the offset is not committed and the
 * event is consumed again.
 */
@Component("marketRegulationIngest")
public class MarketRegulationIngest {

    /** Header naming what happened to the event. */
    public static final String OUTCOME = "HubOutcome";
    /** Header with the stable reason code of a quarantined event. */
    public static final String REASON = "HubReason";
    /** Header with the detail of the reason (never a value of the record). */
    public static final String REASON_DETAIL = "HubReasonDetail";
    /** Header set on a replay from quarantine: the quarantine row id; the record is not quarantined again. */
    public static final String REPLAY_OF = "HubReplayOf";

    /**
     * APPLIED: the event changed the replica. CURRENT: the replica already holds exactly this
     * version (a re-delivery, possibly after a crash between the write and the publication),
     * so the change event is published again: at-least-once, consumers dedupe by version.
     * UNCHANGED: an older version, ignored. QUARANTINED: not mappable or keyable.
     */
    public enum Outcome { APPLIED, CURRENT, UNCHANGED, QUARANTINED }

    private static final Logger log = LoggerFactory.getLogger(MarketRegulationIngest.class);
    private static final String SILO = Silo.MARKET_REGULATION.id();
    /** Outcome tags of {@code hub.ingestion.events}: applied, current, stale (an older version, UNCHANGED), quarantined. */
    private static final String METRIC_QUARANTINED = "quarantined";

    private final MarketRegulationEventMapper mapper;
    private final EnterpriseReplicaRepository replica;
    private final QuarantineRepository quarantine;
    private final ObjectMapper json;
    private final Crosswalk crosswalk;
    private final HubMetrics metrics;
    private final Clock clock;

    MarketRegulationIngest(MarketRegulationEventMapper mapper, EnterpriseReplicaRepository replica,
                           QuarantineRepository quarantine, ObjectMapper json, Crosswalk crosswalk, HubMetrics metrics) {
        this.mapper = mapper;
        this.metrics = metrics;
        this.crosswalk = crosswalk;
        this.replica = replica;
        this.quarantine = quarantine;
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    public void ingest(Exchange exchange) throws JsonProcessingException {
        Message in = exchange.getMessage();
        String body = in.getBody(String.class);
        String sourceRef = in.getHeader(KafkaConstants.TOPIC, String.class) + "/"
                + in.getHeader(KafkaConstants.PARTITION, String.class) + "@" + in.getHeader(KafkaConstants.OFFSET, String.class);
        Instant now = clock.instant();
        MappedRecord record;
        try {
            record = mapper.map(mapper.parse(body == null ? "" : body), now, crosswalk);
        } catch (MappingException e) {
            if (in.getHeader(REPLAY_OF) == null) {
                quarantine.add(SILO, e.error().name(), e.getMessage(), body == null ? "" : body, sourceRef);
            }
            log.warn("Quarantined market-regulation record {}: {}", sourceRef, e.error());
            in.setHeader(OUTCOME, Outcome.QUARANTINED.name());
            in.setHeader(REASON, e.error().name());
            in.setHeader(REASON_DETAIL, e.getMessage());
            metrics.ingestion(SILO, METRIC_QUARANTINED);
            return;
        }
        ReplicaEnterprise enterprise = MarketRegulationEventMapper.toReplica(record);
        boolean applied = replica.upsert(enterprise);
        Outcome outcome = applied ? Outcome.APPLIED
                : replica.versionOf(enterprise.uscc()).filter(v -> v == enterprise.sourceVersion()).isPresent()
                ? Outcome.CURRENT : Outcome.UNCHANGED;
        in.setHeader(OUTCOME, outcome.name());
        metrics.ingestion(SILO, switch (outcome) {
            case APPLIED -> "applied";
            case CURRENT -> "current";
            default -> "stale";
        });
        if (outcome != Outcome.UNCHANGED) {
            // The current version's links (idempotent). A crash between the upsert and this
            // write is mended by the re-delivery, which comes back CURRENT; an older version
            // asserts nothing, so stale links cost no write on the hot path.
            crosswalk.assertLinks(KeyResolver.assertedLinks(mapper.mapping(), record));
            in.setHeader(KafkaConstants.KEY, enterprise.uscc());
            in.setBody(json.writeValueAsString(changeEvent(enterprise)));
        }
    }

    private static Map<String, Object> changeEvent(ReplicaEnterprise e) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "enterprise.changed");
        event.put("uscc", e.uscc());
        event.put("sourceVersion", e.sourceVersion());
        event.put("sourceEventId", e.sourceEventId());
        event.put("changedAt", e.sourceChangedAt() == null ? null : e.sourceChangedAt().toString());
        event.put("flags", e.flags());
        event.put("fields", e.fields());
        return event;
    }
}
