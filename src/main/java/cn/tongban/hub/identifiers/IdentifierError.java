package cn.tongban.hub.identifiers;

/**
 * Why an identifier was rejected.
 *
 * <p>The constant name is the stable error code returned in API error answers and written
 * to quarantine records, so constants may be added but never renamed or removed.
 */
public enum IdentifierError {
    EMPTY("identifier is empty after normalisation"),

    USCC_LENGTH("unified social credit code must have 18 characters"),
    USCC_CHARSET("unified social credit code may only use 0-9 and A-Y without I, O, Z, S, V; positions 3-8 must be digits"),
    USCC_CHECK_DIGIT("unified social credit code check character (position 18) is wrong (GB 32100-2015)"),

    ORG_CODE_LENGTH("organisation code must have 8 body characters and 1 check character"),
    ORG_CODE_CHARSET("organisation code body may only use 0-9 and A-Z; the check character must be 0-9 or X"),
    ORG_CODE_CHECK_DIGIT("organisation code check character is wrong (GB 11714-1997)"),

    REG_NO_LENGTH("registration number must have 15 digits (GS15-2006) or 13 digits (before 2007)"),
    REG_NO_CHARSET("registration number contains a character that is not allowed"),
    REG_NO_CHECK_DIGIT("registration number check digit is wrong (ISO 7064 MOD 11,10)"),

    TAX_NO_LENGTH("tax registration number must have 15, 18 or 20 characters"),
    TAX_NO_CHARSET("tax registration number contains a character that is not allowed at its position"),
    TAX_NO_ORG_CODE("the organisation code inside the 15-character tax registration number is not valid"),

    ID_LENGTH("citizen ID number must have 18 characters (or 15 digits for an old ID)"),
    ID_CHARSET("citizen ID number must be 17 digits followed by a digit or X (15 digits for an old ID)"),
    ID_BIRTH_DATE("citizen ID number birth date is not a real date, is too early, or is in the future"),
    ID_CHECK_DIGIT("citizen ID number check character is wrong (GB 11643-1999)"),

    UNKNOWN_IDENTIFIER_KIND("value does not have the shape of any known identifier");

    private final String description;

    IdentifierError(String description) {
        this.description = description;
    }

    /** Short English description of the rule that failed, safe to show to API callers. */
    public String description() {
        return description;
    }
}
