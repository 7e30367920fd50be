package cn.tongban.hub.matters;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import cn.tongban.hub.canonical.SourcedValue;

/**
 * Where the matter pre-check gets an applicant's canonical data from. The pre-check needs
 * only this: the merged fields, the insurance facts, the status of every source asked and
 * the fields the sources disagree on. {@link ProfileSubjectData} reads the merged profiles.
 */
public interface SubjectData {

    String PERSON = "person";
    String ENTERPRISE = "enterprise";

    /**
     * @param subjectType {@link #PERSON} or {@link #ENTERPRISE}
     * @param key         a normalised 18-character citizen ID or USCC
     * @return empty when no source knows the key; present (possibly with failed sources) otherwise
     */
    Optional<Subject> fetch(String subjectType, String key);

    /**
     * An applicant's data.
     *
     * @param fields     canonical fields, one value each (the authoritative source's where it has one)
     * @param insurances the person's insurance facts (InsuranceField names), empty for enterprises
     * @param sources    silo id to status: ok, not_found, timeout, circuit_open, error, stale;
     *                   a silo missing here was not asked
     * @param conflicts  canonical fields whose value differs between sources
     */
    record Subject(String type, String key, Map<String, SourcedValue> fields, List<Map<String, SourcedValue>> insurances,
                   Map<String, String> sources, Set<String> conflicts) {

        public Subject {
            fields = Map.copyOf(fields);
            insurances = insurances.stream().map(Map::copyOf).toList();
            sources = Map.copyOf(sources);
            conflicts = Set.copyOf(conflicts);
        }

        @Override
        public String toString() {
            // Subjects carry personal data: never print values.
            return "Subject[" + type + ", sources=" + sources + ", conflicts=" + conflicts + "]";
        }
    }
}
