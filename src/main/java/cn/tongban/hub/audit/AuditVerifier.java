package cn.tongban.hub.audit;

import java.util.Base64;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Checks the audit log's hash chain and signed checkpoints, and names the first bad record.
 * Plain Java over iterators (no Spring, no database): the hub feeds it from PostgreSQL
 * ({@link AuditStoreVerifier}), the offline command from a CSV export or an archive file
 * ({@link AuditVerifyCommand}). Records and checkpoints are streamed in seq order; memory
 * stays at one record of look-ahead and O(log n) Merkle nodes, whatever the log's size.
 *
 * <p>How each kind of tampering shows (docs/audit.md, "What verification finds"):
 * <ul>
 *   <li>a field edited: the record no longer hashes to its record_hash
 *       ({@link AuditProblem#AUDIT_RECORD_HASH_MISMATCH} at that record);</li>
 *   <li>a record deleted: its seq is missing ({@link AuditProblem#AUDIT_SEQUENCE_GAP}); if the
 *       later records were renumbered to hide the gap, the next one hashes as its old seq, which
 *       names the deleted seq all the same;</li>
 *   <li>a record inserted (later ones renumbered): the record after it hashes as one seq lower and
 *       is chained to the inserted record's predecessor ({@link AuditProblem#AUDIT_RECORD_INSERTED});</li>
 *   <li>two records swapped: each hashes as the other's seq ({@link AuditProblem#AUDIT_RECORDS_REORDERED});</li>
 *   <li>a record rewritten with a recomputed hash: the next record's prev_hash no longer links
 *       ({@link AuditProblem#AUDIT_CHAIN_BROKEN}), and when every later record was rewritten too,
 *       the signed checkpoint's root no longer matches ({@link AuditProblem#AUDIT_CHECKPOINT_ROOT_MISMATCH});</li>
 *   <li>a checkpoint's root or signature edited or forged: root or signature check fails;</li>
 *   <li>the tail cut off: the head row or a checkpoint names records beyond the last one
 *       ({@link AuditProblem#AUDIT_TAIL_MISSING}).</li>
 * </ul>
 * Records after the last checkpoint are protected by the chain and the head row only; a
 * checkpoint published outside the database (docs/audit.md) closes that gap.
 */
public final class AuditVerifier {

    /**
     * Where the records to check begin.
     *
     * @param firstSeq the seq the first record must have
     * @param prevHash the hash the first record must be chained to; null: the genesis value
     *                 (zeros) when {@code firstSeq} is 1, otherwise taken on trust from the record
     * @param complete true when every record before {@code firstSeq} is accounted for (genesis or
     *                 an archive), so checkpoints must start exactly there; false for a range check,
     *                 where checkpoints that begin before the range are skipped
     */
    public record Anchor(long firstSeq, String prevHash, boolean complete) {

        /** The whole log from its first record. */
        public static Anchor genesis() {
            return new Anchor(1, null, true);
        }

        /** The log after an archived range whose last record had {@code lastHash}. */
        public static Anchor after(long lastArchivedSeq, String lastHash) {
            return new Anchor(lastArchivedSeq + 1, lastHash, true);
        }

        /** A range from {@code from}, chained to {@code prevHash} if known. */
        public static Anchor range(long from, String prevHash) {
            return new Anchor(from, prevHash, false);
        }
    }

    /** The head row: the last seq and hash the writers committed. */
    public record Head(long lastSeq, String lastHash) {
    }

    /** A problem found: what, at which seq, and in words. */
    public record Finding(AuditProblem problem, Long seq, String detail) {
    }

    private final List<AuditKeys.Verifying> keys;

    public AuditVerifier(List<AuditKeys.Verifying> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Checks one stretch of log from {@code anchor} to its end, with the head row if given. */
    public VerificationResult verify(Iterator<AuditRecord> records, Iterator<AuditCheckpoint> checkpoints, Anchor anchor,
                                     Head head) {
        Run run = newRun();
        return run.result(run.chain(records, checkpoints, anchor, head, null));
    }

    /** A verification that may span several stretches (archive files, then the table), tallied together. */
    public Run newRun() {
        return new Run();
    }

    /** One verification: tallies and the end of the last stretch checked. */
    public final class Run {

        private final long started = System.nanoTime();
        private final Map<HashAlgorithm, HashAlgorithm.Hasher> hashers = new EnumMap<>(HashAlgorithm.class);
        private final Canonical scratch = new Canonical();
        private long records;
        private long checkpoints;
        private int archives;
        private Long firstSeq;
        private Long lastSeq;
        private long endSeq;
        private String endHash;

        private Run() {
        }

        /**
         * Checks records (seq order) and checkpoints (from_seq order) from {@code anchor}; with
         * {@code toSeq} null the stretch must run to the log's end (checked against the head row,
         * if given, and the last checkpoint), otherwise it stops after {@code toSeq}.
         *
         * @return the first problem, or null
         */
        public Finding chain(Iterator<AuditRecord> recordIt, Iterator<AuditCheckpoint> checkpointIt, Anchor anchor, Head head,
                             Long toSeq) {
            Peeking<AuditRecord> rs = new Peeking<>(recordIt);
            Cursor cps = new Cursor(checkpointIt, anchor, toSeq);
            long expected = anchor.firstSeq();
            String prevHash = anchor.prevHash();
            AuditRecord last = null;
            endSeq = expected - 1;
            endHash = prevHash;
            Finding f = cps.start();
            if (f != null) {
                return f;
            }
            while (rs.hasNext()) {
                AuditRecord r = rs.next();
                if (toSeq != null && r.seq() > toSeq) {
                    break;
                }
                f = record(r, rs, expected, prevHash, last, anchor);
                if (f == null) {
                    f = cps.accept(r);
                }
                if (f != null) {
                    return f;
                }
                records++;
                if (firstSeq == null) {
                    firstSeq = r.seq();
                }
                lastSeq = r.seq();
                last = r;
                prevHash = r.recordHash();
                expected = r.seq() + 1;
                endSeq = r.seq();
                endHash = prevHash;
            }
            if (toSeq != null) {
                return null;
            }
            f = cps.finish(expected);
            if (f == null && head != null) {
                f = head(head, expected - 1, prevHash);
            }
            return f;
        }

        /** The last seq of the stretch checked last (anchor seq - 1 when it had no record). */
        public long endSeq() {
            return endSeq;
        }

        /** The hash the next record must be chained to. */
        public String endHash() {
            return endHash;
        }

        /** Counts an archive file as checked. */
        public void archiveChecked() {
            archives++;
        }

        public VerificationResult result(Finding f) {
            long ms = (System.nanoTime() - started) / 1_000_000;
            if (f == null) {
                return new VerificationResult(true, records, checkpoints, archives, firstSeq, lastSeq, null, null, null, ms);
            }
            return new VerificationResult(false, records, checkpoints, archives, firstSeq, lastSeq, f.seq(), f.problem().name(),
                    f.detail(), ms);
        }

        private Finding record(AuditRecord r, Peeking<AuditRecord> rs, long expected, String prevHash, AuditRecord last,
                               Anchor anchor) {
            if (r.seq() != expected) {
                if (r.seq() > expected) {
                    AuditRecord n = rs.peek();
                    if (n != null && n.seq() == expected) {
                        return new Finding(AuditProblem.AUDIT_RECORDS_REORDERED, expected,
                                "record " + expected + " comes after record " + r.seq() + " in the log's order");
                    }
                    return new Finding(AuditProblem.AUDIT_SEQUENCE_GAP, expected, r.seq() == expected + 1
                            ? "record " + expected + " is missing (the next record is " + r.seq() + ")"
                            : "records " + expected + ".." + (r.seq() - 1) + " are missing");
                }
                return new Finding(AuditProblem.AUDIT_RECORDS_REORDERED, r.seq(),
                        "record " + r.seq() + " comes again, or out of order, after record " + (expected - 1));
            }
            HashAlgorithm alg = hashAlgorithm(r.hashAlg());
            if (alg == null) {
                return new Finding(AuditProblem.AUDIT_UNKNOWN_ALGORITHM, r.seq(),
                        "record " + r.seq() + " names an unknown hash algorithm");
            }
            String expectedPrev = prevHash != null ? prevHash : r.seq() == 1 && anchor.complete() ? alg.genesis() : null;
            if (!hashesAs(r, r.seq())) {
                AuditRecord n = rs.peek();
                boolean nextShiftedUp = n != null && n.seq() == r.seq() + 1 && hashesAs(n, r.seq());
                if (hashesAs(r, r.seq() + 1)) {
                    if (nextShiftedUp) {
                        return new Finding(AuditProblem.AUDIT_RECORDS_REORDERED, r.seq(),
                                "records " + r.seq() + " and " + (r.seq() + 1) + " hold each other's content");
                    }
                    return new Finding(AuditProblem.AUDIT_SEQUENCE_GAP, r.seq(), "record " + r.seq()
                            + " was deleted and the later records renumbered (record " + r.seq() + " holds record "
                            + (r.seq() + 1) + "'s content)");
                }
                if (last != null && hashesAs(r, r.seq() - 1) && Objects.equals(r.prevHash(), last.prevHash())) {
                    return new Finding(AuditProblem.AUDIT_RECORD_INSERTED, last.seq(), "record " + last.seq()
                            + " was inserted: record " + r.seq() + " holds what was record " + last.seq() + " before");
                }
                if (nextShiftedUp && (expectedPrev == null || expectedPrev.equals(n.prevHash()))) {
                    return new Finding(AuditProblem.AUDIT_RECORD_INSERTED, r.seq(), "record " + r.seq()
                            + " was inserted: record " + n.seq() + " holds what was record " + r.seq() + " before");
                }
                return new Finding(AuditProblem.AUDIT_RECORD_HASH_MISMATCH, r.seq(),
                        "record " + r.seq() + " does not hash to its record_hash: its content was changed");
            }
            if (expectedPrev != null && !expectedPrev.equals(r.prevHash())) {
                if (last == null) {
                    return new Finding(AuditProblem.AUDIT_CHAIN_BROKEN, r.seq(), "record " + r.seq() + " is not chained to "
                            + (r.seq() == 1 ? "the genesis value" : "the hash it must follow (" + abbreviate(expectedPrev) + ")"));
                }
                return new Finding(AuditProblem.AUDIT_CHAIN_BROKEN, last.seq(), "record " + r.seq()
                        + " is chained to another record " + last.seq() + " than the one stored: record " + last.seq()
                        + " was rewritten, hash included (or record " + r.seq() + " forged)");
            }
            return null;
        }

        private Finding head(Head head, long last, String lastHash) {
            if (head.lastSeq() > last) {
                return new Finding(AuditProblem.AUDIT_TAIL_MISSING, last + 1,
                        "the head row says the log ends at " + head.lastSeq() + " but the records end at " + last);
            }
            if (head.lastSeq() < last) {
                return new Finding(AuditProblem.AUDIT_RECORD_BEYOND_HEAD, head.lastSeq() + 1, "records " + (head.lastSeq() + 1)
                        + ".." + last + " lie beyond the head row (" + head.lastSeq() + "): not appended by the hub");
            }
            if (last > 0 && lastHash != null && !lastHash.equals(head.lastHash())) {
                return new Finding(AuditProblem.AUDIT_HEAD_MISMATCH, last,
                        "the head row's hash is not record " + last + "'s hash");
            }
            return null;
        }

        private boolean hashesAs(AuditRecord r, long asSeq) {
            HashAlgorithm alg = hashAlgorithm(r.hashAlg());
            if (alg == null || r.recordHash() == null || asSeq < 1) {
                return false;
            }
            return r.computeHash(asSeq, scratch, hashers.computeIfAbsent(alg, HashAlgorithm::newHasher)).equals(r.recordHash());
        }

        /** Walks the checkpoints alongside the records. */
        private final class Cursor {

            private final Iterator<AuditCheckpoint> it;
            private final Anchor anchor;
            private final Long toSeq;
            private AuditCheckpoint pending;
            private AuditCheckpoint active;
            private Merkle merkle;
            private boolean started;

            Cursor(Iterator<AuditCheckpoint> it, Anchor anchor, Long toSeq) {
                this.it = it;
                this.anchor = anchor;
                this.toSeq = toSeq;
            }

            Finding start() {
                pending = next();
                if (pending != null && anchor.complete() && pending.fromSeq() < anchor.firstSeq()) {
                    return new Finding(AuditProblem.AUDIT_CHECKPOINT_GAP, anchor.firstSeq(), "checkpoint " + pending.id()
                            + " covers " + pending.fromSeq() + ".." + pending.toSeq() + " across the start of the records at "
                            + anchor.firstSeq());
                }
                return null;
            }

            private AuditCheckpoint next() {
                while (it.hasNext()) {
                    AuditCheckpoint c = it.next();
                    if (c.toSeq() < anchor.firstSeq() || !anchor.complete() && c.fromSeq() < anchor.firstSeq()) {
                        continue;
                    }
                    if (toSeq != null && c.toSeq() > toSeq) {
                        return null;
                    }
                    return c;
                }
                return null;
            }

            Finding accept(AuditRecord r) {
                if (active == null && pending != null) {
                    if (pending.fromSeq() == r.seq()) {
                        if (pending.toSeq() < pending.fromSeq()) {
                            return new Finding(AuditProblem.AUDIT_CHECKPOINT_GAP, pending.fromSeq(), "checkpoint " + pending.id()
                                    + " has an empty range " + pending.fromSeq() + ".." + pending.toSeq());
                        }
                        HashAlgorithm alg = hashAlgorithm(pending.hashAlg());
                        if (alg == null) {
                            return new Finding(AuditProblem.AUDIT_UNKNOWN_ALGORITHM, pending.fromSeq(),
                                    "checkpoint " + pending.id() + " names an unknown hash algorithm");
                        }
                        active = pending;
                        pending = null;
                        merkle = new Merkle(alg);
                    } else if (pending.fromSeq() < r.seq()) {
                        return new Finding(AuditProblem.AUDIT_CHECKPOINT_GAP, pending.fromSeq(), "checkpoint " + pending.id()
                                + " starts at " + pending.fromSeq() + ", inside the range already covered");
                    } else if (started || anchor.complete()) {
                        return new Finding(AuditProblem.AUDIT_CHECKPOINT_GAP, r.seq(), "no checkpoint covers record " + r.seq()
                                + " although checkpoint " + pending.id() + " covers " + pending.fromSeq() + ".." + pending.toSeq()
                                + ": a checkpoint was removed");
                    }
                }
                if (active == null) {
                    return null;
                }
                merkle.addHex(r.recordHash());
                if (r.seq() < active.toSeq()) {
                    return null;
                }
                AuditCheckpoint done = active;
                active = null;
                Finding f = close(done, merkle.rootHex());
                if (f != null) {
                    return f;
                }
                checkpoints++;
                started = true;
                pending = next();
                if (pending != null && pending.fromSeq() <= done.toSeq()) {
                    return new Finding(AuditProblem.AUDIT_CHECKPOINT_GAP, pending.fromSeq(), "checkpoint " + pending.id()
                            + " (" + pending.fromSeq() + ".." + pending.toSeq() + ") overlaps checkpoint " + done.id());
                }
                return null;
            }

            private Finding close(AuditCheckpoint c, String root) {
                String range = "checkpoint " + c.id() + " over records " + c.fromSeq() + ".." + c.toSeq();
                if (!root.equals(c.merkleRoot())) {
                    return new Finding(AuditProblem.AUDIT_CHECKPOINT_ROOT_MISMATCH, c.fromSeq(),
                            range + ": its Merkle root is not the root of those records (" + abbreviate(root) + ")");
                }
                SignatureAlgorithm alg;
                try {
                    alg = SignatureAlgorithm.of(c.signatureAlg());
                } catch (IllegalArgumentException e) {
                    return new Finding(AuditProblem.AUDIT_UNKNOWN_ALGORITHM, c.fromSeq(), range + " names an unknown signature algorithm");
                }
                byte[] signature;
                try {
                    signature = Base64.getDecoder().decode(c.signature() == null ? "" : c.signature());
                } catch (IllegalArgumentException e) {
                    signature = new byte[0];
                }
                byte[] message = c.signedBytes();
                boolean anyKey = false;
                for (AuditKeys.Verifying k : keys) {
                    if (k.algorithm() == alg) {
                        anyKey = true;
                        if (signature.length > 0 && k.verify(message, signature)) {
                            return null;
                        }
                    }
                }
                return new Finding(AuditProblem.AUDIT_CHECKPOINT_SIGNATURE_INVALID, c.fromSeq(), anyKey
                        ? range + ": the " + alg.id() + " signature does not verify (key id " + c.keyId() + ")"
                        : range + ": no " + alg.id() + " verify key was given (key id " + c.keyId() + ")");
            }

            Finding finish(long expected) {
                AuditCheckpoint beyond = active != null ? active : pending;
                if (beyond != null) {
                    return new Finding(AuditProblem.AUDIT_TAIL_MISSING, expected, "checkpoint " + beyond.id() + " covers records "
                            + beyond.fromSeq() + ".." + beyond.toSeq() + " but the records end at " + (expected - 1));
                }
                return null;
            }
        }
    }

    private static HashAlgorithm hashAlgorithm(String name) {
        try {
            return HashAlgorithm.of(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String abbreviate(String hash) {
        return hash == null || hash.length() <= 16 ? String.valueOf(hash) : hash.substring(0, 16) + "...";
    }

    /** An iterator with one element of look-ahead. */
    static final class Peeking<T> implements Iterator<T> {

        private final Iterator<T> it;
        private T next;
        private boolean peeked;

        Peeking(Iterator<T> it) {
            this.it = it;
        }

        T peek() {
            if (!peeked) {
                next = it.hasNext() ? it.next() : null;
                peeked = true;
            }
            return next;
        }

        @Override
        public boolean hasNext() {
            return peeked ? next != null : it.hasNext();
        }

        @Override
        public T next() {
            if (peeked) {
                peeked = false;
                if (next == null) {
                    throw new NoSuchElementException();
                }
                T n = next;
                next = null;
                return n;
            }
            return it.next();
        }
    }
}
