package cn.tongban.hub.lookup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import cn.tongban.hub.api.ApiProblem;
import cn.tongban.hub.api.ProblemCodes;
import cn.tongban.hub.canonical.EnterpriseField;
import cn.tongban.hub.canonical.Silo;
import cn.tongban.hub.canonical.SourcedValue;
import cn.tongban.hub.identifiers.IdentifierError;
import cn.tongban.hub.identifiers.IdentifierKind;
import cn.tongban.hub.identifiers.IdentifierNormalizer;
import cn.tongban.hub.identifiers.InvalidIdentifierException;
import cn.tongban.hub.identifiers.OrganizationCode;
import cn.tongban.hub.identifiers.OrganizationIdentifiers;
import cn.tongban.hub.identifiers.RegistrationNumber;
import cn.tongban.hub.identifiers.TaxNumber;
import cn.tongban.hub.identifiers.Uscc;
import cn.tongban.hub.registry.EnterpriseReplicaRepository;
import cn.tongban.hub.registry.ReplicaEnterprise;

/**
 * Answers enterprise look-ups by USCC or any legacy alias from the registry replica.
 * A USCC with a bad check character is accepted only when the registry already holds it
 * (DOMAIN.md 1.1); the answer then carries the flag.
 */
@Service
public class EnterpriseLookupService {

    private static final Set<String> FIELD_NAMES = Arrays.stream(EnterpriseField.values())
            .map(EnterpriseField::json).collect(Collectors.toUnmodifiableSet());

    private final EnterpriseReplicaRepository replica;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    EnterpriseLookupService(EnterpriseReplicaRepository replica) {
        this(replica, Clock.systemUTC());
    }

    EnterpriseLookupService(EnterpriseReplicaRepository replica, Clock clock) {
        this.replica = replica;
        this.clock = clock;
    }

    /**
     * @param id     a USCC, organisation code, 15-digit registration number or old tax number
     * @param fields canonical field names to return; empty for all
     */
    public EnterpriseProfile lookUp(String id, List<String> fields) {
        Set<String> wanted = checkFields(fields);
        String normalized = IdentifierNormalizer.normalize(id);
        // On this endpoint an 18-character value is a USCC even when it also has the shape of
        // a citizen ID, and a value one or two characters off is a mistyped USCC: answering
        // USCC_LENGTH tells the window clerk more than "unknown identifier kind".
        IdentifierKind kind = normalized.length() >= 16 && normalized.length() <= 19
                ? IdentifierKind.USCC
                : OrganizationIdentifiers.detect(normalized);
        ReplicaEnterprise e = switch (kind) {
            case USCC -> byUscc(normalized);
            case ORGANIZATION_CODE -> single(replica.findByOrganizationCode(OrganizationCode.parse(normalized).compact()));
            case REGISTRATION_NUMBER -> single(replica.findByRegistrationNumber(RegistrationNumber.parseLenient(normalized).value()));
            case TAX_NUMBER -> byTaxNumber(TaxNumber.parse(normalized));
            case CITIZEN_ID -> throw new InvalidIdentifierException(IdentifierError.UNKNOWN_IDENTIFIER_KIND,
                    "a citizen ID number identifies a person, not an enterprise");
        };
        return profile(e, kind, wanted);
    }

    private ReplicaEnterprise byUscc(String normalized) {
        Uscc uscc = Uscc.parseLenient(normalized);
        ReplicaEnterprise e = replica.findByUscc(uscc.value()).orElse(null);
        if (!uscc.checkDigitValid() && e == null) {
            // Only a code the registry itself holds may be accepted with a bad check character.
            Uscc.parse(normalized);
        }
        if (e == null) {
            throw notFound();
        }
        return e;
    }

    private ReplicaEnterprise byTaxNumber(TaxNumber tax) {
        if (tax.value().length() == 18) {
            return byUscc(tax.value());
        }
        OrganizationCode org = tax.organizationCode().orElseThrow(() -> notFound());
        return single(replica.findByOrganizationCode(org.compact()));
    }

    private ReplicaEnterprise single(List<ReplicaEnterprise> found) {
        if (found.isEmpty()) {
            throw notFound();
        }
        if (found.size() > 1) {
            throw new ApiProblem(HttpStatus.CONFLICT, ProblemCodes.AMBIGUOUS_ALIAS, "Ambiguous identifier",
                    "The identifier is linked to " + found.size() + " enterprises: "
                            + found.stream().map(ReplicaEnterprise::uscc).toList());
        }
        return found.get(0);
    }

    private EnterpriseProfile profile(ReplicaEnterprise e, IdentifierKind via, Set<String> wanted) {
        // In canonical order: the store's JSON does not keep it.
        Map<String, SourcedValue> fields = new LinkedHashMap<>();
        for (EnterpriseField f : EnterpriseField.values()) {
            SourcedValue value = e.fields().get(f.json());
            if (value != null && (wanted.isEmpty() || wanted.contains(f.json()))) {
                fields.put(f.json(), value);
            }
        }
        Instant fetched = e.updatedAt();
        long age = Math.max(0, Duration.between(fetched, clock.instant()).toSeconds());
        Map<String, SourceStatus> sources = Map.of(Silo.MARKET_REGULATION.id(),
                new SourceStatus(SourceStatus.OK, fetched, age, e.sourceVersion()));
        return new EnterpriseProfile(e.uscc(), via.name(), e.flags(), fields, sources);
    }

    private static Set<String> checkFields(List<String> fields) {
        if (fields == null || fields.isEmpty()) {
            return Set.of();
        }
        List<String> unknown = fields.stream().filter(f -> !FIELD_NAMES.contains(f)).toList();
        if (!unknown.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.UNKNOWN_FIELD, "Unknown field",
                    "Unknown canonical field(s) " + unknown + "; known: " + FIELD_NAMES.stream().sorted().toList());
        }
        return Set.copyOf(fields);
    }

    private static ApiProblem notFound() {
        return new ApiProblem(HttpStatus.NOT_FOUND, ProblemCodes.ENTERPRISE_NOT_FOUND, "Enterprise not found",
                "No enterprise with this identifier is known to the hub.");
    }
}
