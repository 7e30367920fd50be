package cn.tongban.hub.audit;

import static cn.tongban.hub.audit.InMemoryAuditLog.forged;
import static cn.tongban.hub.audit.InMemoryAuditLog.withOperator;
import static cn.tongban.hub.audit.InMemoryAuditLog.withSeq;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verifier on logs built in memory: each kind of tampering is found, with the first bad
 * record named (AuditTrailIT does the same on PostgreSQL through the endpoint's code path).
 * The log has 45 records and checkpoints over 1..10, 11..20, 21..30, 31..40; 41..45 are the
 * uncovered tail.
 */
class AuditVerifierTest {

    private InMemoryAuditLog log;
    private List<AuditRecord> records;
    private List<AuditCheckpoint> checkpoints;

    @BeforeEach
    void intactLog() {
        log = new InMemoryAuditLog(SignatureAlgorithm.ED25519).append(45, HashAlgorithm.SHA_256)
                .checkpoint(10, false, HashAlgorithm.SHA_256);
        records = new ArrayList<>(log.records);
        checkpoints = new ArrayList<>(log.checkpoints);
    }

    private VerificationResult verify() {
        return log.verify(records, checkpoints, log.head());
    }

    private static void assertFound(VerificationResult r, AuditProblem problem, long firstBadSeq) {
        assertThat(r.ok()).as(r.toString()).isFalse();
        assertThat(r.problem()).as(r.detail()).isEqualTo(problem.name());
        assertThat(r.firstBadSeq()).as(r.detail()).isEqualTo(firstBadSeq);
    }

    @Test
    void anIntactLogVerifiesWithEveryRecordAndCheckpointCounted() {
        VerificationResult r = verify();
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.recordsChecked()).isEqualTo(45);
        assertThat(r.checkpointsChecked()).isEqualTo(4);
        assertThat(r.firstSeq()).isEqualTo(1);
        assertThat(r.lastSeq()).isEqualTo(45);
    }

    @Test
    void namesTheRecordWhoseFieldWasEdited() {
        records.set(16, withOperator(records.get(16), "someone else"));
        assertFound(verify(), AuditProblem.AUDIT_RECORD_HASH_MISMATCH, 17);
    }

    @Test
    void namesADeletedRecord() {
        records.remove(16);
        assertFound(verify(), AuditProblem.AUDIT_SEQUENCE_GAP, 17);
    }

    @Test
    void namesADeletedRecordWhenTheLaterOnesWereRenumbered() {
        records.remove(16);
        for (int i = 16; i < records.size(); i++) {
            records.set(i, withSeq(records.get(i), i + 1));
        }
        assertFound(verify(), AuditProblem.AUDIT_SEQUENCE_GAP, 17);
    }

    @Test
    void namesTheFirstRecordWhenItWasDeleted() {
        records.remove(0);
        assertFound(verify(), AuditProblem.AUDIT_SEQUENCE_GAP, 1);
    }

    @Test
    void namesAnInsertedRecordThatWasSealedProperly() {
        insertAt17(forged(17, "intruder", records.get(15).recordHash(), "SHA-256"));
        assertFound(verify(), AuditProblem.AUDIT_RECORD_INSERTED, 17);
    }

    @Test
    void namesAnInsertedRecordWithAMadeUpHash() {
        AuditRecord r = forged(17, "intruder", records.get(15).recordHash(), "SHA-256");
        insertAt17(r.withHash("ab".repeat(32)));
        assertFound(verify(), AuditProblem.AUDIT_RECORD_INSERTED, 17);
    }

    private void insertAt17(AuditRecord inserted) {
        for (int i = 16; i < records.size(); i++) {
            records.set(i, withSeq(records.get(i), i + 2));
        }
        records.add(16, inserted);
    }

    @Test
    void namesTwoRecordsWhoseSeqsWereSwapped() {
        AuditRecord a = records.get(16);
        AuditRecord b = records.get(17);
        records.set(16, withSeq(b, 17));
        records.set(17, withSeq(a, 18));
        assertFound(verify(), AuditProblem.AUDIT_RECORDS_REORDERED, 17);
    }

    @Test
    void namesTwoRowsSwappedInAnExport() {
        AuditRecord a = records.get(16);
        records.set(16, records.get(17));
        records.set(17, a);
        assertFound(verify(), AuditProblem.AUDIT_RECORDS_REORDERED, 17);
    }

    @Test
    void namesARecordRewrittenWithItsHashRecomputed() {
        AuditRecord r = records.get(16);
        records.set(16, forged(17, "someone else", r.prevHash(), r.hashAlg()));
        assertFound(verify(), AuditProblem.AUDIT_CHAIN_BROKEN, 17);
    }

    @Test
    void theSignedCheckpointCatchesAWholeChainRewrittenFromARecordOn() {
        String prev = records.get(15).recordHash();
        for (int i = 16; i < records.size(); i++) {
            AuditRecord f = forged(i + 1, i == 16 ? "someone else" : records.get(i).operator(), prev, "SHA-256");
            records.set(i, f);
            prev = f.recordHash();
        }
        VerificationResult r = log.verify(records, checkpoints, new AuditVerifier.Head(45, prev));
        assertFound(r, AuditProblem.AUDIT_CHECKPOINT_ROOT_MISMATCH, 11);
        assertThat(r.detail()).contains("checkpoint 2 over records 11..20");
    }

    @Test
    void namesTheRangeOfACheckpointWhoseRootWasEdited() {
        AuditCheckpoint cp = checkpoints.get(2);
        checkpoints.set(2, new AuditCheckpoint(cp.id(), cp.fromSeq(), cp.toSeq(), "00" + cp.merkleRoot().substring(2), cp.hashAlg(),
                cp.signature(), cp.signatureAlg(), cp.keyId(), cp.createdAt()));
        assertFound(verify(), AuditProblem.AUDIT_CHECKPOINT_ROOT_MISMATCH, 21);
    }

    @Test
    void namesTheRangeOfACheckpointWithAForgedSignature() {
        AuditKeys.Signing attacker = AuditKeys.Signing.parse(AuditKeys.generate(SignatureAlgorithm.ED25519).signingKey());
        AuditCheckpoint cp = checkpoints.get(1);
        checkpoints.set(1, cp.withSignature(Base64.getEncoder().encodeToString(attacker.sign(cp.signedBytes()))));
        assertFound(verify(), AuditProblem.AUDIT_CHECKPOINT_SIGNATURE_INVALID, 11);
    }

    @Test
    void aCheckpointIsInvalidWithoutAVerifyKeyOfItsAlgorithm() {
        AuditKeys.Verifying sm2Only = AuditKeys.Verifying.parse(AuditKeys.generate(SignatureAlgorithm.SM2).verifyKey());
        VerificationResult r = new AuditVerifier(List.of(sm2Only)).verify(records.iterator(), checkpoints.iterator(),
                AuditVerifier.Anchor.genesis(), log.head());
        assertFound(r, AuditProblem.AUDIT_CHECKPOINT_SIGNATURE_INVALID, 1);
        assertThat(r.detail()).contains("no Ed25519 verify key");
    }

    @Test
    void namesTheRangeOfARemovedCheckpoint() {
        checkpoints.remove(1);
        assertFound(verify(), AuditProblem.AUDIT_CHECKPOINT_GAP, 11);
    }

    @Test
    void namesTheFirstMissingRecordOfACutOffTailFromTheHeadRow() {
        AuditVerifier.Head head = log.head();
        records.subList(42, 45).clear();
        assertFound(log.verify(records, checkpoints, head), AuditProblem.AUDIT_TAIL_MISSING, 43);
    }

    @Test
    void namesTheFirstMissingRecordOfACutOffTailFromTheLastCheckpoint() {
        records.subList(35, 45).clear();
        AuditRecord last = records.get(records.size() - 1);
        // The head row was moved back too; the signed checkpoint over 31..40 still says otherwise.
        assertFound(log.verify(records, checkpoints, new AuditVerifier.Head(35, last.recordHash())), AuditProblem.AUDIT_TAIL_MISSING, 36);
    }

    @Test
    void namesRecordsAppendedBehindTheHeadRow() {
        AuditVerifier.Head head = log.head();
        records.add(forged(46, "intruder", records.get(44).recordHash(), "SHA-256"));
        assertFound(log.verify(records, checkpoints, head), AuditProblem.AUDIT_RECORD_BEYOND_HEAD, 46);
    }

    @Test
    void aLogVerifiesAcrossAChangeOfHashAndSignatureAlgorithms() {
        InMemoryAuditLog mixed = new InMemoryAuditLog(SignatureAlgorithm.SM2).append(25, HashAlgorithm.SHA_256)
                .checkpoint(10, true, HashAlgorithm.SHA_256).append(25, HashAlgorithm.SM3).checkpoint(10, true, HashAlgorithm.SM3);
        assertThat(mixed.records.get(24).hashAlg()).isEqualTo("SHA-256");
        assertThat(mixed.records.get(25).hashAlg()).isEqualTo("SM3");
        VerificationResult r = mixed.verify();
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.checkpointsChecked()).isEqualTo(6);
    }

    @Test
    void aRangeCheckSkipsCheckpointsThatStartBeforeItOrEndAfterIt() {
        AuditVerifier.Run run = log.verifier().newRun();
        // Records 15..35: the checkpoint over 21..30 is inside, 11..20 and 31..40 are not.
        assertThat(run.chain(records.subList(14, 35).iterator(), checkpoints.iterator(),
                AuditVerifier.Anchor.range(15, records.get(13).recordHash()), null, 35L)).isNull();
        VerificationResult r = run.result(null);
        assertThat(r.checkpointsChecked()).isEqualTo(1);
        assertThat(r.recordsChecked()).isEqualTo(21);
    }
}
