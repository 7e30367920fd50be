package cn.tongban.hub.lookup;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A verification (核验): the values an applicant gave, and per claimed field whether the
 * hub's data agrees. The answer never carries a recorded value (least disclosure).
 */
public final class Verification {

    public static final String MATCH = "match";
    public static final String DIFFER = "differ";
    public static final String UNKNOWN = "unknown";
    /** The claimed field is outside the client's scope: not compared. */
    public static final String WITHHELD = "withheld";

    public static final String PERSON = "person";
    public static final String ENTERPRISE = "enterprise";

    private Verification() {
    }

    /**
     * @param subjectType person or enterprise
     * @param subject     a citizen ID, or a USCC or any enterprise alias
     * @param claims      canonical field name to the claimed value
     */
    public record Request(String subjectType, String subject, Map<String, Object> claims) {
    }

    /**
     * @param subjectType  as asked
     * @param subject      the key the subject resolved to (masked for a person)
     * @param results      per claimed field, in the order claimed
     * @param sources      the status of each source consulted
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(String subjectType, String subject, Map<String, Result> results, Map<String, SourceStatus> sources,
                         long elapsedMillis) {
    }

    /**
     * One claimed field: {@code result} is match, differ or unknown (no data); {@code silo}
     * and {@code fetchedAt} say what the claim was compared with; {@code authoritative} is
     * false when the field's authoritative silo had no value; {@code conflicting} is true
     * when the silos disagree on the field.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String result, String silo, Instant fetchedAt, Boolean authoritative, Boolean conflicting) {
    }
}
