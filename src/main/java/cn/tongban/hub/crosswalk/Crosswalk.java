package cn.tongban.hub.crosswalk;

import java.util.Collection;
import java.util.Set;

/** The table of aliases to keys (DESIGN.md "Key resolution and crosswalk"). */
public interface Crosswalk {

    /** The keys an alias is currently linked to: none, one, or (a data conflict) several. */
    Set<String> keysOf(String entity, String aliasKind, String aliasValue);

    /** The aliases currently linked to a key (every kind, every asserting silo). */
    java.util.List<AliasLink> aliasesOf(String entity, String key);

    /** Records links; a link already present (same alias, key and asserting silo) is refreshed, not duplicated. */
    void assertLinks(Collection<AliasLink> links);
}
