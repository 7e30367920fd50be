package cn.tongban.hub.lookup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import cn.tongban.hub.access.Access;
import cn.tongban.hub.api.ApiProblem;
import cn.tongban.hub.api.ProblemCodes;
import cn.tongban.hub.canonical.EnterpriseField;
import cn.tongban.hub.canonical.Entity;
import cn.tongban.hub.canonical.PersonField;
import cn.tongban.hub.canonical.ValueType;
import cn.tongban.hub.crosswalk.Crosswalk;
import cn.tongban.hub.mapping.CompiledMapping;
import cn.tongban.hub.mapping.MappedRecord;
import cn.tongban.hub.sources.SiloAnswer;
import cn.tongban.hub.sources.SiloGateway;
import cn.tongban.hub.canonical.Silo;
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
 * Answers enterprise look-ups by USCC or any legacy alias: the registry replica, merged with
 * the pull silos' enterprise records (social insurance AB01) fetched in parallel under the
 * request deadline, plus the legal representative's identity check against public security
 * and the social-insurance registration.
 * A USCC with a bad check character is accepted only when the registry already holds it
 * (DOMAIN.md 1.1); the answer then carries the flag.
 */
@Service
public class EnterpriseLookupService {

    private static final Set<String> FIELD_NAMES = Arrays.stream(EnterpriseField.values())
            .map(EnterpriseField::json).collect(Collectors.toUnmodifiableSet());

    /** The {@code fields=} names of the two sections beside the canonical fields. */
    static final String SOCIAL_INSURANCE = "socialInsurance";
    static final String LEGAL_REPRESENTATIVE_CHECK = "legalRepresentativeCheck";
    private static final Set<String> NAMES = java.util.stream.Stream.concat(FIELD_NAMES.stream(),
            java.util.stream.Stream.of(SOCIAL_INSURANCE, LEGAL_REPRESENTATIVE_CHECK)).collect(Collectors.toUnmodifiableSet());
    private static final String UNIT_MAPPING = "social-insurance.unit";
    private static final String UNIT_MAPPING_SILO = Silo.SOCIAL_INSURANCE.id();

    private final EnterpriseReplicaRepository replica;
    private final SiloGateway gateway;
    private final SourceFanOut fanOut;
    private final Crosswalk crosswalk;
    private final LookupProperties props;
    private final Clock clock;
    /** Null when built without Spring (unit tests of the key resolution). */
    private LookupMetrics metrics;

    @org.springframework.beans.factory.annotation.Autowired
    EnterpriseLookupService(EnterpriseReplicaRepository replica, SiloGateway gateway, SourceFanOut fanOut, Crosswalk crosswalk,
                            LookupProperties props, LookupMetrics metrics) {
        this(replica, gateway, fanOut, crosswalk, props, Clock.systemUTC());
        this.metrics = metrics;
    }

    /** Replica only: no pull silo is consulted (unit tests of the key resolution). */
    EnterpriseLookupService(EnterpriseReplicaRepository replica, Clock clock) {
        this(replica, null, null, null, new LookupProperties(Duration.ofSeconds(2), Duration.ofHours(72)), clock);
    }

    EnterpriseLookupService(EnterpriseReplicaRepository replica, SiloGateway gateway, SourceFanOut fanOut, Crosswalk crosswalk,
                            LookupProperties props, Clock clock) {
        this.replica = replica;
        this.gateway = gateway;
        this.fanOut = fanOut;
        this.crosswalk = crosswalk;
        this.props = props;
        this.clock = clock;
    }

    /**
     * @param id     a USCC, organisation code, 15-digit registration number or old tax number
     * @param fields canonical field names to return; empty for all
     */
    public EnterpriseProfile lookUp(String id, List<String> fields) {
        Deadline deadline = Deadline.after(props.deadline());
        Set<String> asked = checkFields(fields);
        if (!Access.mayCall(Silo.MARKET_REGULATION.id())) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, ProblemCodes.CLIENT_FORBIDDEN, "Source not allowed",
                    "Enterprise profiles rest on the market-regulation registry, which this client may not use.");
        }
        Access.Narrowed scope = Access.narrow(Entity.ENTERPRISE, asked, NAMES, EnterpriseField.USCC.json());
        Set<String> wanted = scope.wanted();
        List<String> withheld = scope.withheld();
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
        return profile(e, kind, wanted, withheld, deadline);
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

    private EnterpriseProfile profile(ReplicaEnterprise e, IdentifierKind via, Set<String> wanted, List<String> withheld,
                                      Deadline deadline) {
        Instant now = clock.instant();
        Access.subject(e.uscc());
        Access.calling(Silo.MARKET_REGULATION.id());
        Map<String, SourceStatus> sources = new LinkedHashMap<>();
        long replicaAge = Math.max(0, Duration.between(e.updatedAt(), now).toSeconds());
        sources.put(Silo.MARKET_REGULATION.id(), new SourceStatus(SourceStatus.OK, e.updatedAt(), replicaAge, e.sourceVersion()));
        List<MappedRecord> records = new ArrayList<>();
        records.add(new MappedRecord(Silo.MARKET_REGULATION.id(), Entity.ENTERPRISE, e.sourceEventId(), e.sourceVersion(),
                e.sourceChangedAt(), e.fields(), e.flags(), e.updatedAt()));
        List<String> flags = new ArrayList<>(e.flags());

        Map<String, SiloAnswer> answers = Map.of();
        if (fanOut != null) {
            List<SourceFanOut.Call> calls = pullCalls(e.uscc(), wanted);
            answers = fanOut.fetchAll(calls, deadline);
        }
        SiloAnswer unit = null;
        for (SiloAnswer a : answers.values()) {
            sources.put(a.mapping(), SourceStatus.of(a, now));
            for (MappedRecord r : a.records()) {
                if (e.uscc().equals(r.text(EnterpriseField.USCC.json()))) {
                    records.add(r);
                    r.flags().forEach(f -> flags.add(a.mapping() + ":" + f));
                }
            }
            if (a.mapping().equals(UNIT_MAPPING)) {
                unit = a;
            }
        }
        Set<String> fieldsWanted = wanted.stream().filter(FIELD_NAMES::contains).collect(Collectors.toSet());
        Survivorship.Merged merged = wanted.isEmpty() || !fieldsWanted.isEmpty()
                ? Survivorship.merge(Entity.ENTERPRISE, records, fieldsWanted, now)
                : new Survivorship.Merged(Map.of(), List.of());
        EnterpriseProfile.SocialInsuranceStatus insurance = null;
        EnterpriseProfile.LegalRepresentativeCheck check = null;
        if (fanOut != null && (wanted.isEmpty() || wanted.contains(SOCIAL_INSURANCE))) {
            insurance = insuranceStatus(unit, records);
        }
        if (fanOut != null && (wanted.isEmpty() || wanted.contains(LEGAL_REPRESENTATIVE_CHECK))) {
            check = legalRepresentativeCheck(records, sources, now, deadline);
        }
        if (metrics != null) {
            metrics.answered(sources, merged.conflicts());
        }
        return new EnterpriseProfile(e.uscc(), via.name(), List.copyOf(flags), merged.fields(), merged.conflicts(),
                check, insurance, sources, deadline.elapsedMillis(), withheld.isEmpty() ? null : withheld);
    }

    private List<SourceFanOut.Call> pullCalls(String uscc, Set<String> wanted) {
        List<CompiledMapping> pull = gateway.pullMappings(Entity.ENTERPRISE);
        boolean sections = wanted.isEmpty() || wanted.contains(SOCIAL_INSURANCE) || wanted.contains(LEGAL_REPRESENTATIVE_CHECK);
        List<CompiledMapping> needed = pull.stream()
                .filter(m -> sections || m.sources().keySet().stream().anyMatch(wanted::contains)).toList();
        if (needed.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> aliases = SiloGateway.aliasMap(crosswalk.aliasesOf(Entity.ENTERPRISE.keySpace(), uscc));
        return needed.stream().map(m -> new SourceFanOut.Call(m.id(), uscc, aliases)).toList();
    }

    private static EnterpriseProfile.SocialInsuranceStatus insuranceStatus(SiloAnswer unit, List<MappedRecord> records) {
        if (unit == null) {
            return new EnterpriseProfile.SocialInsuranceStatus(EnterpriseProfile.UNKNOWN, null, null, null, null);
        }
        MappedRecord row = records.stream().filter(r -> UNIT_MAPPING_SILO.equals(r.silo())
                && r.has(EnterpriseField.SOCIAL_INSURANCE_UNIT_NUMBER.json())).findFirst().orElse(null);
        if (row != null) {
            return new EnterpriseProfile.SocialInsuranceStatus(EnterpriseProfile.SocialInsuranceStatus.REGISTERED,
                    row.text(EnterpriseField.SOCIAL_INSURANCE_UNIT_NUMBER.json()),
                    row.text(EnterpriseField.SOCIAL_INSURANCE_REGISTRATION_NUMBER.json()),
                    row.text(EnterpriseField.SOCIAL_INSURANCE_AGENCY.json()), row.fetchedAt());
        }
        String status = SourceStatus.NOT_FOUND.equals(unit.status())
                ? EnterpriseProfile.SocialInsuranceStatus.NOT_REGISTERED : EnterpriseProfile.UNKNOWN;
        return new EnterpriseProfile.SocialInsuranceStatus(status, null, null, null, null);
    }

    /**
     * The registry's legal representative against public security's record of the ID that
     * social insurance holds for the representative (AB01.AAB014). A mismatch is a finding,
     * not an error: AB01 may still name a former representative.
     */
    private EnterpriseProfile.LegalRepresentativeCheck legalRepresentativeCheck(List<MappedRecord> records,
                                                                               Map<String, SourceStatus> sources, Instant now,
                                                                               Deadline deadline) {
        String against = PersonField.NAME.authority();
        MappedRecord registry = records.get(0);
        String name = registry.text(EnterpriseField.LEGAL_REPRESENTATIVE.json());
        MappedRecord withId = records.stream().filter(r -> r.has(EnterpriseField.LEGAL_REPRESENTATIVE_ID.json()))
                .filter(r -> EnterpriseField.LEGAL_REPRESENTATIVE_ID.authority().equals(r.silo())).findFirst()
                .orElse(records.stream().filter(r -> r.has(EnterpriseField.LEGAL_REPRESENTATIVE_ID.json())).findFirst().orElse(null));
        if (name == null) {
            return new EnterpriseProfile.LegalRepresentativeCheck(EnterpriseProfile.UNKNOWN, "NO_NAME", null, against, null);
        }
        if (withId == null) {
            return new EnterpriseProfile.LegalRepresentativeCheck(EnterpriseProfile.UNKNOWN, "NO_ID", null, against, null);
        }
        String id = withId.text(EnterpriseField.LEGAL_REPRESENTATIVE_ID.json());
        if (!Access.mayCall(against)) {
            return new EnterpriseProfile.LegalRepresentativeCheck(EnterpriseProfile.UNKNOWN, "SOURCE_NOT_ALLOWED",
                    withId.silo(), against, null);
        }
        CompiledMapping identity = gateway.pullMappings(Entity.PERSON).stream()
                .filter(m -> against.equals(m.silo())).findFirst().orElse(null);
        if (identity == null) {
            return new EnterpriseProfile.LegalRepresentativeCheck(EnterpriseProfile.UNKNOWN, "SOURCE_UNAVAILABLE",
                    withId.silo(), against, null);
        }
        SiloAnswer ps = fanOut.fetch(new SourceFanOut.Call(identity.id(), id,
                SiloGateway.aliasMap(crosswalk.aliasesOf(Entity.PERSON.keySpace(), id))), deadline);
        sources.put(identity.id(), SourceStatus.of(ps, now));
        MappedRecord person = ps.records().stream().filter(r -> id.equals(r.text(PersonField.CITIZEN_ID.json())))
                .filter(r -> r.has(PersonField.NAME.json())).findFirst().orElse(null);
        if (person == null) {
            String reason = SourceStatus.NOT_FOUND.equals(ps.status()) || SourceStatus.OK.equals(ps.status())
                    ? "PERSON_NOT_FOUND" : "SOURCE_UNAVAILABLE";
            return new EnterpriseProfile.LegalRepresentativeCheck(EnterpriseProfile.UNKNOWN, reason, withId.silo(), against, null);
        }
        boolean same = java.util.Objects.equals(Survivorship.normalised(ValueType.TEXT, name),
                Survivorship.normalised(ValueType.TEXT, person.text(PersonField.NAME.json())));
        return new EnterpriseProfile.LegalRepresentativeCheck(same ? EnterpriseProfile.MATCH : EnterpriseProfile.MISMATCH,
                null, withId.silo(), against, person.fetchedAt());
    }

    private static Set<String> checkFields(List<String> fields) {
        if (fields == null || fields.isEmpty()) {
            return Set.of();
        }
        List<String> unknown = fields.stream().filter(f -> !NAMES.contains(f)).toList();
        if (!unknown.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.UNKNOWN_FIELD, "Unknown field",
                    "Unknown canonical field(s) " + unknown + "; known: " + NAMES.stream().sorted().toList());
        }
        return Set.copyOf(fields);
    }

    private static ApiProblem notFound() {
        return new ApiProblem(HttpStatus.NOT_FOUND, ProblemCodes.ENTERPRISE_NOT_FOUND, "Enterprise not found",
                "No enterprise with this identifier is known to the hub.");
    }
}
