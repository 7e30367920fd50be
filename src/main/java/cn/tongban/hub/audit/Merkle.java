package cn.tongban.hub.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * The Merkle root a checkpoint signs (docs/audit.md, "Checkpoints"): the leaves are the
 * records' hashes in seq order, each hashed as {@code H(0x00 || record_hash)} (the 32 raw
 * bytes, not the hex); an inner node is {@code H(0x01 || left || right)}; a level with an odd
 * number of nodes promotes its last node unchanged to the next level. The prefixes keep a
 * leaf from ever passing for an inner node. This is the shape of RFC 6962's tree (split at
 * the largest power of two), built here as leaves arrive in O(log n) memory, so a checkpoint
 * over a million records never holds them all.
 */
final class Merkle {

    private static final byte LEAF = 0x00;
    private static final byte NODE = 0x01;

    private final HashAlgorithm.Hasher hasher;
    /** pending.get(i): a finished subtree of 2^i leaves still waiting for its right sibling, or null. */
    private final List<byte[]> pending = new ArrayList<>();
    private long leaves;

    Merkle(HashAlgorithm alg) {
        this.hasher = alg.newHasher();
    }

    /** Adds the next record's hash (raw bytes). */
    void add(byte[] recordHash) {
        hasher.update(LEAF);
        hasher.update(recordHash, 0, recordHash.length);
        byte[] node = hasher.digest();
        int level = 0;
        while (level < pending.size() && pending.get(level) != null) {
            node = node(pending.get(level), node);
            pending.set(level, null);
            level++;
        }
        if (level == pending.size()) {
            pending.add(node);
        } else {
            pending.set(level, node);
        }
        leaves++;
    }

    /** Adds the next record's hash given as hex. */
    void addHex(String recordHash) {
        add(AuditRecord.HEX.parseHex(recordHash));
    }

    long leaves() {
        return leaves;
    }

    /**
     * The root over the leaves added so far. The smaller subtrees sit to the right of the
     * larger ones, which is exactly where promotion of odd nodes puts them.
     */
    byte[] root() {
        if (leaves == 0) {
            throw new IllegalStateException("a Merkle root needs at least one leaf");
        }
        byte[] acc = null;
        for (byte[] left : pending) {
            if (left != null) {
                acc = acc == null ? left : node(left, acc);
            }
        }
        return acc;
    }

    String rootHex() {
        return AuditRecord.HEX.formatHex(root());
    }

    private byte[] node(byte[] left, byte[] right) {
        hasher.update(NODE);
        hasher.update(left, 0, left.length);
        hasher.update(right, 0, right.length);
        return hasher.digest();
    }

    /** The root over a list of record hashes (hex). */
    static String rootOf(HashAlgorithm alg, List<String> recordHashes) {
        Merkle m = new Merkle(alg);
        recordHashes.forEach(m::addHex);
        return m.rootHex();
    }
}
