package cn.tongban.hub.testing;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import cn.tongban.hub.canonical.Silo;
import cn.tongban.hub.demo.data.Quirk;
import cn.tongban.hub.demo.data.SyntheticDataSet;
import cn.tongban.hub.demo.data.TruthPerson;

/** Subjects of the demo data set that integration tests pick by their truth. */
public final class DemoSubjects {

    private DemoSubjects() {
    }

    /**
     * Active, living persons whose silo records carry no quirk that changes what the silos
     * say about them (a bad check character, a disagreeing name, an empty value), in data-set
     * order.
     */
    public static List<TruthPerson> cleanPersons(SyntheticDataSet data) {
        Set<String> excluded = new TreeSet<>();
        for (Quirk q : List.of(Quirk.BAD_CHECK_CHARACTER, Quirk.PERSON_NAME_DISAGREES, Quirk.EMPTY_STRING)) {
            for (Silo s : List.of(Silo.SOCIAL_INSURANCE, Silo.PUBLIC_SECURITY)) {
                if (q.target(s).isPresent()) {
                    excluded.addAll(data.manifest().truthKeys(q, s));
                }
            }
        }
        return data.persons().stream()
                .filter(p -> TruthPerson.ACTIVE.equals(p.personStatus()) && p.deathDate() == null)
                .filter(p -> !excluded.contains(p.citizenId())).toList();
    }
}
