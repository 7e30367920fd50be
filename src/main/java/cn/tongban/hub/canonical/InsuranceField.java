package cn.tongban.hub.canonical;


/**
 * Canonical fields of one insurance of a person (one AC02 row: a person, a unit, an
 * insurance type), keyed by the person's citizen ID. A person has several.
 */
public enum InsuranceField implements CanonicalField {
    CITIZEN_ID("citizenId", ValueType.CITIZEN_ID),
    SOCIAL_INSURANCE_PERSON_NUMBER("socialInsurancePersonNumber", ValueType.TEXT),
    SOCIAL_INSURANCE_UNIT_NUMBER("socialInsuranceUnitNumber", ValueType.TEXT),
    INSURANCE_TYPE("insuranceType", ValueType.CODE),
    INSURANCE_TYPE_LABEL("insuranceTypeLabel", ValueType.LABEL),
    CONTRIBUTION_STATUS("contributionStatus", ValueType.CODE),
    CONTRIBUTION_STATUS_LABEL("contributionStatusLabel", ValueType.LABEL),
    FIRST_INSURED_ON("firstInsuredOn", ValueType.DATE),
    INSURED_ON("insuredOn", ValueType.DATE),
    MONTHS_PAID("monthsPaid", ValueType.INTEGER),
    ARREARS_YUAN("arrearsYuan", ValueType.DECIMAL);

    private final String json;
    private final ValueType type;

    InsuranceField(String json, ValueType type) {
        this.json = json;
        this.type = type;
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
        return Silo.SOCIAL_INSURANCE.id();
    }
}
