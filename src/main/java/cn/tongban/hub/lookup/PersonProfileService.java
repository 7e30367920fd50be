package cn.tongban.hub.lookup;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import cn.tongban.hub.access.Access;
import cn.tongban.hub.api.ApiProblem;
import cn.tongban.hub.api.ProblemCodes;
import cn.tongban.hub.canonical.CanonicalField;
import cn.tongban.hub.canonical.Entity;
import cn.tongban.hub.canonical.InsuranceField;
import cn.tongban.hub.canonical.PersonField;
import cn.tongban.hub.crosswalk.Crosswalk;
import cn.tongban.hub.identifiers.CitizenId;
import cn.tongban.hub.mapping.CompiledMapping;
import cn.tongban.hub.mapping.MappedRecord;
import cn.tongban.hub.sources.SiloAnswer;
import cn.tongban.hub.sources.SiloGateway;

/**
 * Answers person look-ups: every pull mapping of the person and insurance entities is called
 * in parallel under the request deadline, and the records are merged field by field
 * ({@link Survivorship}).
 */
@Service
public class PersonProfileService {

    /** The {@code fields=} name that asks for the insurance list. */
    static final String INSURANCES = "insurances";

    private static final Logger log = LoggerFactory.getLogger(PersonProfileService.class);
    private static final Set<String> FIELD_NAMES = Stream.concat(
            Entity.PERSON.fields().stream().map(CanonicalField::json), Stream.of(INSURANCES))
            .collect(Collectors.toUnmodifiableSet());

    private final SiloGateway gateway;
    private final SourceFanOut fanOut;
    private final Crosswalk crosswalk;
    private final LookupProperties props;
    private final Clock clock;
    /** Null when built without Spring. */
    private LookupMetrics metrics;

    @Autowired
    PersonProfileService(SiloGateway gateway, SourceFanOut fanOut, Crosswalk crosswalk, LookupProperties props,
                         LookupMetrics metrics) {
        this(gateway, fanOut, crosswalk, props, Clock.systemUTC());
        this.metrics = metrics;
    }

    PersonProfileService(SiloGateway gateway, SourceFanOut fanOut, Crosswalk crosswalk, LookupProperties props, Clock clock) {
        this.gateway = gateway;
        this.fanOut = fanOut;
        this.crosswalk = crosswalk;
        this.props = props;
        this.clock = clock;
    }

    /**
     * @param idNumber an 18-character citizen ID or an old 15-digit one (upgraded)
     * @param fields   canonical person field names, or {@code insurances}; empty for all
     */
    public PersonProfile lookUp(String idNumber, List<String> fields) {
        Set<String> asked = checkFields(fields);
        CitizenId id = CitizenId.parse(idNumber);
        return profile(id, asked);
    }

    /** Field names a caller may ask for or claim. */
    static Set<String> fieldNames() {
        return FIELD_NAMES;
    }

    PersonProfile profile(CitizenId id, Set<String> asked) {
        Deadline deadline = Deadline.after(props.deadline());
        String key = id.value();
        Access.subject(key);
        Access.Narrowed scope = Access.narrow(Entity.PERSON, asked, FIELD_NAMES, PersonField.CITIZEN_ID.json());
        Set<String> wanted = scope.wanted();
        List<String> withheld = scope.withheld();
        Map<String, List<String>> aliases = SiloGateway.aliasMap(crosswalk.aliasesOf(Entity.PERSON.keySpace(), key));
        List<SourceFanOut.Call> calls = new ArrayList<>();
        for (CompiledMapping m : mappingsFor(wanted)) {
            calls.add(new SourceFanOut.Call(m.id(), key, aliases));
        }
        Map<String, SiloAnswer> answers = fanOut.fetchAll(calls, deadline);
        Instant now = clock.instant();

        List<MappedRecord> persons = new ArrayList<>();
        List<MappedRecord> insurances = new ArrayList<>();
        Map<String, SourceStatus> sources = new LinkedHashMap<>();
        Set<String> flags = new LinkedHashSet<>();
        if (id.upgradedFrom15()) {
            flags.add("ID_UPGRADED_FROM_15:idNumber");
        }
        for (SiloAnswer a : answers.values()) {
            sources.put(a.mapping(), SourceStatus.of(a, now));
            for (MappedRecord r : a.records()) {
                // A silo may answer with a row an alias led to that belongs to someone else.
                if (!key.equals(r.text(PersonField.CITIZEN_ID.json()))) {
                    continue;
                }
                (r.entity() == Entity.INSURANCE ? insurances : persons).add(r);
                r.flags().forEach(f -> flags.add(a.mapping() + ":" + f));
            }
        }
        boolean allNotFound = sources.values().stream().allMatch(s -> SourceStatus.NOT_FOUND.equals(s.status()));
        if (persons.isEmpty() && insurances.isEmpty() && allNotFound) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, ProblemCodes.PERSON_NOT_FOUND, "Person not found",
                    "No silo holds a person with this citizen ID.");
        }
        Set<String> personFields = wanted.stream().filter(f -> !INSURANCES.equals(f)).collect(Collectors.toSet());
        Survivorship.Merged merged = wanted.isEmpty() || !personFields.isEmpty()
                ? Survivorship.merge(Entity.PERSON, persons, personFields, now)
                : new Survivorship.Merged(Map.of(), List.of());
        List<Map<String, ProfileValue>> insuranceList = wanted.isEmpty() || wanted.contains(INSURANCES)
                ? insurances.stream()
                        .sorted(Comparator.comparing((MappedRecord r) -> String.valueOf(r.text(InsuranceField.INSURANCE_TYPE.json())))
                                .thenComparing(r -> String.valueOf(r.text(InsuranceField.SOCIAL_INSURANCE_UNIT_NUMBER.json()))))
                        .map(r -> Survivorship.merge(Entity.INSURANCE, List.of(r), Set.of(), now).fields())
                        .toList()
                : null;
        long elapsed = deadline.elapsedMillis();
        if (log.isDebugEnabled()) {
            log.debug("person {} answered in {} ms: {}", id.masked(), elapsed,
                    sources.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().status()).toList());
        }
        if (metrics != null) {
            metrics.answered(sources, merged.conflicts());
        }
        return new PersonProfile(key, List.copyOf(flags), merged.fields(), insuranceList, merged.conflicts(), sources, elapsed,
                withheld.isEmpty() ? null : withheld);
    }

    /** The pull mappings that can contribute to the wanted fields: all of them when none are named. */
    private List<CompiledMapping> mappingsFor(Set<String> wanted) {
        List<CompiledMapping> all = new ArrayList<>(gateway.pullMappings(Entity.PERSON));
        all.addAll(gateway.pullMappings(Entity.INSURANCE));
        if (wanted.isEmpty()) {
            return all;
        }
        // The identity silo is always asked: without it "no data for these fields" and "no such
        // person" could not be told apart.
        String identity = PersonField.CITIZEN_ID.authority();
        return all.stream().filter(m -> m.entity() == Entity.INSURANCE
                ? wanted.contains(INSURANCES)
                : identity.equals(m.silo()) || m.sources().keySet().stream().anyMatch(wanted::contains)).toList();
    }

    private static Set<String> checkFields(List<String> fields) {
        if (fields == null || fields.isEmpty()) {
            return Set.of();
        }
        List<String> unknown = fields.stream().filter(f -> !FIELD_NAMES.contains(f)).toList();
        if (!unknown.isEmpty()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.UNKNOWN_FIELD, "Unknown field",
                    "Unknown person field(s) " + unknown + "; known: " + FIELD_NAMES.stream().sorted().toList());
        }
        return Set.copyOf(fields);
    }
}
