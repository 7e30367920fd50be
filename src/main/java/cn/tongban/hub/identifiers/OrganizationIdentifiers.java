package cn.tongban.hub.identifiers;

/**
 * Tells which kind of identifier a value from a silo or an API call is, so that it can be
 * parsed with the right class and looked up in the right column of the alias table.
 *
 * <p>Detection looks at shape and check characters only and is deliberately tolerant: a
 * value is assigned the kind it most plausibly is, and the caller then parses it strictly or
 * leniently as its context requires. Rules, by normalised length:
 * <ul>
 * <li>9: {@link IdentifierKind#ORGANIZATION_CODE} (8 digits or capital letters, then a digit
 *     or X; the check character is not required, so flagged codes are still routed).</li>
 * <li>13 or 14: {@link IdentifierKind#REGISTRATION_NUMBER} (13 digits is a pre-2007 number,
 *     anything else of digits and capitals a non-conforming one).</li>
 * <li>15, the ambiguous case: a 15-digit value with a valid GS15 check digit is a
 *     {@link IdentifierKind#REGISTRATION_NUMBER}; otherwise, if it is 6 region digits followed
 *     by a valid organisation code it is a {@link IdentifierKind#TAX_NUMBER}; otherwise, if it
 *     is digits and capitals, a non-conforming {@link IdentifierKind#REGISTRATION_NUMBER}.
 *     The GS15 check goes first because a random 15-digit string passes it 1 time in 10 but
 *     passes the organisation code check only 1 time in 11, and registration numbers are far
 *     more common in the silos than old tax numbers. Old 15-digit citizen IDs are not
 *     detected: they cannot be told apart from registration numbers by shape, and a caller
 *     expecting a person parses with {@link CitizenId#parse} directly.</li>
 * <li>18, also ambiguous since an all-digit USCC looks like an ID: a valid citizen ID
 *     (17 digits, real birth date, correct GB 11643 check) is {@link IdentifierKind#CITIZEN_ID};
 *     else a valid USCC (correct GB 32100 check) is {@link IdentifierKind#USCC}; else a value
 *     of 17 digits and a digit or X with a real birth date is {@link IdentifierKind#CITIZEN_ID}
 *     (an ID with a wrong check character); else anything of USCC shape is
 *     {@link IdentifierKind#USCC} (a flagged code with a wrong check). A valid ID wins over a
 *     value that passes both checks because the birth-date rule makes an accidental ID match
 *     by a real USCC much rarer than the 1 in 31 chance of a real ID passing the USCC check.</li>
 * <li>20: {@link IdentifierKind#TAX_NUMBER} (an individual's padded ID).</li>
 * </ul>
 * Anything else fails with {@link IdentifierError#UNKNOWN_IDENTIFIER_KIND}.
 */
public final class OrganizationIdentifiers {

    private OrganizationIdentifiers() {
    }

    /**
     * Kind of the given value. The value is expected to be normalised already; it is
     * normalised again (a no-op for canonical input) so raw input cannot slip through.
     */
    public static IdentifierKind detect(String normalized) {
        String v = IdentifierNormalizer.normalize(normalized);
        if (v.isEmpty()) {
            throw new InvalidIdentifierException(IdentifierError.EMPTY);
        }
        IdentifierKind kind = switch (v.length()) {
            case 9 -> looksLikeOrganizationCode(v) ? IdentifierKind.ORGANIZATION_CODE : null;
            case 13, 14 -> RegistrationNumber.classifyLenient(v) != null ? IdentifierKind.REGISTRATION_NUMBER : null;
            case 15 -> detect15(v);
            case 18 -> detect18(v);
            case 20 -> TaxNumber.isValidCanonical(v) ? IdentifierKind.TAX_NUMBER : null;
            default -> null;
        };
        if (kind == null) {
            throw new InvalidIdentifierException(IdentifierError.UNKNOWN_IDENTIFIER_KIND, "length " + v.length());
        }
        return kind;
    }

    private static boolean looksLikeOrganizationCode(String v) {
        char check = v.charAt(8);
        return Chars.allDigitsOrUpper(v, 0, 8) && (Chars.isDigit(check) || check == 'X');
    }

    private static IdentifierKind detect15(String v) {
        if (RegistrationNumber.isValidGs15(v)) {
            return IdentifierKind.REGISTRATION_NUMBER;
        }
        if (TaxNumber.isValidCanonical(v)) {
            return IdentifierKind.TAX_NUMBER;
        }
        return RegistrationNumber.classifyLenient(v) != null ? IdentifierKind.REGISTRATION_NUMBER : null;
    }

    private static IdentifierKind detect18(String v) {
        if (CitizenId.isValidCanonical18(v)) {
            return IdentifierKind.CITIZEN_ID;
        }
        if (Uscc.isValidCanonical(v)) {
            return IdentifierKind.USCC;
        }
        if (CitizenId.hasShapeAndBirthDate18(v)) {
            return IdentifierKind.CITIZEN_ID;
        }
        return Uscc.hasShape(v) ? IdentifierKind.USCC : null;
    }
}
