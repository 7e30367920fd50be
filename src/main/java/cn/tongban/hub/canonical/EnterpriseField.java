package cn.tongban.hub.canonical;


/**
 * Canonical fields of an enterprise (organisation) record, keyed by USCC. Market regulation
 * is authoritative for registration facts, social insurance for its own unit facts.
 */
public enum EnterpriseField implements CanonicalField {
    USCC("uscc", ValueType.USCC, "market-regulation"),
    REGISTRATION_NUMBER("registrationNumber", ValueType.REGISTRATION_NUMBER, "market-regulation"),
    ORGANIZATION_CODE("organizationCode", ValueType.ORGANIZATION_CODE, "market-regulation"),
    NAME("name", ValueType.TEXT, "market-regulation"),
    ENTERPRISE_TYPE("enterpriseType", ValueType.CODE, "market-regulation"),
    ENTERPRISE_TYPE_LABEL("enterpriseTypeLabel", ValueType.LABEL, "market-regulation"),
    LEGAL_REPRESENTATIVE("legalRepresentative", ValueType.TEXT, "market-regulation"),
    LEGAL_REPRESENTATIVE_ID("legalRepresentativeId", ValueType.CITIZEN_ID, "market-regulation"),
    REGISTERED_CAPITAL_WAN("registeredCapitalWan", ValueType.DECIMAL, "market-regulation"),
    CAPITAL_CURRENCY("capitalCurrency", ValueType.TEXT, "market-regulation"),
    ESTABLISHED_ON("establishedOn", ValueType.DATE, "market-regulation"),
    APPROVED_ON("approvedOn", ValueType.DATE, "market-regulation"),
    TERM_FROM("termFrom", ValueType.DATE, "market-regulation"),
    TERM_TO("termTo", ValueType.DATE, "market-regulation"),
    BUSINESS_SCOPE("businessScope", ValueType.TEXT, "market-regulation"),
    REGISTRATION_AUTHORITY("registrationAuthority", ValueType.TEXT, "market-regulation"),
    REGISTRATION_STATE("registrationState", ValueType.CODE, "market-regulation"),
    REGISTRATION_STATE_LABEL("registrationStateLabel", ValueType.LABEL, "market-regulation"),
    ADDRESS("address", ValueType.TEXT, "market-regulation"),
    SOCIAL_INSURANCE_UNIT_NUMBER("socialInsuranceUnitNumber", ValueType.TEXT, "social-insurance"),
    SOCIAL_INSURANCE_REGISTRATION_NUMBER("socialInsuranceRegistrationNumber", ValueType.TEXT, "social-insurance"),
    SOCIAL_INSURANCE_AGENCY("socialInsuranceAgency", ValueType.TEXT, "social-insurance");

    private final String json;
    private final ValueType type;
    private final String authority;

    EnterpriseField(String json, ValueType type, String authority) {
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
