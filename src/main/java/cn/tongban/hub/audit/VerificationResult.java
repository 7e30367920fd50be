package cn.tongban.hub.audit;

/**
 * The outcome of verifying the audit log (or a range, an export or an archive file).
 *
 * @param ok                 true when nothing was found wrong
 * @param recordsChecked     records that passed before the first problem (all of them when ok)
 * @param checkpointsChecked checkpoints whose root and signature were checked
 * @param archivesChecked    archive files checked (digest and content)
 * @param firstSeq           the first record checked, null if none
 * @param lastSeq            the last record that passed, null if none
 * @param firstBadSeq        the first bad record in seq order, null when ok
 * @param problem            an {@link AuditProblem} name, null when ok
 * @param detail             what was found, in words (seqs, checkpoint ids and hashes only: no personal data)
 * @param elapsedMs          wall-clock time of the verification
 */
public record VerificationResult(boolean ok, long recordsChecked, long checkpointsChecked, int archivesChecked,
                                 Long firstSeq, Long lastSeq, Long firstBadSeq, String problem, String detail,
                                 long elapsedMs) {
}
