package cn.tongban.hub.identifiers;

import java.util.Objects;
import java.util.Optional;

/**
 * Unified social credit code (统一社会信用代码) per GB 32100-2015, the hub's key for
 * organisations: 18 characters from a 31-character alphabet with a MOD 31 check character.
 *
 * <p>{@link #parse} is for API input and rejects a wrong check character. {@link
 * #parseLenient} is for silo records and registry look-ups: some real, registered codes fail
 * the check (issued before validation was enforced), so a wrong check character is kept and
 * flagged through {@link #checkDigitValid()} instead of being dropped. Wrong length or
 * alphabet is rejected by both.
 *
 * <p>Positions 9-17 are not required to form a valid GB 11714 organisation code: the check
 * of GB 32100 covers only position 18, and {@link #organizationCode()} reports whether the
 * embedded organisation code holds.
 */
public record Uscc(String value, boolean checkDigitValid) {

    private static final int LENGTH = 18;
    private static final int BODY_LENGTH = 17;
    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int MODULUS = ALPHABET.length();
    // 3^(i-1) mod 31 for positions 1..17
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final int REGION_FROM = 2;
    private static final int REGION_TO = 8;
    private static final int ORG_FROM = 8;
    private static final int ORG_TO = 17;

    public Uscc {
        Objects.requireNonNull(value, "value");
        if (shapeProblem(value) != null) {
            throw shapeException(value);
        }
        boolean actual = computeCheck(value) == value.charAt(BODY_LENGTH);
        if (checkDigitValid && !actual) {
            throw new InvalidIdentifierException(IdentifierError.USCC_CHECK_DIGIT);
        }
        if (!checkDigitValid && actual) {
            throw new IllegalArgumentException("checkDigitValid is false but the check character is correct");
        }
    }

    /** Strict parse for API input: wrong length, alphabet or check character is rejected. */
    public static Uscc parse(String raw) {
        Uscc uscc = parseLenient(raw);
        if (!uscc.checkDigitValid()) {
            throw new InvalidIdentifierException(IdentifierError.USCC_CHECK_DIGIT);
        }
        return uscc;
    }

    /**
     * Parse that keeps a code whose check character is wrong, with {@code checkDigitValid}
     * false (DOMAIN.md 1.1); wrong length or alphabet is still rejected.
     */
    public static Uscc parseLenient(String raw) {
        String v = IdentifierNormalizer.normalize(raw);
        if (v.isEmpty()) {
            throw new InvalidIdentifierException(IdentifierError.EMPTY);
        }
        if (shapeProblem(v) != null) {
            throw shapeException(v);
        }
        return new Uscc(v, computeCheck(v) == v.charAt(BODY_LENGTH));
    }

    public static boolean isValid(String raw) {
        return isValidCanonical(IdentifierNormalizer.normalize(raw));
    }

    static boolean isValidCanonical(String v) {
        return shapeProblem(v) == null && computeCheck(v) == v.charAt(BODY_LENGTH);
    }

    /** Shape is right (length, alphabet, digits in 3-8), whatever the check character. */
    static boolean hasShape(String v) {
        return shapeProblem(v) == null;
    }

    /** The check character (position 18) for the first 17 characters. */
    public static char checkCharacter(String first17) {
        Objects.requireNonNull(first17, "first17");
        if (first17.length() != BODY_LENGTH) {
            throw Chars.lengthError(IdentifierError.USCC_LENGTH, BODY_LENGTH, first17.length());
        }
        for (int i = 0; i < BODY_LENGTH; i++) {
            if (ALPHABET.indexOf(first17.charAt(i)) < 0) {
                throw charsetError(i);
            }
        }
        return computeCheck(first17);
    }

    private static IdentifierError shapeProblem(String v) {
        if (v.length() != LENGTH) {
            return IdentifierError.USCC_LENGTH;
        }
        return firstBadPosition(v) < 0 ? null : IdentifierError.USCC_CHARSET;
    }

    private static int firstBadPosition(String v) {
        for (int i = 0; i < LENGTH; i++) {
            char c = v.charAt(i);
            boolean ok = i >= REGION_FROM && i < REGION_TO ? Chars.isDigit(c) : ALPHABET.indexOf(c) >= 0;
            if (!ok) {
                return i;
            }
        }
        return -1;
    }

    private static InvalidIdentifierException shapeException(String v) {
        if (v.length() != LENGTH) {
            return Chars.lengthError(IdentifierError.USCC_LENGTH, LENGTH, v.length());
        }
        return charsetError(firstBadPosition(v));
    }

    private static InvalidIdentifierException charsetError(int index) {
        return new InvalidIdentifierException(IdentifierError.USCC_CHARSET, "at position " + (index + 1));
    }

    private static char computeCheck(String v) {
        int sum = 0;
        for (int i = 0; i < BODY_LENGTH; i++) {
            sum += ALPHABET.indexOf(v.charAt(i)) * WEIGHTS[i];
        }
        int c = MODULUS - sum % MODULUS;
        return ALPHABET.charAt(c == MODULUS ? 0 : c);
    }

    /** Position 1: registration authority (1 机构编制, 5 民政, 9 市场监管, Y 其他, ...). */
    public char registrationAuthority() {
        return value.charAt(0);
    }

    /** Position 2: category under the registration authority. */
    public char category() {
        return value.charAt(1);
    }

    /**
     * Positions 3-8: region of the registering authority. It can differ from the region of
     * an old tax number, so never match legacy records on it.
     */
    public String regionCode() {
        return value.substring(REGION_FROM, REGION_TO);
    }

    /**
     * Positions 9-17 as an organisation code, when they pass the GB 11714 check (letters
     * valued A=10..Z=35, not by their USCC alphabet index). Empty when they do not.
     * Post-reform codes ({@link #isPostReform()}) usually have one too, but no legacy
     * record will carry it.
     */
    public Optional<OrganizationCode> organizationCode() {
        String org = value.substring(ORG_FROM, ORG_TO);
        if (!OrganizationCode.isValidCanonical(org)) {
            return Optional.empty();
        }
        return Optional.of(new OrganizationCode(org.substring(0, 8), org.charAt(8)));
    }

    /**
     * True when the organisation part starts with {@code MA}, which marks codes issued after
     * the 2015 reform: such entities have no older organisation code or registration number.
     */
    public boolean isPostReform() {
        return value.startsWith("MA", ORG_FROM);
    }

    @Override
    public String toString() {
        return value;
    }
}
