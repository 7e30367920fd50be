package cn.tongban.hub.identifiers;

import java.util.Objects;
import java.util.Optional;

/**
 * Old tax registration number (税务登记号), used only as an alias to a USCC or citizen ID.
 *
 * <p>No single national standard defines it; the three shapes in use (DOMAIN.md 1.4) are
 * accepted: 15 characters = 6-digit region + 9-character GB 11714 organisation code
 * (organisations before the 2015 reform); 18 characters = a GB 32100 USCC (reformed
 * entities) or an individual's citizen ID; 20 characters = an individual's 18-character
 * citizen ID padded with two more digits.
 */
public record TaxNumber(String value) {

    private static final int ORG_LENGTH = 15;
    private static final int USCC_LENGTH = 18;
    private static final int PADDED_ID_LENGTH = 20;
    private static final int REGION_LENGTH = 6;
    private static final int ID_CHECK_INDEX = 17;

    public TaxNumber {
        Objects.requireNonNull(value, "value");
        validate(value);
    }

    public static TaxNumber parse(String raw) {
        String v = IdentifierNormalizer.normalize(raw);
        if (v.isEmpty()) {
            throw new InvalidIdentifierException(IdentifierError.EMPTY);
        }
        return new TaxNumber(v);
    }

    static boolean isValidCanonical(String v) {
        return problem(v) == null;
    }

    private static void validate(String v) {
        Problem problem = problem(v);
        if (problem != null) {
            throw new InvalidIdentifierException(problem.error(), problem.detail());
        }
    }

    /** The rule broken, without throwing: detection runs this on every silo value. */
    private record Problem(IdentifierError error, String detail) {
    }

    private static Problem problem(String v) {
        switch (v.length()) {
            case ORG_LENGTH -> {
                if (!Chars.allDigits(v, 0, REGION_LENGTH)) {
                    return charset("positions 1-6 must be digits");
                }
                String org = v.substring(REGION_LENGTH);
                if (!Chars.allDigitsOrUpper(org)) {
                    return charset("positions 7-15 must be digits or capital letters");
                }
                if (!OrganizationCode.isValidCanonical(org)) {
                    return new Problem(IdentifierError.TAX_NO_ORG_CODE, null);
                }
                return null;
            }
            // The check character is deliberately not verified: an 18-character taxpayer
            // number may be a USCC or an individual's citizen ID, and the two use different
            // check algorithms. Only the shape shared by both (USCC alphabet, digits in 3-8)
            // is required.
            case USCC_LENGTH -> {
                return Uscc.hasShape(v) ? null : charset("must use the USCC alphabet with digits in positions 3-8");
            }
            // How IDs were padded to 20 is unconfirmed; a padded 18-character ID keeps its
            // check character, which may be X, at position 18.
            case PADDED_ID_LENGTH -> {
                for (int i = 0; i < PADDED_ID_LENGTH; i++) {
                    char c = v.charAt(i);
                    if (!Chars.isDigit(c) && !(i == ID_CHECK_INDEX && c == 'X')) {
                        return charset("must be digits, with X allowed only at position 18");
                    }
                }
                return null;
            }
            default -> {
                return new Problem(IdentifierError.TAX_NO_LENGTH, "expected 15, 18 or 20 characters, got " + v.length());
            }
        }
    }

    private static Problem charset(String detail) {
        return new Problem(IdentifierError.TAX_NO_CHARSET, detail);
    }

    /**
     * The organisation code carried by the number: positions 7-15 of a 15-character number,
     * or positions 9-17 of an 18-character one when it is a USCC with a valid check and a
     * valid embedded organisation code. Empty for padded citizen IDs.
     */
    public Optional<OrganizationCode> organizationCode() {
        if (value.length() == ORG_LENGTH) {
            String org = value.substring(REGION_LENGTH);
            return Optional.of(new OrganizationCode(org.substring(0, 8), org.charAt(8)));
        }
        if (value.length() == USCC_LENGTH && Uscc.isValidCanonical(value)) {
            return new Uscc(value, true).organizationCode();
        }
        return Optional.empty();
    }

    /**
     * The value, except that a number which may hold a citizen ID (20 characters, or 18
     * characters shaped like an ID) is masked like {@link CitizenId#masked()}, so that an
     * accidental log line does not leak a personal number. {@link #value()} is unmasked.
     */
    @Override
    public String toString() {
        boolean mayBePersonal = value.length() == PADDED_ID_LENGTH
                || (value.length() == USCC_LENGTH && CitizenId.hasShape18(value));
        return mayBePersonal ? CitizenId.mask(value) : value;
    }
}
