package cn.tongban.hub.identifiers;

import java.util.Objects;

/**
 * Organisation code (组织机构代码) per GB 11714-1997: 8 body characters and a check character,
 * printed as {@code XXXXXXXX-X}.
 *
 * <p>Pre-2015 organisations carry it in positions 9-17 of their USCC and in their old
 * 15-character tax registration number, which is why it is the bridge between legacy
 * silo records and the USCC key. Instances are always valid: the canonical constructor
 * checks the check character.
 */
public record OrganizationCode(String body, char check) {

    private static final int BODY_LENGTH = 8;
    private static final int LENGTH = BODY_LENGTH + 1;
    private static final int[] WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};

    public OrganizationCode {
        Objects.requireNonNull(body, "body");
        if (body.length() != BODY_LENGTH) {
            throw Chars.lengthError(IdentifierError.ORG_CODE_LENGTH, BODY_LENGTH, body.length());
        }
        if (!Chars.allDigitsOrUpper(body) || !(Chars.isDigit(check) || check == 'X')) {
            throw new InvalidIdentifierException(IdentifierError.ORG_CODE_CHARSET);
        }
        if (computeCheck(body) != check) {
            throw new InvalidIdentifierException(IdentifierError.ORG_CODE_CHECK_DIGIT);
        }
    }

    /** Parses {@code XXXXXXXX-X} or the 9 characters without hyphen, after normalisation. */
    public static OrganizationCode parse(String raw) {
        String v = IdentifierNormalizer.normalize(raw);
        if (v.isEmpty()) {
            throw new InvalidIdentifierException(IdentifierError.EMPTY);
        }
        if (v.length() != LENGTH) {
            throw Chars.lengthError(IdentifierError.ORG_CODE_LENGTH, LENGTH, v.length());
        }
        return new OrganizationCode(v.substring(0, BODY_LENGTH), v.charAt(BODY_LENGTH));
    }

    public static boolean isValid(String raw) {
        return isValidCanonical(IdentifierNormalizer.normalize(raw));
    }

    /** Exception-free check of an already normalised 9-character value. */
    static boolean isValidCanonical(String v) {
        if (v.length() != LENGTH || !Chars.allDigitsOrUpper(v, 0, BODY_LENGTH)) {
            return false;
        }
        return computeCheck(v.substring(0, BODY_LENGTH)) == v.charAt(BODY_LENGTH);
    }

    /**
     * The GB 11714 check character for 8 body characters: digits count as their value and
     * all 26 letters as 10..35 (not the 31-character USCC alphabet).
     */
    public static char checkCharacter(String body8) {
        Objects.requireNonNull(body8, "body8");
        if (body8.length() != BODY_LENGTH) {
            throw Chars.lengthError(IdentifierError.ORG_CODE_LENGTH, BODY_LENGTH, body8.length());
        }
        if (!Chars.allDigitsOrUpper(body8)) {
            throw new InvalidIdentifierException(IdentifierError.ORG_CODE_CHARSET);
        }
        return computeCheck(body8);
    }

    private static char computeCheck(String body8) {
        int sum = 0;
        for (int i = 0; i < BODY_LENGTH; i++) {
            sum += value(body8.charAt(i)) * WEIGHTS[i];
        }
        int c = 11 - sum % 11;
        if (c == 10) {
            return 'X';
        }
        return c == 11 ? '0' : (char) ('0' + c);
    }

    private static int value(char c) {
        return Chars.isDigit(c) ? c - '0' : c - 'A' + 10;
    }

    /** The 9 characters without hyphen, the form used for matching. */
    public String compact() {
        return body + check;
    }

    /** The printed form {@code XXXXXXXX-X}. */
    public String formatted() {
        return body + '-' + check;
    }

    @Override
    public String toString() {
        return formatted();
    }
}
