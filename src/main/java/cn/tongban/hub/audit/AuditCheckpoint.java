package cn.tongban.hub.audit;

import java.time.Instant;

/**
 * One row of {@code audit_checkpoint}: a signed Merkle root ({@link Merkle}) over the record
 * hashes of seqs {@code fromSeq..toSeq}. Consecutive checkpoints cover consecutive ranges.
 * {@code signature} is base64 of the signature, with {@code signatureAlg}, over
 * {@link #signedBytes()}.
 */
public record AuditCheckpoint(long id, long fromSeq, long toSeq, String merkleRoot, String hashAlg, String signature,
                              String signatureAlg, String keyId, Instant createdAt) {

    /**
     * What is signed (docs/audit.md): in the {@link Canonical} encoding, the tag
     * {@code tongban-hub/audit-checkpoint/v1}, from_seq, to_seq (8 bytes each), then
     * merkle_root, hash_alg, signature_alg, key_id and created_at as text. The id is not
     * signed: the range identifies a checkpoint.
     */
    public byte[] signedBytes() {
        return new Canonical()
                .text(Canonical.CHECKPOINT_TAG)
                .u64(fromSeq)
                .u64(toSeq)
                .text(merkleRoot)
                .text(hashAlg)
                .text(signatureAlg)
                .text(keyId)
                .instant(createdAt)
                .toByteArray();
    }

    AuditCheckpoint withSignature(String signature) {
        return new AuditCheckpoint(id, fromSeq, toSeq, merkleRoot, hashAlg, signature, signatureAlg, keyId, createdAt);
    }

    AuditCheckpoint withId(long id) {
        return new AuditCheckpoint(id, fromSeq, toSeq, merkleRoot, hashAlg, signature, signatureAlg, keyId, createdAt);
    }
}
