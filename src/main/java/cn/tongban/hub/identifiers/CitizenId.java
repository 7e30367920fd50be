package cn.tongban.hub.identifiers;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Citizen ID number (公民身份号码) per GB 11643-1999, the hub's key for persons; the social
 * security number is the same value.
 *
 * <p>Old 15-digit numbers are upgraded to 18 characters on parse. Region codes are not
 * checked against GB/T 2260: an ID keeps the region code valid when it was issued, which
 * may since have been abolished. {@link #toString()} is masked so that a stray log line
 * never carries a full number; use {@link #value()} where the full number is needed.
 */
public record CitizenId(String value, boolean upgradedFrom15) {

    /** Sex encoded by the parity of the sequence number (position 17). */
    public enum Sex { MALE, FEMALE }

    private static final int LENGTH = 18;
    private static final int BODY_LENGTH = 17;
    private static final int OLD_LENGTH = 15;
    private static final int REGION_LENGTH = 6;
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARS = "10X98765432";
    private static final int MASK_KEEP_START = 6;
    private static final int MASK_KEEP_END = 4;
    /*
     * GB 11643 numbers were first issued in 1984 (15 digits), so nobody holding one can have
     * been born much before 1870. Anything earlier is a mis-keyed value or a different kind
     * of identifier that happens to be all digits (e.g. a USCC), not an old person.
     */
    private static final LocalDate EARLIEST_BIRTH_DATE = LocalDate.of(1850, 1, 1);
    // Births are registered in Chinese local time; "future" must not depend on the server zone.
    private static final ZoneId ISSUING_ZONE = ZoneId.of("Asia/Shanghai");

    public CitizenId {
        Objects.requireNonNull(value, "value");
        if (value.length() != LENGTH) {
            throw Chars.lengthError(IdentifierError.ID_LENGTH, LENGTH, value.length());
        }
        if (!hasShape18(value)) {
            throw new InvalidIdentifierException(IdentifierError.ID_CHARSET);
        }
        if (birthDateOf(value) == null) {
            throw new InvalidIdentifierException(IdentifierError.ID_BIRTH_DATE);
        }
        if (computeCheck(value) != value.charAt(BODY_LENGTH)) {
            throw new InvalidIdentifierException(IdentifierError.ID_CHECK_DIGIT);
        }
    }

    /**
     * Parses an 18-character ID (a lower-case {@code x} is fine) or an old 15-digit ID, which
     * comes back upgraded to 18 characters with {@code upgradedFrom15} set.
     */
    public static CitizenId parse(String raw) {
        String v = IdentifierNormalizer.normalize(raw);
        if (v.isEmpty()) {
            throw new InvalidIdentifierException(IdentifierError.EMPTY);
        }
        if (v.length() == OLD_LENGTH) {
            return new CitizenId(upgradeCanonical(v), true);
        }
        if (v.length() != LENGTH) {
            throw new InvalidIdentifierException(IdentifierError.ID_LENGTH,
                    "expected 18 characters (or 15 digits), got " + v.length());
        }
        return new CitizenId(v, false);
    }

    /**
     * Whether a value, once normalised, has the shape of an 18-character ID with a real birth
     * date, whatever its check character: such a value is kept (and flagged) when a silo
     * holds it with a wrong check character (DOMAIN.md 2.4).
     */
    public static boolean isWellShaped18(String raw) {
        return raw != null && hasShapeAndBirthDate18(IdentifierNormalizer.normalize(raw));
    }

    static boolean isValidCanonical18(String v) {
        return v.length() == LENGTH && hasShape18(v) && birthDateOf(v) != null
                && computeCheck(v) == v.charAt(BODY_LENGTH);
    }

    /** 17 digits and a digit or X, with a plausible birth date; the check character may be wrong. */
    static boolean hasShapeAndBirthDate18(String v) {
        return hasShape18(v) && birthDateOf(v) != null;
    }

    /** 17 digits followed by a digit or X. */
    static boolean hasShape18(String v) {
        if (v.length() != LENGTH || !Chars.allDigits(v, 0, BODY_LENGTH)) {
            return false;
        }
        char last = v.charAt(BODY_LENGTH);
        return Chars.isDigit(last) || last == 'X';
    }

    /** The GB 11643 check character (0-9 or X) for the first 17 digits. */
    public static char checkCharacter(String first17) {
        Objects.requireNonNull(first17, "first17");
        if (first17.length() != BODY_LENGTH) {
            throw Chars.lengthError(IdentifierError.ID_LENGTH, BODY_LENGTH, first17.length());
        }
        if (!Chars.allDigits(first17)) {
            throw new InvalidIdentifierException(IdentifierError.ID_CHARSET, "only digits are allowed");
        }
        return computeCheck(first17);
    }

    /**
     * Upgrades an old 15-digit ID to 18 characters: inserts {@code 19} before the two-digit
     * year (all 15-digit IDs predate 2000) and appends the check character. The birth date
     * is not validated here; {@link #parse} does that.
     */
    public static String upgrade(String id15) {
        String v = IdentifierNormalizer.normalize(id15);
        if (v.isEmpty()) {
            throw new InvalidIdentifierException(IdentifierError.EMPTY);
        }
        return upgradeCanonical(v);
    }

    private static String upgradeCanonical(String v) {
        if (v.length() != OLD_LENGTH) {
            throw Chars.lengthError(IdentifierError.ID_LENGTH, OLD_LENGTH, v.length());
        }
        if (!Chars.allDigits(v)) {
            throw new InvalidIdentifierException(IdentifierError.ID_CHARSET, "a 15-digit ID has only digits");
        }
        String first17 = v.substring(0, REGION_LENGTH) + "19" + v.substring(REGION_LENGTH);
        return first17 + computeCheck(first17);
    }

    private static char computeCheck(String v) {
        int sum = 0;
        for (int i = 0; i < BODY_LENGTH; i++) {
            sum += (v.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK_CHARS.charAt(sum % 11);
    }

    /** Birth date of a shaped 18-character value, or null if not a real, plausible date. */
    private static LocalDate birthDateOf(String v) {
        int year = Integer.parseInt(v.substring(6, 10));
        int month = Integer.parseInt(v.substring(10, 12));
        int day = Integer.parseInt(v.substring(12, 14));
        LocalDate date;
        try {
            date = LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
        if (date.isBefore(EARLIEST_BIRTH_DATE) || date.isAfter(LocalDate.now(ISSUING_ZONE))) {
            return null;
        }
        return date;
    }

    static String mask(String v) {
        if (v.length() <= MASK_KEEP_START + MASK_KEEP_END) {
            return "*".repeat(v.length());
        }
        return v.substring(0, MASK_KEEP_START)
                + "*".repeat(v.length() - MASK_KEEP_START - MASK_KEEP_END)
                + v.substring(v.length() - MASK_KEEP_END);
    }

    public LocalDate birthDate() {
        return LocalDate.of(Integer.parseInt(value.substring(6, 10)),
                Integer.parseInt(value.substring(10, 12)),
                Integer.parseInt(value.substring(12, 14)));
    }

    public Sex sex() {
        return (value.charAt(16) - '0') % 2 == 1 ? Sex.MALE : Sex.FEMALE;
    }

    /** Region of first household registration, as valid when the ID was issued. */
    public String regionCode() {
        return value.substring(0, REGION_LENGTH);
    }

    /**
     * First 6 and last 4 characters kept, the rest replaced by {@code *}. This is the
     * default of DOMAIN.md 4; per-client masking rules belong to the API layer.
     */
    public String masked() {
        return mask(value);
    }

    @Override
    public String toString() {
        return masked();
    }

    /**
     * Equal when the 18-character values are equal, whether or not either was upgraded from
     * 15 digits: a person is one key whichever form a silo held.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof CitizenId other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
