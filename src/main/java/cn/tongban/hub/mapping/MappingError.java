package cn.tongban.hub.mapping;

/** Stable reasons a source record cannot be mapped; the name is the code in quarantine and answers. */
public enum MappingError {
    MALFORMED_RECORD("the record is not well-formed (not parseable as JSON or XML)"),
    MISSING_REQUIRED_FIELD("a required field is empty"),
    UNKEYED("the record carries no identifier that resolves to a USCC or citizen ID"),
    AMBIGUOUS_KEY("an alias of the record is linked to more than one key"),
    INVALID_KEY("the record's key identifier is malformed"),
    INVALID_IDENTIFIER("a required identifier other than the key is malformed"),
    DATE_FORMAT("a date is in no known format"),
    DATE_INVALID("a date is not a real calendar date"),
    NUMBER_FORMAT("a number cannot be read"),
    UNKNOWN_CODE("a value is in no entry of its code list");

    private final String description;

    MappingError(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
