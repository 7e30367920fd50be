package cn.tongban.hub.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** An audit log built in memory the way the hub writes it: records chained, checkpoints signed. */
final class InMemoryAuditLog {

    final List<AuditRecord> records = new ArrayList<>();
    final List<AuditCheckpoint> checkpoints = new ArrayList<>();
    final AuditKeys.Signing signing;
    final AuditKeys.Verifying verifying;
    private final Canonical scratch = new Canonical();

    InMemoryAuditLog(SignatureAlgorithm alg) {
        AuditKeys.PemPair pair = AuditKeys.generate(alg);
        this.signing = AuditKeys.Signing.parse(pair.signingKey());
        this.verifying = AuditKeys.Verifying.parse(pair.verifyKey());
    }

    static AuditEntry entry(int i) {
        return new AuditEntry(Instant.parse("2026-11-23T01:00:00Z").plusMillis(i * 1500L), "window-" + (i % 3), "operator-" + i,
                "QR00401004", "CASE-" + i, i % 2 == 0 ? "91350100M000100Y43" : null, "GET /api/v1/enterprises/{id}",
                List.of("name", "legalRepresentative"), List.of("market-regulation"), "200", null);
    }

    /** Appends {@code n} records hashed with {@code alg}. */
    InMemoryAuditLog append(int n, HashAlgorithm alg) {
        for (int i = 0; i < n; i++) {
            long seq = records.size() + 1;
            String prev = records.isEmpty() ? alg.genesis() : records.get(records.size() - 1).recordHash();
            records.add(AuditRecord.seal(seq, entry((int) seq), prev, alg, scratch, alg.newHasher()));
        }
        return this;
    }

    /** Checkpoints every {@code size} records from the last covered one; a shorter last range too if {@code partial}. */
    InMemoryAuditLog checkpoint(int size, boolean partial, HashAlgorithm alg) {
        long from = checkpoints.isEmpty() ? 1 : checkpoints.get(checkpoints.size() - 1).toSeq() + 1;
        while (from <= records.size()) {
            long to = Math.min(records.size(), from + size - 1);
            if (!partial && to - from + 1 < size) {
                break;
            }
            Merkle m = new Merkle(alg);
            for (long s = from; s <= to; s++) {
                m.addHex(records.get((int) s - 1).recordHash());
            }
            checkpoints.add(sign(new AuditCheckpoint(checkpoints.size() + 1, from, to, m.rootHex(), alg.id(), null,
                    signing.algorithm().id(), "test-key", Instant.parse("2026-11-23T02:00:00Z"))));
            from = to + 1;
        }
        return this;
    }

    AuditCheckpoint sign(AuditCheckpoint cp) {
        return cp.withSignature(Base64.getEncoder().encodeToString(signing.sign(cp.signedBytes())));
    }

    AuditVerifier.Head head() {
        AuditRecord last = records.get(records.size() - 1);
        return new AuditVerifier.Head(last.seq(), last.recordHash());
    }

    AuditVerifier verifier() {
        return new AuditVerifier(List.of(verifying));
    }

    VerificationResult verify(List<AuditRecord> rs, List<AuditCheckpoint> cps, AuditVerifier.Head head) {
        return verifier().verify(rs.iterator(), cps.iterator(), AuditVerifier.Anchor.genesis(), head);
    }

    VerificationResult verify() {
        return verify(records, checkpoints, head());
    }

    /** The record with {@code seq} given new content but the same seq and chain columns. */
    static AuditRecord withOperator(AuditRecord r, String operator) {
        return new AuditRecord(r.seq(), r.at(), r.client(), operator, r.matter(), r.caseNumber(), r.subjectKey(), r.action(),
                r.fields(), r.sources(), r.outcome(), r.responseHash(), r.prevHash(), r.recordHash(), r.hashAlg());
    }

    static AuditRecord withSeq(AuditRecord r, long seq) {
        return new AuditRecord(seq, r.at(), r.client(), r.operator(), r.matter(), r.caseNumber(), r.subjectKey(), r.action(),
                r.fields(), r.sources(), r.outcome(), r.responseHash(), r.prevHash(), r.recordHash(), r.hashAlg());
    }

    /** Content sealed anew at {@code seq} after {@code prev}: what an attacker who knows the format can write. */
    static AuditRecord forged(long seq, String operator, String prev, String hashAlg) {
        AuditEntry e = entry((int) seq);
        HashAlgorithm alg = HashAlgorithm.of(hashAlg);
        return AuditRecord.seal(seq, new AuditEntry(e.at(), e.client(), operator, e.matter(), e.caseNumber(), e.subjectKey(),
                e.action(), e.fields(), e.sources(), e.outcome(), e.responseHash()), prev, alg, new Canonical(), alg.newHasher());
    }
}
