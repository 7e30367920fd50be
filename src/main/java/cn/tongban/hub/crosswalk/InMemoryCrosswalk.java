package cn.tongban.hub.crosswalk;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/** A crosswalk held in memory: for golden cases, the dry run with fixtures, and unit tests. */
public final class InMemoryCrosswalk implements Crosswalk {

    private final List<AliasLink> links = new CopyOnWriteArrayList<>();

    public InMemoryCrosswalk(Collection<AliasLink> initial) {
        links.addAll(initial);
    }

    public InMemoryCrosswalk() {
        this(List.of());
    }

    @Override
    public Set<String> keysOf(String entity, String aliasKind, String aliasValue) {
        LocalDate today = Crosswalk.today();
        Set<String> keys = new TreeSet<>();
        for (AliasLink l : links) {
            if (l.entity().equals(entity) && l.aliasKind().equals(aliasKind) && l.aliasValue().equals(aliasValue) && l.validOn(today)) {
                keys.add(l.key());
            }
        }
        return keys;
    }

    @Override
    public List<AliasLink> aliasesOf(String entity, String key) {
        LocalDate today = Crosswalk.today();
        return links.stream().filter(l -> l.entity().equals(entity) && l.key().equals(key) && l.validOn(today)).toList();
    }

    @Override
    public void assertLinks(Collection<AliasLink> more) {
        for (AliasLink l : more) {
            links.removeIf(x -> x.entity().equals(l.entity()) && x.aliasKind().equals(l.aliasKind())
                    && x.aliasValue().equals(l.aliasValue()) && x.key().equals(l.key()) && x.assertedBy().equals(l.assertedBy()));
            links.add(l);
        }
    }

    public List<AliasLink> links() {
        return List.copyOf(links);
    }
}
