package cn.tongban.hub.audit;

/**
 * What a verification of the audit log can find wrong: the stable codes of
 * {@link VerificationResult#problem()}. Each names the first bad record ({@code firstBadSeq})
 * in seq order; the descriptions are in docs/audit.md.
 */
public enum AuditProblem {

    /** A record's content does not hash to its record_hash: a field was changed. */
    AUDIT_RECORD_HASH_MISMATCH,
    /** A seq is missing: a record was deleted (with or without renumbering the later ones). */
    AUDIT_SEQUENCE_GAP,
    /** A record that was never appended sits in the chain; the later records were renumbered around it. */
    AUDIT_RECORD_INSERTED,
    /** Records are out of seq order, or two records hold each other's content. */
    AUDIT_RECORDS_REORDERED,
    /** A record's prev_hash is not the previous record's hash (or the anchor's): one of them was rewritten, hash included. */
    AUDIT_CHAIN_BROKEN,
    /** The head row names a hash other than the last record's. */
    AUDIT_HEAD_MISMATCH,
    /** Records past the head row: appended behind the hub's back. */
    AUDIT_RECORD_BEYOND_HEAD,
    /** The head row or a checkpoint names records past the last one present: the tail was cut off. */
    AUDIT_TAIL_MISSING,
    /** Checkpoint ranges do not follow one another (a checkpoint deleted, overlapping or malformed). */
    AUDIT_CHECKPOINT_GAP,
    /** A checkpoint's Merkle root is not the root of the records it covers. */
    AUDIT_CHECKPOINT_ROOT_MISMATCH,
    /** A checkpoint's signature does not verify with any verify key given for its algorithm. */
    AUDIT_CHECKPOINT_SIGNATURE_INVALID,
    /** A record or checkpoint names a hash or signature algorithm this verifier does not know. */
    AUDIT_UNKNOWN_ALGORITHM,
    /** Archived ranges (audit_archive) do not follow one another. */
    AUDIT_ARCHIVE_GAP,
    /** An archive file named in audit_archive is not there. */
    AUDIT_ARCHIVE_MISSING,
    /** An archive file's digest differs from the one recorded when it was written. */
    AUDIT_ARCHIVE_DIGEST_MISMATCH,
    /** An archive file's range or last hash differs from its audit_archive row. */
    AUDIT_ARCHIVE_MISMATCH,
    /** An export or archive line cannot be read as a record or checkpoint. */
    AUDIT_EXPORT_MALFORMED
}
