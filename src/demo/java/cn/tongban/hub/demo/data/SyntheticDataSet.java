package cn.tongban.hub.demo.data;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The deterministic synthetic data set behind the demo profile and the load tests: the
 * truth (what the hub's canonical answers should be) and the three silo views built from
 * it with the quirks of DOMAIN.md 2.4, plus the {@link QuirkManifest} of what was injected,
 * and the civil-affairs marriage registry ({@link CivilAffairsView}) with its own quirks.
 *
 * <p>The same seed and sizes give byte-identical output on every machine: all randomness
 * comes from {@link java.util.SplittableRandom} streams split off the seed, no date depends
 * on the clock (the data set's "today" is {@link #REFERENCE_DATE}), and nothing iterates a
 * hash-ordered collection. The default size generates in well under a second.
 *
 * <p>All lists are immutable and in silo order: persons in household order, AB01/AC01/AC02
 * in key order, events in publication order. See docs/demo-data.md.
 */
public final class SyntheticDataSet {

    /** Default seed of the demo profile ({@code hub.demo.seed}). */
    public static final long DEFAULT_SEED = 20261123L;
    public static final int DEFAULT_ENTERPRISES = 2_000;
    public static final int DEFAULT_PERSONS = 10_000;
    /** The data set's "today": no generated date is later. */
    public static final java.time.LocalDate REFERENCE_DATE = Generator.REFERENCE_DATE;

    private final long seed;
    private final List<TruthEnterprise> enterprises;
    private final List<TruthPerson> persons;
    private final List<PublicSecurityRecord> publicSecurityRecords;
    private final List<Ab01Row> ab01Rows;
    private final List<Ac01Row> ac01Rows;
    private final List<Ac02Row> ac02Rows;
    private final List<MarketRegulationEvent> marketRegulationEvents;
    private final QuirkManifest manifest;
    private final CivilAffairsView civilAffairs;

    SyntheticDataSet(long seed, List<TruthEnterprise> enterprises, List<TruthPerson> persons,
                     List<PublicSecurityRecord> publicSecurityRecords, List<Ab01Row> ab01Rows, List<Ac01Row> ac01Rows,
                     List<Ac02Row> ac02Rows, List<MarketRegulationEvent> marketRegulationEvents, QuirkManifest manifest,
                     CivilAffairsView civilAffairs) {
        this.seed = seed;
        this.enterprises = List.copyOf(enterprises);
        this.persons = List.copyOf(persons);
        this.publicSecurityRecords = List.copyOf(publicSecurityRecords);
        this.ab01Rows = List.copyOf(ab01Rows);
        this.ac01Rows = List.copyOf(ac01Rows);
        this.ac02Rows = List.copyOf(ac02Rows);
        this.marketRegulationEvents = List.copyOf(marketRegulationEvents);
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.civilAffairs = Objects.requireNonNull(civilAffairs, "civilAffairs");
    }

    /**
     * Generates a data set.
     *
     * @param seed        any long; the same seed and sizes give the same data
     * @param enterprises number of enterprises (market-regulation registry entries)
     * @param persons     number of persons (public-security records); must be at least 1
     *                    when there are enterprises, which need legal representatives
     */
    public static SyntheticDataSet generate(long seed, int enterprises, int persons) {
        return new Generator(seed, enterprises, persons).generate();
    }

    /** The demo's data set: {@link #DEFAULT_SEED}, {@link #DEFAULT_ENTERPRISES}, {@link #DEFAULT_PERSONS}. */
    public static SyntheticDataSet generateDefault() {
        return generate(DEFAULT_SEED, DEFAULT_ENTERPRISES, DEFAULT_PERSONS);
    }

    public long seed() {
        return seed;
    }

    /** The canonical enterprises (final state of their registry history). */
    public List<TruthEnterprise> enterprises() {
        return enterprises;
    }

    /** The canonical persons. */
    public List<TruthPerson> persons() {
        return persons;
    }

    /** One public-security record per person, in household order. */
    public List<PublicSecurityRecord> publicSecurityRecords() {
        return publicSecurityRecords;
    }

    /** The social-insurance units (a subset of the enterprises). */
    public List<Ab01Row> ab01Rows() {
        return ab01Rows;
    }

    /** The social-insurance persons (the insured subset of the persons). */
    public List<Ac01Row> ac01Rows() {
        return ac01Rows;
    }

    /** One row per person and insurance type. */
    public List<Ac02Row> ac02Rows() {
        return ac02Rows;
    }

    /**
     * The market-regulation change events in publication order: the initial version of every
     * enterprise, later versions, re-deliveries, duplicates, out-of-order pairs and a few
     * poison events.
     */
    public List<MarketRegulationEvent> marketRegulationEvents() {
        return marketRegulationEvents;
    }

    public QuirkManifest manifest() {
        return manifest;
    }

    /**
     * The civil-affairs marriage registry: its truth, its records and its own quirks (not in
     * {@link #manifest()}, which covers the three silos of the hub's {@code Silo} enum).
     */
    public CivilAffairsView civilAffairs() {
        return civilAffairs;
    }

    /** Sizes of the truth and of every silo view, then the quirk table. */
    public String summary() {
        long distinctEvents = marketRegulationEvents.stream().map(MarketRegulationEvent::eventId)
                .collect(Collectors.toCollection(java.util.TreeSet::new)).size();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Synthetic data set, seed %d (reference date %s)%n", seed, REFERENCE_DATE));
        b.append(String.format(Locale.ROOT, "truth: %d enterprises (%d post-reform), %d persons (%d insured, %d deceased)%n",
                enterprises.size(), enterprises.stream().filter(TruthEnterprise::postReform).count(),
                persons.size(), persons.stream().filter(TruthPerson::insured).count(),
                persons.stream().filter(TruthPerson::deceased).count()));
        b.append(String.format(Locale.ROOT, "public security: %d records%n", publicSecurityRecords.size()));
        b.append(String.format(Locale.ROOT, "social insurance: AB01 %d, AC01 %d, AC02 %d rows%n",
                ab01Rows.size(), ac01Rows.size(), ac02Rows.size()));
        b.append(String.format(Locale.ROOT, "market regulation: %d events published (%d distinct eventIds, %d malformed)%n",
                marketRegulationEvents.size(), distinctEvents,
                marketRegulationEvents.stream().filter(e -> !e.wellFormed()).count()));
        b.append(manifest.summary());
        b.append(civilAffairs.summary());
        return b.toString();
    }
}
