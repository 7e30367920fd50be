package cn.tongban.hub.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * The hash functions the audit log may chain and checkpoint with. Every record and every
 * checkpoint names its own, so a switch (say from SHA-256 to SM3) leaves older records
 * verifiable with the function they were written with.
 */
public enum HashAlgorithm {

    /** FIPS 180-4 SHA-256, from the JDK. */
    SHA_256("SHA-256"),
    /** GM/T 0004-2012 (GB/T 32905-2016) SM3, from Bouncy Castle's lightweight API (no JCA provider to register). */
    SM3("SM3");

    /** Both functions give 32 bytes. */
    private static final int LENGTH = 32;

    private final String id;

    HashAlgorithm(String id) {
        this.id = id;
    }

    /** The name stored in {@code hash_alg} columns and used in configuration: {@code SHA-256} or {@code SM3}. */
    public String id() {
        return id;
    }

    /** Digest length in bytes. */
    public int length() {
        return LENGTH;
    }

    /** The {@code prev_hash} of the first record ever: as many zeros as the hex digest has characters. */
    public String genesis() {
        return "0".repeat(2 * LENGTH);
    }

    /** By stored or configured name (case-insensitive; {@code SHA256} is accepted for {@code SHA-256}). */
    public static HashAlgorithm of(String name) {
        if (name != null) {
            String n = name.trim().toUpperCase(Locale.ROOT);
            for (HashAlgorithm a : values()) {
                if (a.id.equals(n) || a.id.replace("-", "").equals(n)) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException("unknown hash algorithm '" + name + "' (SHA-256 or SM3)");
    }

    /** A fresh, single-threaded hasher. */
    public Hasher newHasher() {
        return switch (this) {
            case SHA_256 -> new JdkHasher();
            case SM3 -> new Sm3Hasher();
        };
    }

    /** One-shot digest. */
    public byte[] digest(byte[] bytes) {
        Hasher h = newHasher();
        h.update(bytes, 0, bytes.length);
        return h.digest();
    }

    /** An incremental hash; {@link #digest()} returns the result and resets it for reuse. */
    public interface Hasher {

        void update(byte[] bytes, int offset, int length);

        void update(byte b);

        byte[] digest();
    }

    private static final class JdkHasher implements Hasher {

        private final MessageDigest md;

        JdkHasher() {
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JVM has no SHA-256", e);
            }
        }

        @Override
        public void update(byte[] bytes, int offset, int length) {
            md.update(bytes, offset, length);
        }

        @Override
        public void update(byte b) {
            md.update(b);
        }

        @Override
        public byte[] digest() {
            return md.digest();
        }
    }

    private static final class Sm3Hasher implements Hasher {

        private final SM3Digest sm3 = new SM3Digest();

        @Override
        public void update(byte[] bytes, int offset, int length) {
            sm3.update(bytes, offset, length);
        }

        @Override
        public void update(byte b) {
            sm3.update(b);
        }

        @Override
        public byte[] digest() {
            byte[] out = new byte[sm3.getDigestSize()];
            sm3.doFinal(out, 0);
            return out;
        }
    }
}
