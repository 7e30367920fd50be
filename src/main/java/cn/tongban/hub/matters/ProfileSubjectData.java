package cn.tongban.hub.matters;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import cn.tongban.hub.api.ApiProblem;
import cn.tongban.hub.canonical.SourcedValue;
import cn.tongban.hub.lookup.Conflict;
import cn.tongban.hub.lookup.EnterpriseLookupService;
import cn.tongban.hub.lookup.EnterpriseProfile;
import cn.tongban.hub.lookup.PersonProfile;
import cn.tongban.hub.lookup.PersonProfileService;
import cn.tongban.hub.lookup.ProfileValue;
import cn.tongban.hub.lookup.SourceStatus;

/**
 * A pre-check's subject data is the merged profile the windows see: the same parallel
 * fan-out, deadline, survivorship and conflicts, so a notice never disagrees with a
 * profile. Statuses are per silo: a silo with several mappings (social insurance) reports
 * its worst failure, so a timed-out insurance query is SOURCE_UNAVAILABLE, not "no record".
 */
@Component
class ProfileSubjectData implements SubjectData {

    /** Failures rank above success: a partial answer must not pass for a whole one. */
    private static final List<String> WORST_FIRST = List.of(SourceStatus.ERROR, SourceStatus.CIRCUIT_OPEN,
            SourceStatus.TIMEOUT, SourceStatus.STALE, SourceStatus.OK, SourceStatus.NOT_FOUND);

    private final PersonProfileService persons;
    private final EnterpriseLookupService enterprises;

    ProfileSubjectData(PersonProfileService persons, EnterpriseLookupService enterprises) {
        this.persons = persons;
        this.enterprises = enterprises;
    }

    @Override
    public Optional<Subject> fetch(String subjectType, String key) {
        try {
            if (PERSON.equals(subjectType)) {
                PersonProfile p = persons.lookUp(key, List.of());
                return Optional.of(new Subject(PERSON, p.citizenId(), values(p.fields()),
                        p.insurances().stream().map(ProfileSubjectData::values).toList(), bySilo(p.sources()), fields(p.conflicts())));
            }
            EnterpriseProfile e = enterprises.lookUp(key, List.of());
            return Optional.of(new Subject(ENTERPRISE, e.uscc(), values(e.fields()), List.of(), bySilo(e.sources()),
                    fields(e.conflicts())));
        } catch (ApiProblem problem) {
            if (problem.status() == HttpStatus.NOT_FOUND) {
                return Optional.empty();
            }
            throw problem;
        }
    }

    private static Map<String, SourcedValue> values(Map<String, ProfileValue> fields) {
        Map<String, SourcedValue> out = new LinkedHashMap<>();
        fields.forEach((name, v) -> out.put(name, new SourcedValue(v.value(), v.provenance())));
        return out;
    }

    private static Set<String> fields(List<Conflict> conflicts) {
        return conflicts == null ? Set.of() : conflicts.stream().map(Conflict::field).collect(Collectors.toSet());
    }

    /** Mapping id ({@code social-insurance.person}) or silo id to status, folded to silo id to its worst status. */
    static Map<String, String> bySilo(Map<String, SourceStatus> sources) {
        Map<String, String> out = new HashMap<>();
        sources.forEach((id, s) -> {
            String silo = id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
            out.merge(silo, s.status(), (a, b) -> rank(a) <= rank(b) ? a : b);
        });
        return out;
    }

    private static int rank(String status) {
        int i = WORST_FIRST.indexOf(status);
        return i < 0 ? 0 : i;
    }
}
