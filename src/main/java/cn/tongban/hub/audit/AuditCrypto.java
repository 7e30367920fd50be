package cn.tongban.hub.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The algorithms and keys the hub writes the audit log with, checked at start: a missing or
 * unreadable key, a key of another algorithm than configured, or a verify key that does not
 * match the signing key stops the hub with a message that says which.
 */
final class AuditCrypto {

    private final HashAlgorithm hash;
    private final AuditKeys.Signing signing;
    private final AuditKeys.Verifying verifying;
    private final String keyId;
    private final List<AuditKeys.Verifying> retired;

    AuditCrypto(HashAlgorithm hash, AuditKeys.Signing signing, AuditKeys.Verifying verifying, String keyId,
                List<AuditKeys.Verifying> retired) {
        this.hash = hash;
        this.signing = signing;
        this.verifying = verifying;
        this.keyId = keyId;
        this.retired = List.copyOf(retired);
    }

    static AuditCrypto from(AuditProperties p) {
        SignatureAlgorithm alg = SignatureAlgorithm.of(p.signatureAlgorithm());
        if (p.signingKey() == null || p.signingKey().isBlank()) {
            throw new IllegalStateException("hub.audit.signing-key is not set: the audit log's checkpoints cannot be signed. "
                    + "In production set HUB_AUDIT_SIGNING_KEY (PKCS#8 PEM or base64 DER) and HUB_AUDIT_VERIFY_KEY "
                    + "(SubjectPublicKeyInfo PEM); docs/audit.md shows how to make a key pair");
        }
        if (p.verifyKey() == null || p.verifyKey().isBlank()) {
            throw new IllegalStateException("hub.audit.verify-key is not set (in production: HUB_AUDIT_VERIFY_KEY, the "
                    + "SubjectPublicKeyInfo PEM of hub.audit.signing-key)");
        }
        AuditKeys.Signing signing;
        AuditKeys.Verifying verifying;
        try {
            signing = AuditKeys.Signing.parse(p.signingKey());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("hub.audit.signing-key (HUB_AUDIT_SIGNING_KEY): " + e.getMessage(), e);
        }
        try {
            verifying = AuditKeys.Verifying.parse(p.verifyKey());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("hub.audit.verify-key (HUB_AUDIT_VERIFY_KEY): " + e.getMessage(), e);
        }
        if (signing.algorithm() != alg || verifying.algorithm() != alg) {
            throw new IllegalStateException("hub.audit.signature-algorithm is " + alg.id() + " but the signing key is "
                    + signing.algorithm().id() + " and the verify key " + verifying.algorithm().id());
        }
        byte[] probe = "tongban-hub audit key check".getBytes(StandardCharsets.US_ASCII);
        if (!verifying.verify(probe, signing.sign(probe))) {
            throw new IllegalStateException("hub.audit.verify-key is not the public key of hub.audit.signing-key");
        }
        String keyId = p.keyId() == null || p.keyId().isBlank() ? verifying.fingerprint() : p.keyId().trim();
        List<AuditKeys.Verifying> retired = new ArrayList<>();
        for (int i = 0; i < p.retiredVerifyKeys().size(); i++) {
            try {
                retired.add(AuditKeys.Verifying.parse(p.retiredVerifyKeys().get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("hub.audit.retired-verify-keys[" + i + "]: " + e.getMessage(), e);
            }
        }
        return new AuditCrypto(HashAlgorithm.of(p.hashAlgorithm()), signing, verifying, keyId, retired);
    }

    HashAlgorithm hash() {
        return hash;
    }

    AuditKeys.Signing signing() {
        return signing;
    }

    AuditKeys.Verifying verifying() {
        return verifying;
    }

    String keyId() {
        return keyId;
    }

    /** A verifier that knows this hub's verify key and the retired ones. */
    AuditVerifier verifier() {
        List<AuditKeys.Verifying> all = new ArrayList<>(retired);
        all.add(0, verifying);
        return new AuditVerifier(all);
    }
}
