package cn.tongban.hub.identifiers;

/** The kinds of identifier the hub recognises, as returned by {@link OrganizationIdentifiers#detect}. */
public enum IdentifierKind {
    /** Unified social credit code, GB 32100-2015. */
    USCC,
    /** Organisation code, GB 11714-1997. */
    ORGANIZATION_CODE,
    /** Old business registration number, GS15-2006 or older. */
    REGISTRATION_NUMBER,
    /** Old tax registration number. */
    TAX_NUMBER,
    /** Citizen ID number, GB 11643-1999. */
    CITIZEN_ID
}
