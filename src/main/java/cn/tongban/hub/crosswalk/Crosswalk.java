package cn.tongban.hub.crosswalk;

import java.util.Collection;
import java.util.Set;

/** The table of aliases to keys (DESIGN.md "Key resolution and crosswalk"). */
public interface Crosswalk {

    /**
     * The day links are asserted on and judged valid on: China's date, one clock for every
     * store. (The store's {@code current_date} follows its session time zone; with a store in
     * UTC, links asserted 00:00-08:00 China time were "not yet valid" until the next UTC day.)
     */
    static java.time.LocalDate today() {
        return java.time.LocalDate.now(cn.tongban.hub.mapping.Values.SOURCE_ZONE);
    }

    /** The keys an alias is currently linked to: none, one, or (a data conflict) several. */
    Set<String> keysOf(String entity, String aliasKind, String aliasValue);

    /** The aliases currently linked to a key (every kind, every asserting silo). */
    java.util.List<AliasLink> aliasesOf(String entity, String key);

    /** Records links; a link already present (same alias, key and asserting silo) is refreshed, not duplicated. */
    void assertLinks(Collection<AliasLink> links);
}
