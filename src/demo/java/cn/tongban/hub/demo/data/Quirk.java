package cn.tongban.hub.demo.data;

import static cn.tongban.hub.canonical.Silo.MARKET_REGULATION;
import static cn.tongban.hub.canonical.Silo.PUBLIC_SECURITY;
import static cn.tongban.hub.canonical.Silo.SOCIAL_INSURANCE;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import cn.tongban.hub.canonical.Silo;

/**
 * The kinds of dirt the synthetic data set injects into the silo views (DOMAIN.md 2.4).
 *
 * <p>Each kind names the silos it appears in with a {@link Target}: the probability the
 * generator uses per decision ({@code rate}), what one opportunity is ({@code where}), and
 * the documented range within which the measured fraction {@code injections / opportunities}
 * of {@link QuirkManifest} falls at the default size. docs/demo-data.md holds the same table;
 * changing a rate here changes the data set of every seed.
 */
public enum Quirk {

    ENTERPRISE_TYPE_AS_TEXT("enterprise type as Chinese text instead of the 4-digit code",
            new Target(MARKET_REGULATION, 0.10, 0.07, 0.13,
                    "event: enttype is the label (e.g. 有限责任公司(自然人投资或控股))"),
            new Target(SOCIAL_INSURANCE, 1.0, 1.0, 1.0,
                    "AB01 row: AAB019 is always the label, with full-width brackets")),

    DATE_DASHED("date as YYYY-MM-DD where the silo's convention is YYYYMMDD",
            new Target(SOCIAL_INSURANCE, 0.05, 0.035, 0.065, "AC02 row: AAC049 and AAC030"),
            new Target(PUBLIC_SECURITY, 0.01, 0.005, 0.016, "record: CSRQ")),

    DATE_CHINESE("date as YYYY年M月D日",
            new Target(SOCIAL_INSURANCE, 0.03, 0.018, 0.045, "AC01 row: AAC006"),
            new Target(MARKET_REGULATION, 0.04, 0.025, 0.055, "event: estdate, apprdate, opfrom, opto")),

    DATE_EPOCH_MILLIS("date as epoch milliseconds (midnight Asia/Shanghai), a JSON number",
            new Target(MARKET_REGULATION, 0.08, 0.06, 0.10, "event: estdate, apprdate, opfrom, opto")),

    FULL_WIDTH_IDENTIFIER("identifier written with full-width digits and letters (９１３４…)",
            new Target(SOCIAL_INSURANCE, 0.03, 0.02, 0.04,
                    "AB01 row (first present of AAB998, AAB003, AAB007) and AC01 row (AAC002)"),
            new Target(MARKET_REGULATION, 0.03, 0.018, 0.042, "event: uniscid")),

    FULL_WIDTH_NAME("Latin letters and digits of a name written full-width (芜湖Ａ８科技有限公司)",
            new Target(SOCIAL_INSURANCE, 0.5, 0.3, 0.7, "AB01 row whose name has Latin letters or digits: AAB004"),
            new Target(MARKET_REGULATION, 0.3, 0.15, 0.45, "event whose entname has Latin letters or digits: entname")),

    TRAILING_SPACES("value padded with trailing spaces",
            new Target(SOCIAL_INSURANCE, 0.2, 0.17, 0.23, "AB01 row: AAB004 (CHAR padding); AC01 row: AAC003"),
            new Target(MARKET_REGULATION, 0.02, 0.01, 0.03, "event: lerep or entname gets one to three spaces")),

    EMPTY_STRING("empty string where a value is expected",
            new Target(MARKET_REGULATION, 0.03, 0.018, 0.042, "event: dom or opscope is \"\""),
            new Target(PUBLIC_SECURITY, 0.02, 0.013, 0.027, "record: HH is \"\"")),

    NULL_LITERAL("the text null where the value is missing",
            new Target(SOCIAL_INSURANCE, 0.15, 0.08, 0.22,
                    "AB01 row with AAB003 or AAB007 missing: the missing columns hold 'null'"),
            new Target(MARKET_REGULATION, 0.15, 0.11, 0.19,
                    "event with regno or opto missing: the missing fields hold \"null\"")),

    WU_PLACEHOLDER("the text 无 (none) where the value is missing",
            new Target(SOCIAL_INSURANCE, 0.15, 0.08, 0.22,
                    "AB01 row with AAB003 or AAB007 missing: the missing columns hold '无'"),
            new Target(MARKET_REGULATION, 0.10, 0.07, 0.13,
                    "event with regno or opto missing: the missing fields hold \"无\"")),

    CAPITAL_IN_YUAN("registered capital in 元 while market regulation uses 万元",
            new Target(SOCIAL_INSURANCE, 1.0, 1.0, 1.0, "AB01 row: ZCZB")),

    AB01_USCC_MISSING("AB01 row without USCC (AAB998 NULL), to be linked through older identifiers",
            new Target(SOCIAL_INSURANCE, 0.6, 0.54, 0.66, "AB01 row of a pre-reform enterprise")),

    AB01_ORG_CODE_ONLY("AB01 row keyed only by organisation code (no USCC, no registration number)",
            new Target(SOCIAL_INSURANCE, 0.25, 0.18, 0.32, "AB01 row without USCC")),

    AB01_REG_NO_ONLY("AB01 row keyed only by registration number (no USCC, no organisation code)",
            new Target(SOCIAL_INSURANCE, 0.25, 0.18, 0.32, "AB01 row without USCC")),

    ORG_CODE_HYPHENATED("organisation code in its printed form XXXXXXXX-X",
            new Target(SOCIAL_INSURANCE, 0.5, 0.44, 0.56, "AB01 row with an organisation code: AAB003")),

    FIFTEEN_DIGIT_CITIZEN_ID("old 15-digit citizen ID instead of the 18-character one",
            new Target(SOCIAL_INSURANCE, 0.06, 0.045, 0.075,
                    "AC01 row (AAC002) and AB01 row (AAB014) whose person was born before 2000")),

    LOWERCASE_X("citizen ID ending in lower-case x",
            new Target(SOCIAL_INSURANCE, 0.5, 0.4, 0.6, "AC01 row whose 18-character ID ends in X: AAC002")),

    BAD_CHECK_CHARACTER("real-looking identifier with a wrong check character (kept, to be flagged)",
            new Target(SOCIAL_INSURANCE, 0.02, 0.012, 0.028,
                    "AB01 row with two or more identifiers (one of AAB998, AAB003, AAB007) and AC01 row with "
                            + "an 18-character ID (AAC002)"),
            new Target(MARKET_REGULATION, 0.03, 0.01, 0.06,
                    "pre-reform enterprise whose registry holds a wrong regno check digit; measured per event with regno")),

    LEGAL_REP_DISAGREES("legal representative in AB01 differs from market regulation",
            new Target(SOCIAL_INSURANCE, 0.05, 0.03, 0.07,
                    "AB01 row: AAB013/AAB014 hold the previous representative when there was a change, "
                            + "otherwise another person")),

    ENTERPRISE_NAME_DISAGREES("enterprise name in AB01 differs from market regulation",
            new Target(SOCIAL_INSURANCE, 0.05, 0.03, 0.07,
                    "AB01 row: AAB004 holds the previous name when there was a rename, otherwise the name "
                            + "without its region prefix")),

    PERSON_NAME_DISAGREES("person name in AC01 differs from public security",
            new Target(SOCIAL_INSURANCE, 0.03, 0.02, 0.04, "AC01 row: one given-name character replaced by a homophone")),

    PERSON_STATUS_DISAGREES("person deceased in public security but still active in AC01",
            new Target(SOCIAL_INSURANCE, 0.4, 0.2, 0.6, "AC01 row of a deceased person: AAC008 is 1 instead of 3")),

    EVENT_REDELIVERED("exact re-delivery of an event (same eventId and version) later in the stream",
            new Target(MARKET_REGULATION, 0.05, 0.035, 0.065, "logical event")),

    EVENT_DUPLICATE_VERSION("same enterprise version published again under a new eventId",
            new Target(MARKET_REGULATION, 0.02, 0.01, 0.03, "logical event")),

    EVENT_OUT_OF_ORDER("an older version published after a newer one of the same enterprise",
            new Target(MARKET_REGULATION, 0.25, 0.18, 0.32, "enterprise with two or more versions")),

    EVENT_MALFORMED_JSON("poison event whose body is not valid JSON (truncated)",
            new Target(MARKET_REGULATION, 0.006, 0.002, 0.011, "logical event (one extra poison event each)")),

    EVENT_MISSING_KEYS("poison event with valid JSON but neither uniscid nor regno",
            new Target(MARKET_REGULATION, 0.004, 0.001, 0.008, "logical event (one extra poison event each)"));

    /**
     * Where a quirk appears and how often.
     *
     * @param silo  the silo whose view carries it
     * @param rate  probability per decision used by the generator
     * @param min   lowest documented measured fraction at the default size
     * @param max   highest documented measured fraction at the default size
     * @param where what one opportunity is, and which fields are touched
     */
    public record Target(Silo silo, double rate, double min, double max, String where) {

        public boolean contains(double fraction) {
            return fraction >= min && fraction <= max;
        }
    }

    private final String description;
    private final Map<Silo, Target> targets;

    Quirk(String description, Target... targets) {
        this.description = description;
        EnumMap<Silo, Target> m = new EnumMap<>(Silo.class);
        for (Target t : targets) {
            m.put(t.silo(), t);
        }
        this.targets = m;
    }

    public String description() {
        return description;
    }

    /** The silos this quirk appears in, in {@link Silo} order. */
    public Set<Silo> silos() {
        return Collections.unmodifiableSet(targets.keySet());
    }

    public Optional<Target> target(Silo silo) {
        return Optional.ofNullable(targets.get(silo));
    }

    public List<Target> targets() {
        return List.copyOf(targets.values());
    }

    /** Generator probability for a silo; fails for a silo the quirk does not appear in. */
    double rate(Silo silo) {
        Target t = targets.get(silo);
        if (t == null) {
            throw new IllegalArgumentException(this + " does not appear in " + silo);
        }
        return t.rate();
    }
}
