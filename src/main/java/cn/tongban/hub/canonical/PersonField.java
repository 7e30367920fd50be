package cn.tongban.hub.canonical;


/** Canonical fields of a person, keyed by the 18-character citizen ID. */
public enum PersonField implements CanonicalField {
    // Civil affairs (民政) is a silo added as data only, so it has no Silo constant.
    CITIZEN_ID("citizenId", ValueType.CITIZEN_ID, "public-security"),
    NAME("name", ValueType.TEXT, "public-security"),
    SEX("sex", ValueType.CODE, "public-security"),
    SEX_LABEL("sexLabel", ValueType.LABEL, "public-security"),
    ETHNIC_GROUP("ethnicGroup", ValueType.CODE, "public-security"),
    ETHNIC_GROUP_LABEL("ethnicGroupLabel", ValueType.LABEL, "public-security"),
    BIRTH_DATE("birthDate", ValueType.DATE, "public-security"),
    HOUSEHOLD_ADDRESS("householdAddress", ValueType.TEXT, "public-security"),
    HOUSEHOLD_REGION("householdRegion", ValueType.TEXT, "public-security"),
    HOUSEHOLD_NUMBER("householdNumber", ValueType.TEXT, "public-security"),
    RELATION_TO_HEAD("relationToHead", ValueType.CODE, "public-security"),
    RELATION_TO_HEAD_LABEL("relationToHeadLabel", ValueType.LABEL, "public-security"),
    MARITAL_STATUS("maritalStatus", ValueType.CODE, "civil-affairs"),
    MARITAL_STATUS_LABEL("maritalStatusLabel", ValueType.LABEL, "civil-affairs"),
    PERSON_STATUS("personStatus", ValueType.CODE, "public-security"),
    PERSON_STATUS_LABEL("personStatusLabel", ValueType.LABEL, "public-security"),
    DEATH_DATE("deathDate", ValueType.DATE, "public-security"),
    UPDATED_AT("updatedAt", ValueType.DATETIME, "public-security"),
    SOCIAL_INSURANCE_PERSON_NUMBER("socialInsurancePersonNumber", ValueType.TEXT, "social-insurance"),
    INSURED_PERSON_STATUS("insuredPersonStatus", ValueType.CODE, "social-insurance"),
    INSURED_PERSON_STATUS_LABEL("insuredPersonStatusLabel", ValueType.LABEL, "social-insurance"),
    MARRIAGE_REGISTRATION_TYPE("marriageRegistrationType", ValueType.CODE, "civil-affairs"),
    MARRIAGE_REGISTRATION_TYPE_LABEL("marriageRegistrationTypeLabel", ValueType.LABEL, "civil-affairs"),
    MARRIAGE_REGISTERED_ON("marriageRegisteredOn", ValueType.DATE, "civil-affairs"),
    MARRIAGE_REGISTRATION_AUTHORITY("marriageRegistrationAuthority", ValueType.TEXT, "civil-affairs"),
    MARRIAGE_CERTIFICATE_NUMBER("marriageCertificateNumber", ValueType.TEXT, "civil-affairs"),
    SPOUSE_NAME("spouseName", ValueType.TEXT, "civil-affairs"),
    SPOUSE_CITIZEN_ID("spouseCitizenId", ValueType.CITIZEN_ID, "civil-affairs");

    private final String json;
    private final ValueType type;
    private final String authority;

    PersonField(String json, ValueType type, String authority) {
        this.json = json;
        this.type = type;
        this.authority = authority;
    }

    @Override
    public String json() {
        return json;
    }

    @Override
    public ValueType type() {
        return type;
    }

    @Override
    public String authority() {
        return authority;
    }
}
