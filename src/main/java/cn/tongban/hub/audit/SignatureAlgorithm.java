package cn.tongban.hub.audit;

import java.util.Locale;

/**
 * The signature schemes a checkpoint may be signed with. Each checkpoint names its own, so a
 * change of algorithm or key leaves older checkpoints verifiable with the key they were made with.
 */
public enum SignatureAlgorithm {

    /** RFC 8032 Ed25519, from the JDK. */
    ED25519("Ed25519"),
    /**
     * GM/T 0003-2012 (GB/T 32918) SM2 on curve sm2p256v1 with SM3 and the GM/T 0009 default user
     * id {@code 1234567812345678}; signatures are DER {@code SEQUENCE {r, s}} (Bouncy Castle).
     */
    SM2("SM2");

    private final String id;

    SignatureAlgorithm(String id) {
        this.id = id;
    }

    /** The name stored in {@code signature_alg} and used in configuration. */
    public String id() {
        return id;
    }

    /** By stored or configured name (case-insensitive). */
    public static SignatureAlgorithm of(String name) {
        if (name != null) {
            String n = name.trim().toUpperCase(Locale.ROOT);
            for (SignatureAlgorithm a : values()) {
                if (a.id.toUpperCase(Locale.ROOT).equals(n)) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException("unknown signature algorithm '" + name + "' (Ed25519 or SM2)");
    }
}
