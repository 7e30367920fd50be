package cn.tongban.hub.identifiers;

import java.util.Objects;

/**
 * Old business registration number (工商注册号): 15 digits per GS15-2006 with an ISO 7064
 * MOD 11,10 check digit, or the older 13-digit numbers without check.
 *
 * <p>The hub only uses it as an alias that links legacy records to a USCC. Some provinces
 * issued non-conforming numbers (letters inside, or a wrong check digit); DOMAIN.md 1.3 says
 * to accept them as aliases, flagged, which is what {@link #parseLenient} is for.
 */
public record RegistrationNumber(String value, Kind kind) {

    /** What kind of registration number the value is. */
    public enum Kind {
        /** 15 digits with a correct GS15-2006 check digit. */
        GS15,
        /** 13 digits, issued before 2007, no check digit to verify. */
        LEGACY_13,
        /** 13-15 digits or capital letters that fit neither rule; kept as an alias, flagged. */
        NON_CONFORMING
    }

    private static final int GS15_LENGTH = 15;
    private static final int GS15_BODY_LENGTH = 14;
    private static final int LEGACY_LENGTH = 13;

    public RegistrationNumber {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(kind, "kind");
        Kind actual = classifyLenient(value);
        if (actual != kind) {
            if (kind == Kind.GS15 && value.length() == GS15_LENGTH && Chars.allDigits(value)) {
                throw new InvalidIdentifierException(IdentifierError.REG_NO_CHECK_DIGIT);
            }
            throw new IllegalArgumentException("kind " + kind + " does not match the value, which is " + actual);
        }
    }

    /**
     * Strict parse: 15 digits with a correct check digit ({@link Kind#GS15}) or 13 digits
     * ({@link Kind#LEGACY_13}).
     */
    public static RegistrationNumber parse(String raw) {
        String v = normalizeNonEmpty(raw);
        if (v.length() != GS15_LENGTH && v.length() != LEGACY_LENGTH) {
            throw new InvalidIdentifierException(IdentifierError.REG_NO_LENGTH,
                    "expected 13 or 15 characters, got " + v.length());
        }
        if (!Chars.allDigits(v)) {
            throw new InvalidIdentifierException(IdentifierError.REG_NO_CHARSET, "only digits are allowed");
        }
        if (v.length() == GS15_LENGTH && computeCheck(v) != v.charAt(GS15_BODY_LENGTH)) {
            throw new InvalidIdentifierException(IdentifierError.REG_NO_CHECK_DIGIT);
        }
        return new RegistrationNumber(v, classifyLenient(v));
    }

    /**
     * Parse for silo records: anything of 13-15 digits or capital letters is accepted, and
     * what fails the strict rules comes back as {@link Kind#NON_CONFORMING}.
     */
    public static RegistrationNumber parseLenient(String raw) {
        String v = normalizeNonEmpty(raw);
        Kind kind = classifyLenient(v);
        if (kind == null) {
            if (v.length() < LEGACY_LENGTH || v.length() > GS15_LENGTH) {
                throw new InvalidIdentifierException(IdentifierError.REG_NO_LENGTH,
                        "expected 13 to 15 characters, got " + v.length());
            }
            throw new InvalidIdentifierException(IdentifierError.REG_NO_CHARSET,
                    "only digits and capital letters are allowed");
        }
        return new RegistrationNumber(v, kind);
    }

    /** Kind under the lenient rules, or null when even those reject the value. */
    static Kind classifyLenient(String v) {
        int n = v.length();
        if (n < LEGACY_LENGTH || n > GS15_LENGTH || !Chars.allDigitsOrUpper(v)) {
            return null;
        }
        boolean digits = Chars.allDigits(v);
        if (digits && n == GS15_LENGTH && computeCheck(v) == v.charAt(GS15_BODY_LENGTH)) {
            return Kind.GS15;
        }
        if (digits && n == LEGACY_LENGTH) {
            return Kind.LEGACY_13;
        }
        return Kind.NON_CONFORMING;
    }

    static boolean isValidGs15(String v) {
        return v.length() == GS15_LENGTH && Chars.allDigits(v) && computeCheck(v) == v.charAt(GS15_BODY_LENGTH);
    }

    /** The GS15-2006 check digit (ISO 7064 MOD 11,10) for the first 14 digits. */
    public static char checkDigit(String first14) {
        Objects.requireNonNull(first14, "first14");
        if (first14.length() != GS15_BODY_LENGTH) {
            throw Chars.lengthError(IdentifierError.REG_NO_LENGTH, GS15_BODY_LENGTH, first14.length());
        }
        if (!Chars.allDigits(first14)) {
            throw new InvalidIdentifierException(IdentifierError.REG_NO_CHARSET, "only digits are allowed");
        }
        return computeCheck(first14);
    }

    private static char computeCheck(String v) {
        int p = 10;
        for (int i = 0; i < GS15_BODY_LENGTH; i++) {
            int s = (p + (v.charAt(i) - '0')) % 10;
            if (s == 0) {
                s = 10;
            }
            p = (2 * s) % 11;
        }
        return (char) ('0' + (11 - p) % 10);
    }

    private static String normalizeNonEmpty(String raw) {
        String v = IdentifierNormalizer.normalize(raw);
        if (v.isEmpty()) {
            throw new InvalidIdentifierException(IdentifierError.EMPTY);
        }
        return v;
    }

    /** True unless this is a checked GS15 number: the alias needs a human look before it is trusted. */
    public boolean flagged() {
        return kind != Kind.GS15;
    }

    @Override
    public String toString() {
        return value;
    }
}
