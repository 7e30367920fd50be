package cn.tongban.hub.lookup;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to an enterprise look-up: the key, how the requested identifier was resolved
 * to it, the merged canonical fields with provenance and freshness (market-regulation
 * replica and social-insurance unit), data-quality flags, the conflicts between silos, the
 * legal representative's identity check, the social-insurance registration and the status
 * of each source consulted. {@code withheld} names the fields and sections the client asked for
 * (or, asking for all, would have got) that its scope does not include; absent when none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnterpriseProfile(
        String uscc,
        String resolvedVia,
        List<String> flags,
        Map<String, ProfileValue> fields,
        List<Conflict> conflicts,
        LegalRepresentativeCheck legalRepresentativeCheck,
        SocialInsuranceStatus socialInsurance,
        Map<String, SourceStatus> sources,
        Long elapsedMillis,
        List<String> withheld) {

    public static final String MATCH = "match";
    public static final String MISMATCH = "mismatch";
    public static final String UNKNOWN = "unknown";

    /**
     * The legal representative's name in market regulation against the public-security record
     * of the representative's citizen ID. Only the outcome leaves, never the registry's name.
     *
     * @param status    match, mismatch or unknown
     * @param reason    why unknown: NO_NAME, NO_ID, PERSON_NOT_FOUND, SOURCE_UNAVAILABLE
     * @param idSource  the silo the representative's ID came from
     * @param checkedAgainst the silo the name was checked against
     * @param fetchedAt when that silo answered
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LegalRepresentativeCheck(String status, String reason, String idSource, String checkedAgainst,
                                           Instant fetchedAt) {
    }

    /**
     * The enterprise's social-insurance registration (AB01).
     *
     * @param status             registered, not_registered or unknown (the silo did not answer)
     * @param unitNumber         the unit number (单位编号), when registered
     * @param registrationNumber the social-insurance registration number, when registered
     * @param agency             the agency code, when registered
     * @param fetchedAt          when the silo answered
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SocialInsuranceStatus(String status, String unitNumber, String registrationNumber, String agency,
                                        Instant fetchedAt) {

        public static final String REGISTERED = "registered";
        public static final String NOT_REGISTERED = "not_registered";
    }
}
