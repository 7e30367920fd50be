package cn.tongban.hub.canonical;

/** The type of a canonical value; a mapping rule must produce the type its target field declares. */
public enum ValueType {
    /** Cleaned text. */
    TEXT,
    /** A calendar date, written {@code YYYY-MM-DD}. */
    DATE,
    /** A local date and time in China Standard Time, written {@code YYYY-MM-DDThh:mm:ss}. */
    DATETIME,
    /** A decimal number. */
    DECIMAL,
    /** A whole number. */
    INTEGER,
    /** The code of an entry of a code list. */
    CODE,
    /** The label of a code list entry (or the raw text when the entry is unknown). */
    LABEL,
    /** Unified social credit code (统一社会信用代码). */
    USCC,
    /** Organisation code (组织机构代码), 9 characters without hyphen. */
    ORGANIZATION_CODE,
    /** Registration number (工商注册号), usually 15 digits. */
    REGISTRATION_NUMBER,
    /** Citizen ID, 18 characters. */
    CITIZEN_ID
}
