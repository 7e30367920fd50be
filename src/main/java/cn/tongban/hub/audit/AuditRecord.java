package cn.tongban.hub.audit;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * One row of {@code audit_log}: an {@link AuditEntry} with its place in the hash chain.
 * {@code recordHash} is the hex digest, with {@code hashAlg}, of the record's canonical form
 * ({@link Canonical}), which covers every other column including {@code seq} and
 * {@code prevHash}; {@code prevHash} is the previous record's {@code recordHash}.
 */
public record AuditRecord(long seq, Instant at, String client, String operator, String matter, String caseNumber,
                          String subjectKey, String action, List<String> fields, List<String> sources, String outcome,
                          String responseHash, String prevHash, String recordHash, String hashAlg) {

    static final HexFormat HEX = HexFormat.of();

    public AuditRecord {
        fields = fields == null ? List.of() : fields;
        sources = sources == null ? List.of() : sources;
    }

    /** Seals an entry as record {@code seq} after the record whose hash is {@code prevHash}. */
    static AuditRecord seal(long seq, AuditEntry e, String prevHash, HashAlgorithm alg, Canonical scratch,
                            HashAlgorithm.Hasher hasher) {
        AuditRecord unsealed = new AuditRecord(seq, e.at(), e.client(), e.operator(), e.matter(), e.caseNumber(),
                e.subjectKey(), e.action(), e.fields(), e.sources(), e.outcome(), e.responseHash(), prevHash, null, alg.id());
        return unsealed.withHash(unsealed.computeHash(seq, scratch, hasher));
    }

    AuditRecord withHash(String hash) {
        return new AuditRecord(seq, at, client, operator, matter, caseNumber, subjectKey, action, fields, sources, outcome,
                responseHash, prevHash, hash, hashAlg);
    }

    /**
     * The hash this record's content would have if it sat at {@code asSeq} (its own seq when
     * checking it; a neighbour's when working out whether records were shifted or swapped).
     * {@code hasher} must be of this record's {@code hashAlg}.
     */
    String computeHash(long asSeq, Canonical w, HashAlgorithm.Hasher hasher) {
        return HEX.formatHex(write(w.reset(), asSeq).digest(hasher));
    }

    /** The canonical bytes of this record (what {@link #recordHash} is the digest of). */
    byte[] canonicalBytes() {
        return write(new Canonical(), seq).toByteArray();
    }

    private Canonical write(Canonical w, long asSeq) {
        return w.text(Canonical.RECORD_TAG)
                .u64(asSeq)
                .instant(at)
                .text(client)
                .text(operator)
                .text(matter)
                .text(caseNumber)
                .text(subjectKey)
                .text(action)
                .list(fields)
                .list(sources)
                .text(outcome)
                .text(responseHash)
                .text(hashAlg)
                .text(prevHash);
    }
}
