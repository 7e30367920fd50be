package cn.tongban.hub.crosswalk;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cn.tongban.hub.canonical.CanonicalField;
import cn.tongban.hub.canonical.Provenance;
import cn.tongban.hub.canonical.SourcedValue;
import cn.tongban.hub.mapping.CompiledMapping;
import cn.tongban.hub.mapping.MappedRecord;
import cn.tongban.hub.mapping.MappingError;
import cn.tongban.hub.mapping.MappingException;

/**
 * Puts a mapped record on its key: the key field when the record carries it, otherwise the
 * first alias (in the order of the mapping's {@code key.aliases}) that the crosswalk links to
 * exactly one key. A record keyed through an alias gets the flag {@code LINKED_BY:<alias>}.
 * A record no alias resolves is {@link MappingError#UNKEYED}; an alias linked to two keys
 * is {@link MappingError#AMBIGUOUS_KEY}. Both are quarantined by the caller.
 */
public final class KeyResolver {

    /** Prefix of the flag naming the alias a record was keyed through. */
    public static final String LINKED_BY = "LINKED_BY:";
    /** Alias kind under which an old 15-digit citizen ID is linked to the 18-character one. */
    public static final String CITIZEN_ID_15 = "citizenId15";

    private KeyResolver() {
    }

    public static MappedRecord resolve(CompiledMapping mapping, MappedRecord record, Crosswalk crosswalk) {
        CanonicalField key = mapping.key().key();
        if (record.has(key.json())) {
            return record;
        }
        List<String> tried = new ArrayList<>();
        for (CanonicalField alias : mapping.key().aliases()) {
            String value = record.text(alias.json());
            if (value == null) {
                continue;
            }
            tried.add(alias.json());
            Set<String> keys = crosswalk.keysOf(mapping.entity().keySpace(), alias.json(), value);
            if (keys.size() > 1) {
                throw new MappingException(MappingError.AMBIGUOUS_KEY, alias.json() + " is linked to " + keys.size() + " different keys");
            }
            if (keys.size() == 1) {
                SourcedValue aliasValue = record.fields().get(alias.json());
                Provenance p = aliasValue.provenance();
                SourcedValue keyed = new SourcedValue(keys.iterator().next(),
                        new Provenance(p.silo(), "crosswalk:" + alias.json(), p.recordId(), p.fetchedAt()));
                return record.with(Map.of(key.json(), keyed), List.of(LINKED_BY + alias.json()));
            }
        }
        throw new MappingException(MappingError.UNKEYED, tried.isEmpty()
                ? "the record carries neither " + key.json() + " nor any of " + mapping.key().aliases().stream().map(CanonicalField::json).toList()
                : "no crosswalk link for " + tried);
    }

    /**
     * The links a keyed record asserts: each of the mapping's {@code key.asserts} fields it
     * carries, to its key. A mistyped identifier (kept and flagged) of a silo that is not that
     * identifier's authority enters no link: a mistyped alias would key the next record with
     * the same typo through this record's own assertion, and an alias linked to a mistyped key
     * would become ambiguous for everyone. The authority's value is the registered one, typo
     * or not (market regulation's regno with a wrong check digit is still its regno).
     */
    public static List<AliasLink> assertedLinks(CompiledMapping mapping, MappedRecord keyed) {
        String key = keyed.text(mapping.key().key().json());
        if (key == null || mistyped(mapping, keyed, mapping.key().key())) {
            return List.of();
        }
        LocalDate today = Crosswalk.today();
        List<AliasLink> links = new ArrayList<>();
        for (CanonicalField f : mapping.key().asserts()) {
            String alias = keyed.text(f.json());
            if (alias != null && !alias.equals(key) && !mistyped(mapping, keyed, f)) {
                links.add(new AliasLink(mapping.entity().keySpace(), f.json(), alias, key, mapping.silo(), keyed.recordId(), today, null));
            }
        }
        if (keyed.flags().contains("ID_UPGRADED_FROM_15:" + mapping.key().key().json())) {
            String old = key.substring(0, 6) + key.substring(8, 17);
            links.add(new AliasLink(mapping.entity().keySpace(), CITIZEN_ID_15, old, key, mapping.silo(), keyed.recordId(), today, null));
        }
        return links;
    }

    private static boolean mistyped(CompiledMapping mapping, MappedRecord keyed, CanonicalField f) {
        return !f.authority().equals(mapping.silo()) && keyed.flags().stream().anyMatch(fl -> fl.endsWith(":" + f.json())
                && (fl.contains("_CHECK_DIGIT") || fl.startsWith("REG_NO_NON_CONFORMING")));
    }
}
