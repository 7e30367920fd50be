package cn.tongban.hub.demo.data;

/**
 * The dirt injected into the civil-affairs view (民政 婚姻登记). Kept apart from {@link Quirk}
 * and {@link QuirkManifest}, which are keyed by the hub's {@code Silo} enum: civil affairs is
 * a silo added as data only and has no constant there. docs/demo-data.md holds the same table.
 */
public enum CivilAffairsQuirk {

    DATE_COMPACT(0.15, "record: djrq as YYYYMMDD where the registry's convention is YYYY-MM-DD"),
    DATE_CHINESE(0.10, "record: djrq as YYYY年M月D日"),
    MARITAL_STATUS_AS_TEXT(0.20, "record: hyzk is the words (已婚, 丧偶, 离婚) instead of the GB/T 2261.2 code"),
    LOWERCASE_X(0.50, "record whose spouse ID ends in X: posfzh ends in lower-case x"),
    FIFTEEN_DIGIT_CITIZEN_ID(0.06, "record whose spouse was born before 2000: posfzh is the old 15-digit ID"),
    WU_PLACEHOLDER(0.02, "record: posfzh is 无 (the spouse's ID was never recorded)"),
    EMPTY_STRING(0.30, "registration before 1995: zsbh is \"\" (paper-era record digitised without it)");

    private final double rate;
    private final String where;

    CivilAffairsQuirk(double rate, String where) {
        this.rate = rate;
        this.where = where;
    }

    /** Probability per opportunity used by the generator. */
    public double rate() {
        return rate;
    }

    /** What one opportunity is, and what is touched. */
    public String where() {
        return where;
    }
}
