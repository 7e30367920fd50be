package cn.tongban.hub.demo.data;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The civil-affairs marriage registry (民政 婚姻登记) of the synthetic data set: its truth
 * (one {@link TruthMarriage} per ever-married person), the records the registry sends (one
 * {@link CivilAffairsRecord} per such person, the latest registration), and the quirks
 * injected into them. Built from the persons' truth by {@link CivilAffairsGenerator} from its
 * own random stream, so that adding it left the other silo views byte-identical.
 */
public final class CivilAffairsView {

    /**
     * One injected quirk.
     *
     * @param recordKey the record's {@code ywlsh}
     * @param truthKey  the citizen ID the record is about ({@code sfzh})
     * @param field     the field touched
     */
    public record Injection(CivilAffairsQuirk quirk, String recordKey, String truthKey, String field) {
    }

    private final List<TruthMarriage> marriages;
    private final List<CivilAffairsRecord> records;
    private final List<Injection> injections;
    private final Map<CivilAffairsQuirk, Integer> opportunities;
    private final Map<String, CivilAffairsRecord> recordById = new HashMap<>();
    private final Map<String, TruthMarriage> marriageById = new HashMap<>();

    CivilAffairsView(List<TruthMarriage> marriages, List<CivilAffairsRecord> records, List<Injection> injections,
                     Map<CivilAffairsQuirk, Integer> opportunities) {
        this.marriages = List.copyOf(marriages);
        this.records = List.copyOf(records);
        this.injections = List.copyOf(injections);
        this.opportunities = new EnumMap<>(opportunities);
        // Lookup only, never iterated.
        records.forEach(r -> recordById.put(r.sfzh(), r));
        marriages.forEach(m -> marriageById.put(m.citizenId(), m));
    }

    /** The truth, in person order. */
    public List<TruthMarriage> marriages() {
        return marriages;
    }

    /** The registry's records, in person order. */
    public List<CivilAffairsRecord> records() {
        return records;
    }

    public Optional<TruthMarriage> marriage(String citizenId) {
        return Optional.ofNullable(marriageById.get(citizenId));
    }

    /** The record the registry answers for a citizen ID (upper case, 18 characters), if any. */
    public Optional<CivilAffairsRecord> record(String citizenId) {
        return Optional.ofNullable(recordById.get(citizenId));
    }

    /** All injections in generation order. */
    public List<Injection> injections() {
        return injections;
    }

    public List<Injection> injections(CivilAffairsQuirk quirk) {
        return injections.stream().filter(i -> i.quirk() == quirk).toList();
    }

    public int count(CivilAffairsQuirk quirk) {
        return (int) injections.stream().filter(i -> i.quirk() == quirk).count();
    }

    public int opportunities(CivilAffairsQuirk quirk) {
        return opportunities.getOrDefault(quirk, 0);
    }

    public double fraction(CivilAffairsQuirk quirk) {
        int o = opportunities(quirk);
        return o == 0 ? 0 : (double) count(quirk) / o;
    }

    /** Size and one line per quirk: count, opportunities, fraction. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "civil affairs: %d marriage registration records%n", records.size()));
        for (CivilAffairsQuirk q : CivilAffairsQuirk.values()) {
            b.append(String.format(Locale.ROOT, "%-26s %-18s %7d %7d %8.4f%n",
                    q, "civil-affairs", count(q), opportunities(q), fraction(q)));
        }
        return b.toString();
    }
}
