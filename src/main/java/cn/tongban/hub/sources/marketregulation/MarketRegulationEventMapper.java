package cn.tongban.hub.sources.marketregulation;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import cn.tongban.hub.canonical.EnterpriseField;
import cn.tongban.hub.crosswalk.Crosswalk;
import cn.tongban.hub.crosswalk.KeyResolver;
import cn.tongban.hub.mapping.CompiledMapping;
import cn.tongban.hub.mapping.MappedRecord;
import cn.tongban.hub.mapping.MappingError;
import cn.tongban.hub.mapping.MappingException;
import cn.tongban.hub.mapping.Mappings;
import cn.tongban.hub.registry.ReplicaEnterprise;

/**
 * Turns a market-regulation change event into the replica row through the declarative
 * mapping {@code mappings/market-regulation.yaml} and the crosswalk. No field knowledge
 * lives here: only the envelope's JSON parsing and the replica's shape.
 */
@Component
public class MarketRegulationEventMapper {

    public static final String MAPPING = "market-regulation";

    private final ObjectMapper json;
    private final Mappings mappings;

    public MarketRegulationEventMapper(ObjectMapper json, Mappings mappings) {
        this.json = json;
        this.mappings = mappings;
    }

    public CompiledMapping mapping() {
        return mappings.require(MAPPING);
    }

    /** Parses the event body; a body that is not a JSON object is {@link MappingError#MALFORMED_RECORD}. */
    public JsonNode parse(String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MappingException(MappingError.MALFORMED_RECORD, "not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new MappingException(MappingError.MALFORMED_RECORD, "not a JSON object");
        }
        if (root.has("payload") && !root.get("payload").isObject()) {
            throw new MappingException(MappingError.MALFORMED_RECORD, "payload is not a JSON object");
        }
        return root;
    }

    /** Maps and keys the event. */
    public MappedRecord map(JsonNode event, Instant fetchedAt, Crosswalk crosswalk) {
        CompiledMapping mapping = mapping();
        return KeyResolver.resolve(mapping, mapping.map(event, fetchedAt), crosswalk);
    }

    /** The replica row of a keyed record. */
    public static ReplicaEnterprise toReplica(MappedRecord r) {
        String uscc = r.text(EnterpriseField.USCC.json());
        boolean checkValid = !r.flags().contains("USCC_CHECK_DIGIT:" + EnterpriseField.USCC.json());
        return new ReplicaEnterprise(uscc, checkValid, r.text(EnterpriseField.REGISTRATION_NUMBER.json()),
                r.text(EnterpriseField.ORGANIZATION_CODE.json()), r.text(EnterpriseField.NAME.json()),
                r.version() == null ? 0 : r.version(), r.recordId(), r.changedAt(), r.fields(), r.flags(), r.fetchedAt());
    }
}
