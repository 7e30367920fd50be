package cn.tongban.hub.demo.data;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A person's latest marriage registration as the hub's canonical answer should describe it
 * (the civil-affairs truth). Only persons who were ever married have one: 未婚 (10) and
 * 未说明 (90) persons are unknown to the marriage registry.
 *
 * @param citizenId          the person's 18-character citizen ID
 * @param maritalStatus      GB/T 2261.2 code, equal to {@link TruthPerson#maritalStatus()}
 * @param registrationType   the registry's business type: IA 结婚登记, IB 离婚登记, IC 补领结婚证
 *                           (see mappings/codelists/marriage-registration-type.yaml)
 * @param registeredOn       date of that business
 * @param authority          the registering office (…民政局婚姻登记处)
 * @param certificateNumber  J/L/BJ + region + year + sequence; null for pre-1995 records
 *                           digitised without it
 * @param spouseName         the (former) spouse's name
 * @param spouseCitizenId    the (former) spouse's 18-character citizen ID, null when not recorded
 * @param spouseInDataSet    whether the spouse is a person of the data set (the household's
 *                           head or 配偶) rather than someone drawn for this registration only
 * @param recordId           the registry's business serial number (业务流水号)
 */
public record TruthMarriage(
        String citizenId,
        String maritalStatus,
        String registrationType,
        LocalDate registeredOn,
        String authority,
        String certificateNumber,
        String spouseName,
        String spouseCitizenId,
        boolean spouseInDataSet,
        String recordId) {

    public static final String MARRIAGE = "IA";
    public static final String DIVORCE = "IB";
    public static final String MARRIAGE_CERTIFICATE_REISSUED = "IC";

    public TruthMarriage {
        Objects.requireNonNull(citizenId, "citizenId");
        Objects.requireNonNull(registrationType, "registrationType");
    }
}
