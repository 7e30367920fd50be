package cn.tongban.hub.demo.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import cn.tongban.hub.canonical.Silo;

/**
 * What the generator injected: for every {@link Quirk} and silo, each injection with the
 * keys it affects, and how many opportunities there were, so that tests of the hub can
 * compare its data-quality numbers with the truth.
 *
 * <p>Counting units: one injection per affected silo record (AB01/AC01/AC02 row, public
 * security record, published event) and field group; content quirks of market-regulation
 * events are counted per published well-formed event, so an exact re-delivery of a quirky
 * event counts again. The event-stream quirks count the extra or displaced publications.
 */
public final class QuirkManifest {

    /**
     * One injection.
     *
     * @param quirk     what was injected
     * @param silo      into which silo's view
     * @param recordKey the silo's own key of the record: AB01.AAB001, AC01.AAC001,
     *                  AC02 {@code AAC001/AAE140}, public security GMSFHM, or the eventId
     * @param truthKey  the key of the entity the affected value denotes: a USCC, or a citizen
     *                  ID for person values (AC01, AC02, public security, AB01.AAB014)
     * @param field     the field or fields touched, comma-separated
     */
    public record Injection(Quirk quirk, Silo silo, String recordKey, String truthKey, String field) {
    }

    private final Map<Quirk, Map<Silo, List<Injection>>> injections;
    private final Map<Quirk, Map<Silo, Integer>> opportunities;

    private QuirkManifest(Map<Quirk, Map<Silo, List<Injection>>> injections, Map<Quirk, Map<Silo, Integer>> opportunities) {
        this.injections = injections;
        this.opportunities = opportunities;
    }

    /** Number of injections of a quirk over all silos. */
    public int count(Quirk quirk) {
        int n = 0;
        for (Silo s : Silo.values()) {
            n += count(quirk, s);
        }
        return n;
    }

    public int count(Quirk quirk, Silo silo) {
        return injections(quirk, silo).size();
    }

    /** How many records could have received the quirk (see {@link Quirk.Target#where()}). */
    public int opportunities(Quirk quirk, Silo silo) {
        return opportunities.getOrDefault(quirk, Map.of()).getOrDefault(silo, 0);
    }

    /** {@code count / opportunities}, 0 when there was no opportunity. */
    public double fraction(Quirk quirk, Silo silo) {
        int o = opportunities(quirk, silo);
        return o == 0 ? 0 : (double) count(quirk, silo) / o;
    }

    /** The injections of a quirk in one silo, in generation order. */
    public List<Injection> injections(Quirk quirk, Silo silo) {
        return injections.getOrDefault(quirk, Map.of()).getOrDefault(silo, List.of());
    }

    /** All injections, by quirk, then silo, then generation order. */
    public List<Injection> injections() {
        List<Injection> all = new ArrayList<>();
        for (Quirk q : Quirk.values()) {
            for (Silo s : Silo.values()) {
                all.addAll(injections(q, s));
            }
        }
        return all;
    }

    /** Distinct truth keys (USCCs or citizen IDs) affected, in first-injection order. */
    public Set<String> truthKeys(Quirk quirk, Silo silo) {
        Set<String> keys = new LinkedHashSet<>();
        injections(quirk, silo).forEach(i -> keys.add(i.truthKey()));
        return Collections.unmodifiableSet(keys);
    }

    /** Distinct silo record keys affected, in first-injection order. */
    public Set<String> recordKeys(Quirk quirk, Silo silo) {
        Set<String> keys = new LinkedHashSet<>();
        injections(quirk, silo).forEach(i -> keys.add(i.recordKey()));
        return Collections.unmodifiableSet(keys);
    }

    /** Whether the measured fraction lies in the documented range of {@link Quirk#target}. */
    public boolean withinDocumentedRange(Quirk quirk, Silo silo) {
        return quirk.target(silo).map(t -> t.contains(fraction(quirk, silo))).orElse(false);
    }

    /** One line per quirk and silo: count, opportunities, fraction and documented range. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-26s %-18s %7s %7s %8s  %s%n",
                "quirk", "silo", "count", "of", "fraction", "documented"));
        for (Quirk q : Quirk.values()) {
            for (Quirk.Target t : q.targets()) {
                b.append(String.format(Locale.ROOT, "%-26s %-18s %7d %7d %8.4f  %.3f..%.3f%n",
                        q, t.silo().id(), count(q, t.silo()), opportunities(q, t.silo()), fraction(q, t.silo()),
                        t.min(), t.max()));
            }
        }
        return b.toString();
    }

    /**
     * The manifest as JSON: per quirk and silo the counts, the documented range and the
     * injections as {@code [recordKey, truthKey, field]} triples.
     */
    public String toJson() {
        List<Object> entries = new ArrayList<>();
        for (Quirk q : Quirk.values()) {
            for (Quirk.Target t : q.targets()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("quirk", q.name());
                e.put("silo", t.silo().id());
                e.put("description", q.description());
                e.put("where", t.where());
                e.put("rate", t.rate());
                e.put("documentedMin", t.min());
                e.put("documentedMax", t.max());
                e.put("count", count(q, t.silo()));
                e.put("opportunities", opportunities(q, t.silo()));
                e.put("fraction", Math.round(fraction(q, t.silo()) * 1_000_000) / 1_000_000.0);
                List<Object> inj = new ArrayList<>();
                for (Injection i : injections(q, t.silo())) {
                    inj.add(List.of(i.recordKey(), i.truthKey(), i.field()));
                }
                e.put("injections", inj);
                entries.add(e);
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("quirks", entries);
        return Json.write(root);
    }

    /** Collects injections and opportunities while the generator runs. */
    static final class Builder {

        private final Map<Quirk, Map<Silo, List<Injection>>> injections = new EnumMap<>(Quirk.class);
        // Counted in an array: there are a few hundred thousand opportunities per data set.
        private final int[][] opportunities = new int[Quirk.values().length][Silo.values().length];

        void opportunity(Quirk quirk, Silo silo) {
            int[] bySilo = opportunities[quirk.ordinal()];
            if (bySilo[silo.ordinal()]++ == 0) {
                requireTarget(quirk, silo);
            }
        }

        void inject(Quirk quirk, Silo silo, String recordKey, String truthKey, String field) {
            requireTarget(quirk, silo);
            injections.computeIfAbsent(quirk, q -> new EnumMap<>(Silo.class))
                    .computeIfAbsent(silo, s -> new ArrayList<>())
                    .add(new Injection(quirk, silo, recordKey, truthKey, field));
        }

        private static void requireTarget(Quirk quirk, Silo silo) {
            if (quirk.target(silo).isEmpty()) {
                throw new IllegalStateException(quirk + " is not documented for " + silo);
            }
        }

        QuirkManifest build() {
            Map<Quirk, Map<Silo, List<Injection>>> inj = new EnumMap<>(Quirk.class);
            injections.forEach((q, bySilo) -> {
                Map<Silo, List<Injection>> m = new EnumMap<>(Silo.class);
                bySilo.forEach((s, list) -> m.put(s, List.copyOf(list)));
                inj.put(q, Collections.unmodifiableMap(m));
            });
            Map<Quirk, Map<Silo, Integer>> opp = new EnumMap<>(Quirk.class);
            for (Quirk q : Quirk.values()) {
                Map<Silo, Integer> bySilo = new EnumMap<>(Silo.class);
                for (Silo s : Silo.values()) {
                    if (opportunities[q.ordinal()][s.ordinal()] > 0) {
                        bySilo.put(s, opportunities[q.ordinal()][s.ordinal()]);
                    }
                }
                opp.put(q, Collections.unmodifiableMap(bySilo));
            }
            return new QuirkManifest(Collections.unmodifiableMap(inj), Collections.unmodifiableMap(opp));
        }
    }
}
