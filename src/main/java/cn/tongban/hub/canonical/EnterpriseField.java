package cn.tongban.hub.canonical;

/**
 * Canonical fields of an enterprise (organisation) record, named once here. The JSON name
 * is what answers, mappings and field allow-lists use.
 */
public enum EnterpriseField {
    USCC("uscc"),
    REGISTRATION_NUMBER("registrationNumber"),
    ORGANIZATION_CODE("organizationCode"),
    NAME("name"),
    ENTERPRISE_TYPE("enterpriseType"),
    ENTERPRISE_TYPE_LABEL("enterpriseTypeLabel"),
    LEGAL_REPRESENTATIVE("legalRepresentative"),
    REGISTERED_CAPITAL_WAN("registeredCapitalWan"),
    CAPITAL_CURRENCY("capitalCurrency"),
    ESTABLISHED_ON("establishedOn"),
    APPROVED_ON("approvedOn"),
    TERM_FROM("termFrom"),
    TERM_TO("termTo"),
    BUSINESS_SCOPE("businessScope"),
    REGISTRATION_AUTHORITY("registrationAuthority"),
    REGISTRATION_STATE("registrationState"),
    REGISTRATION_STATE_LABEL("registrationStateLabel"),
    ADDRESS("address");

    private final String json;

    EnterpriseField(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }
}
