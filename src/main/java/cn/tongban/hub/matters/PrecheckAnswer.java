package cn.tongban.hub.matters;

import java.util.List;
import java.util.Map;

/**
 * The answer of a pre-check: per material, satisfied by data (with its evidence record) or
 * to be submitted (with the reason), the status of every source asked, and the notice.
 */
public record PrecheckAnswer(String precheckId, String matterCode, String matterName, String subjectType, String subject,
                             String caseNumber, String applicantType, String checkedAt, Map<String, String> sources,
                             List<String> conflicts, List<MaterialOutcome> materials, NoticeView notice,
                             Map<String, Long> unresolvedCases) {

    public static final String SATISFIED = "satisfied";
    public static final String MUST_SUBMIT = "must_submit";

    /** This answer with the unresolved cases (办不成事) it opened or updated, material id to case id. */
    public PrecheckAnswer withUnresolvedCases(Map<String, Long> cases) {
        return new PrecheckAnswer(precheckId, matterCode, matterName, subjectType, subject, caseNumber, applicantType, checkedAt,
                sources, conflicts, materials, notice, Map.copyOf(cases));
    }

    /**
     * @param outcome {@link #SATISFIED} or {@link #MUST_SUBMIT}
     * @param detail  the silos unavailable or the fields in conflict, for SOURCE_UNAVAILABLE / DATA_CONFLICT / NO_RECORD
     */
    public record MaterialOutcome(String id, String name, String necessity, String outcome, String evidenceId,
                                  String evidenceHash, List<String> sources, String reason, String reasonText,
                                  List<String> detail) {
    }

    /** The notice, its hash and where to print it. */
    public record NoticeView(String hash, String hashAlgorithm, String html, int count, Notice content) {
    }
}
