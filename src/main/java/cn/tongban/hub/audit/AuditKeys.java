package cn.tongban.hub.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * Checkpoint keys: a {@link Signing} key (PKCS#8) for the hub, {@link Verifying} keys
 * (X.509 SubjectPublicKeyInfo) for whoever checks the log, offline included. The algorithm
 * comes from the key itself: an Ed25519 key (OID 1.3.101.112) or an EC key on curve sm2p256v1
 * (OID 1.2.156.10197.1.301), as {@code openssl genpkey -algorithm ed25519} or
 * {@code -algorithm SM2} write them.
 */
public final class AuditKeys {

    /** GM/T 0009-2012: the user id a signer uses when none is agreed (ASCII "1234567812345678"). */
    /** RFC 8410 id-Ed25519. */
    private static final ASN1ObjectIdentifier ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
    static final byte[] SM2_DEFAULT_USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    private AuditKeys() {
    }

    /** A private key that signs checkpoints. */
    public static final class Signing {

        private final SignatureAlgorithm algorithm;
        private final PrivateKey ed25519;
        private final ECPrivateKeyParameters sm2;
        private final SecureRandom random = new SecureRandom();

        private Signing(SignatureAlgorithm algorithm, PrivateKey ed25519, ECPrivateKeyParameters sm2) {
            this.algorithm = algorithm;
            this.ed25519 = ed25519;
            this.sm2 = sm2;
        }

        /** Reads a PKCS#8 private key, PEM or base64 DER. */
        public static Signing parse(String text) {
            byte[] der = Pem.der(text, "the signing key");
            PrivateKeyInfo info;
            try {
                info = PrivateKeyInfo.getInstance(der);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the signing key is not a PKCS#8 private key", e);
            }
            SignatureAlgorithm alg = algorithmOf(info.getPrivateKeyAlgorithm(), "signing key");
            try {
                if (alg == SignatureAlgorithm.ED25519) {
                    return new Signing(alg, KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der)), null);
                }
                AsymmetricKeyParameter k = PrivateKeyFactory.createKey(info);
                return new Signing(alg, null, (ECPrivateKeyParameters) k);
            } catch (GeneralSecurityException | IOException | ClassCastException e) {
                throw new IllegalArgumentException("the signing key cannot be read as an " + alg.id() + " key", e);
            }
        }

        public SignatureAlgorithm algorithm() {
            return algorithm;
        }

        /** Signs; thread-safe (each call uses its own signer). */
        public byte[] sign(byte[] message) {
            try {
                if (algorithm == SignatureAlgorithm.ED25519) {
                    Signature s = Signature.getInstance("Ed25519");
                    s.initSign(ed25519);
                    s.update(message);
                    return s.sign();
                }
                SM2Signer s = new SM2Signer();
                s.init(true, new ParametersWithID(new ParametersWithRandom(sm2, random), SM2_DEFAULT_USER_ID));
                s.update(message, 0, message.length);
                return s.generateSignature();
            } catch (GeneralSecurityException | CryptoException e) {
                throw new IllegalStateException("cannot sign with the " + algorithm.id() + " key", e);
            }
        }
    }

    /** A public key that checks checkpoint signatures. */
    public static final class Verifying {

        private final SignatureAlgorithm algorithm;
        private final PublicKey ed25519;
        private final ECPublicKeyParameters sm2;
        private final String fingerprint;

        private Verifying(SignatureAlgorithm algorithm, PublicKey ed25519, ECPublicKeyParameters sm2, byte[] der) {
            this.algorithm = algorithm;
            this.ed25519 = ed25519;
            this.sm2 = sm2;
            this.fingerprint = AuditRecord.HEX.formatHex(HashAlgorithm.SHA_256.digest(der)).substring(0, 16);
        }

        /** Reads an X.509 SubjectPublicKeyInfo, PEM or base64 DER. */
        public static Verifying parse(String text) {
            byte[] der = Pem.der(text, "the verify key");
            SubjectPublicKeyInfo info;
            try {
                info = SubjectPublicKeyInfo.getInstance(der);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the verify key is not an X.509 SubjectPublicKeyInfo", e);
            }
            SignatureAlgorithm alg = algorithmOf(info.getAlgorithm(), "verify key");
            try {
                if (alg == SignatureAlgorithm.ED25519) {
                    return new Verifying(alg, KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)), null, der);
                }
                return new Verifying(alg, null, (ECPublicKeyParameters) PublicKeyFactory.createKey(info), der);
            } catch (GeneralSecurityException | IOException | ClassCastException e) {
                throw new IllegalArgumentException("the verify key cannot be read as an " + alg.id() + " key", e);
            }
        }

        public SignatureAlgorithm algorithm() {
            return algorithm;
        }

        /** The first 16 hex characters of SHA-256 over the key's DER: a default key id. */
        public String fingerprint() {
            return fingerprint;
        }

        /** Whether {@code signature} is this key's signature of {@code message}; never throws on a malformed signature. */
        public boolean verify(byte[] message, byte[] signature) {
            try {
                if (algorithm == SignatureAlgorithm.ED25519) {
                    Signature s = Signature.getInstance("Ed25519");
                    s.initVerify(ed25519);
                    s.update(message);
                    return s.verify(signature);
                }
                SM2Signer s = new SM2Signer();
                s.init(false, new ParametersWithID(sm2, SM2_DEFAULT_USER_ID));
                s.update(message, 0, message.length);
                return s.verifySignature(signature);
            } catch (GeneralSecurityException | RuntimeException e) {
                return false;
            }
        }
    }

    /** A new key pair as PEM text (PKCS#8 private, SubjectPublicKeyInfo public). */
    public record PemPair(String signingKey, String verifyKey) {
    }

    public static PemPair generate(SignatureAlgorithm algorithm) {
        try {
            if (algorithm == SignatureAlgorithm.ED25519) {
                KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                return new PemPair(Pem.armour("PRIVATE KEY", kp.getPrivate().getEncoded()),
                        Pem.armour("PUBLIC KEY", kp.getPublic().getEncoded()));
            }
            X9ECParameters x9 = GMNamedCurves.getByOID(GMObjectIdentifiers.sm2p256v1);
            ECKeyPairGenerator gen = new ECKeyPairGenerator();
            gen.init(new ECKeyGenerationParameters(new ECNamedDomainParameters(GMObjectIdentifiers.sm2p256v1, x9), new SecureRandom()));
            AsymmetricCipherKeyPair kp = gen.generateKeyPair();
            return new PemPair(Pem.armour("PRIVATE KEY", PrivateKeyInfoFactory.createPrivateKeyInfo(kp.getPrivate()).getEncoded()),
                    Pem.armour("PUBLIC KEY", SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(kp.getPublic()).getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot generate an " + algorithm.id() + " key pair", e);
        }
    }

    private static SignatureAlgorithm algorithmOf(AlgorithmIdentifier id, String what) {
        ASN1ObjectIdentifier oid = id.getAlgorithm();
        if (ED25519.equals(oid)) {
            return SignatureAlgorithm.ED25519;
        }
        ASN1Encodable params = id.getParameters();
        if (GMObjectIdentifiers.sm2p256v1.equals(oid)
                || X9ObjectIdentifiers.id_ecPublicKey.equals(oid) && GMObjectIdentifiers.sm2p256v1.equals(params)) {
            return SignatureAlgorithm.SM2;
        }
        throw new IllegalArgumentException("the " + what + " is neither Ed25519 nor SM2 (sm2p256v1): algorithm " + oid);
    }
}
