package cn.tongban.hub.sources.marketregulation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import cn.tongban.hub.canonical.EnterpriseField;
import cn.tongban.hub.canonical.Provenance;
import cn.tongban.hub.canonical.Silo;
import cn.tongban.hub.canonical.SourcedValue;
import cn.tongban.hub.identifiers.IdentifierError;
import cn.tongban.hub.identifiers.InvalidIdentifierException;
import cn.tongban.hub.identifiers.OrganizationCode;
import cn.tongban.hub.identifiers.RegistrationNumber;
import cn.tongban.hub.identifiers.Uscc;
import cn.tongban.hub.mapping.CodeList;
import cn.tongban.hub.mapping.CodeLists;
import cn.tongban.hub.mapping.MappingError;
import cn.tongban.hub.mapping.MappingException;
import cn.tongban.hub.mapping.Values;
import cn.tongban.hub.registry.ReplicaEnterprise;

/**
 * Maps a market-regulation change event (市场监管 企业登记) onto the canonical enterprise.
 * Hand-written for the first end-to-end slice; the declarative mapping files of
 * {@code mappings/} replace it.
 */
@Component
public class MarketRegulationEventMapper {

    public static final String FLAG_LINKED_BY_REGISTRATION_NUMBER = "LINKED_BY_REGISTRATION_NUMBER";
    public static final String FLAG_REGISTRATION_NUMBER_NON_CONFORMING = "REGISTRATION_NUMBER_NON_CONFORMING";
    public static final String FLAG_UNKNOWN_ENTERPRISE_TYPE = "UNKNOWN_ENTERPRISE_TYPE";
    public static final String FLAG_UNKNOWN_REGISTRATION_STATE = "UNKNOWN_REGISTRATION_STATE";

    private static final String SILO = Silo.MARKET_REGULATION.id();

    private final ObjectMapper json;
    private final CodeList enterpriseTypes;
    private final CodeList registrationStates;

    public MarketRegulationEventMapper(ObjectMapper json, CodeLists codeLists) {
        this.json = json;
        this.enterpriseTypes = codeLists.get("enterprise-type");
        this.registrationStates = codeLists.get("registration-state");
    }

    /** The event's envelope and payload as the publisher sends them. */
    public record Event(String eventId, long version, Instant changedAt, JsonNode payload) {
    }

    public Event parse(String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MappingException(MappingError.MALFORMED_RECORD, "not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new MappingException(MappingError.MALFORMED_RECORD, "not a JSON object");
        }
        JsonNode payload = root.has("payload") ? root.get("payload") : root;
        if (!payload.isObject()) {
            throw new MappingException(MappingError.MALFORMED_RECORD, "payload is not a JSON object");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.canConvertToLong()) {
            throw new MappingException(MappingError.MISSING_REQUIRED_FIELD, "version is missing");
        }
        JsonNode changedAt = root.get("changedAt");
        Instant changed = null;
        if (changedAt != null && !changedAt.isNull()) {
            changed = changedAt.isNumber() ? Instant.ofEpochMilli(changedAt.asLong()) : Instant.parse(changedAt.asText());
        }
        return new Event(text(root.get("eventId")), version.asLong(), changed, payload);
    }

    /**
     * Maps the event. {@code registrationNumberLookup} resolves a registration number to a
     * USCC when the event carries no USCC (the crosswalk); it returns null when unknown.
     */
    public ReplicaEnterprise map(Event event, Instant fetchedAt, java.util.function.Function<String, String> registrationNumberLookup) {
        JsonNode p = event.payload();
        List<String> flags = new ArrayList<>();
        Map<String, SourcedValue> fields = new LinkedHashMap<>();
        String recordId = event.eventId();

        String regNo = null;
        String regNoRaw = Values.identifier(text(p.get("regno")));
        if (regNoRaw != null) {
            try {
                RegistrationNumber rn = RegistrationNumber.parseLenient(regNoRaw);
                regNo = rn.value();
                if (rn.flagged()) {
                    flags.add(FLAG_REGISTRATION_NUMBER_NON_CONFORMING);
                }
            } catch (InvalidIdentifierException e) {
                flags.add(e.code());
            }
        }

        String usccRaw = Values.identifier(text(p.get("uniscid")));
        Uscc uscc;
        if (usccRaw == null) {
            String linked = regNo == null ? null : registrationNumberLookup.apply(regNo);
            if (linked == null) {
                throw new MappingException(MappingError.UNKEYED,
                        regNo == null ? "neither uniscid nor regno is present" : "regno is not linked to any USCC");
            }
            uscc = Uscc.parseLenient(linked);
            flags.add(FLAG_LINKED_BY_REGISTRATION_NUMBER);
        } else {
            try {
                uscc = Uscc.parseLenient(usccRaw);
            } catch (InvalidIdentifierException e) {
                throw new MappingException(MappingError.INVALID_KEY, "uniscid fails " + e.code());
            }
        }
        if (!uscc.checkDigitValid()) {
            flags.add(IdentifierError.USCC_CHECK_DIGIT.name());
        }
        String orgCode = uscc.organizationCode().map(OrganizationCode::compact).orElse(null);

        put(fields, EnterpriseField.USCC, uscc.value(), "uniscid", recordId, fetchedAt);
        put(fields, EnterpriseField.REGISTRATION_NUMBER, regNo, "regno", recordId, fetchedAt);
        put(fields, EnterpriseField.ORGANIZATION_CODE, orgCode, "uniscid", recordId, fetchedAt);
        String name = Values.text(text(p.get("entname")));
        put(fields, EnterpriseField.NAME, name, "entname", recordId, fetchedAt);

        String type = Values.text(text(p.get("enttype")));
        if (type != null) {
            var entry = enterpriseTypes.resolve(type);
            if (entry.isPresent()) {
                put(fields, EnterpriseField.ENTERPRISE_TYPE, entry.get().code(), "enttype", recordId, fetchedAt);
                put(fields, EnterpriseField.ENTERPRISE_TYPE_LABEL, entry.get().label(), "enttype", recordId, fetchedAt);
            } else {
                put(fields, EnterpriseField.ENTERPRISE_TYPE_LABEL, type, "enttype", recordId, fetchedAt);
                flags.add(FLAG_UNKNOWN_ENTERPRISE_TYPE);
            }
        }
        put(fields, EnterpriseField.LEGAL_REPRESENTATIVE, Values.text(text(p.get("lerep"))), "lerep", recordId, fetchedAt);
        BigDecimal capital = Values.decimal(p.get("regcap") == null || p.get("regcap").isNull() ? null
                : p.get("regcap").isNumber() ? p.get("regcap").decimalValue() : p.get("regcap").asText());
        put(fields, EnterpriseField.REGISTERED_CAPITAL_WAN, capital, "regcap", recordId, fetchedAt);
        put(fields, EnterpriseField.CAPITAL_CURRENCY, Values.text(text(p.get("regcapcur"))), "regcapcur", recordId, fetchedAt);
        put(fields, EnterpriseField.ESTABLISHED_ON, date(p, "estdate"), "estdate", recordId, fetchedAt);
        put(fields, EnterpriseField.APPROVED_ON, date(p, "apprdate"), "apprdate", recordId, fetchedAt);
        put(fields, EnterpriseField.TERM_FROM, date(p, "opfrom"), "opfrom", recordId, fetchedAt);
        put(fields, EnterpriseField.TERM_TO, date(p, "opto"), "opto", recordId, fetchedAt);
        put(fields, EnterpriseField.BUSINESS_SCOPE, Values.text(text(p.get("opscope"))), "opscope", recordId, fetchedAt);
        put(fields, EnterpriseField.REGISTRATION_AUTHORITY, Values.text(text(p.get("regorg"))), "regorg", recordId, fetchedAt);
        String state = Values.text(text(p.get("regstate")));
        if (state != null) {
            var entry = registrationStates.resolve(state);
            if (entry.isPresent()) {
                put(fields, EnterpriseField.REGISTRATION_STATE, entry.get().code(), "regstate", recordId, fetchedAt);
                put(fields, EnterpriseField.REGISTRATION_STATE_LABEL, entry.get().label(), "regstate", recordId, fetchedAt);
            } else {
                put(fields, EnterpriseField.REGISTRATION_STATE_LABEL, state, "regstate", recordId, fetchedAt);
                flags.add(FLAG_UNKNOWN_REGISTRATION_STATE);
            }
        }
        put(fields, EnterpriseField.ADDRESS, Values.text(text(p.get("dom"))), "dom", recordId, fetchedAt);

        return new ReplicaEnterprise(uscc.value(), uscc.checkDigitValid(), regNo, orgCode, name,
                event.version(), event.eventId(), event.changedAt(), fields, List.copyOf(flags), fetchedAt);
    }

    private static LocalDate date(JsonNode p, String field) {
        JsonNode n = p.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        return Values.date(n.isNumber() ? (Object) n.asLong() : n.asText());
    }

    private static void put(Map<String, SourcedValue> fields, EnterpriseField field, Object value,
                            String sourceField, String recordId, Instant fetchedAt) {
        if (value != null) {
            fields.put(field.json(), new SourcedValue(value instanceof LocalDate d ? d.toString() : value,
                    new Provenance(SILO, sourceField, recordId, fetchedAt)));
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
