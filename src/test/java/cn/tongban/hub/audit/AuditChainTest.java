package cn.tongban.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The building blocks of the audit chain, against values computed independently (a short
 * Python script implementing docs/audit.md with hashlib; SHA-256 and SM3 test vectors from
 * FIPS 180-4 and GM/T 0004-2012; an SM2 signature made by OpenSSL 3).
 */
class AuditChainTest {

    private static final HexFormat HEX = HexFormat.of();

    /** A record of docs/audit.md's example, as the Python reference encodes it. */
    private static AuditRecord example(String alg) {
        return new AuditRecord(1, Instant.parse("2026-11-23T09:30:00.123456Z"), "window-system", "王小明", null, "",
                "110101199003070012", "GET /api/v1/persons/{idNumber}", List.of("name", "birthDate"), List.of("public-security"),
                "200", null, "0".repeat(64), null, alg);
    }

    @Test
    void canonicalFormIsTheLengthPrefixedEncodingOfTheDocs() {
        assertThat(HEX.formatHex(example("SHA-256").canonicalBytes())).isEqualTo(
                "0000001b746f6e6762616e2d6875622f61756469742d7265636f72642f76310000000000000001"
                        + "0000001b323032362d31312d32335430393a33303a30302e3132333435365a"
                        + "0000000d77696e646f772d73797374656d"
                        + "00000009e78e8be5b08fe6988e"       // operator, UTF-8
                        + "ffffffff"                         // matter: null
                        + "00000000"                         // case number: empty, not null
                        + "00000012313130313031313939303033303730303132"
                        + "0000001e474554202f6170692f76312f706572736f6e732f7b69644e756d6265727d"
                        + "00000002000000046e616d6500000009626972746844617465"
                        + "000000010000000f7075626c69632d7365637572697479"
                        + "00000003323030"
                        + "ffffffff"                         // response hash: null
                        + "000000075348412d323536"
                        + "00000040" + "30".repeat(64));
    }

    @Test
    void recordHashAgreesWithAnIndependentImplementationForBothAlgorithms() {
        Canonical w = new Canonical();
        assertThat(example("SHA-256").computeHash(1, w, HashAlgorithm.SHA_256.newHasher()))
                .isEqualTo("aa1783c2ec64988334c8750acb0f46939ccdbcb61179a3d6f94322171329fb3b");
        assertThat(example("SM3").computeHash(1, w, HashAlgorithm.SM3.newHasher()))
                .isEqualTo("8923e78185b34eca0f73f5df66dc14541857e36b4e3ffafe73f39c2ae5f91527");
    }

    @Test
    void sealingCoversSeqAndPrevHash() {
        AuditEntry e = new AuditEntry(Instant.parse("2026-11-23T09:30:00Z"), "c", null, null, null, null, "GET /x", List.of(),
                List.of(), "200", null);
        Canonical w = new Canonical();
        AuditRecord one = AuditRecord.seal(1, e, HashAlgorithm.SHA_256.genesis(), HashAlgorithm.SHA_256, w,
                HashAlgorithm.SHA_256.newHasher());
        AuditRecord two = AuditRecord.seal(2, e, HashAlgorithm.SHA_256.genesis(), HashAlgorithm.SHA_256, w,
                HashAlgorithm.SHA_256.newHasher());
        AuditRecord otherPrev = AuditRecord.seal(1, e, one.recordHash(), HashAlgorithm.SHA_256, w, HashAlgorithm.SHA_256.newHasher());
        assertThat(one.recordHash()).isNotEqualTo(two.recordHash()).isNotEqualTo(otherPrev.recordHash());
    }

    @Test
    void nullAndEmptyTextAndListsEncodeDifferently() {
        assertThat(new Canonical().text(null).toByteArray()).isNotEqualTo(new Canonical().text("").toByteArray());
        // ["a,b"] and ["a", "b"] must not collide (they would with a joined form).
        assertThat(new Canonical().list(List.of("a,b")).toByteArray()).isNotEqualTo(new Canonical().list(List.of("a", "b")).toByteArray());
    }

    @Test
    void timesAreWrittenInUtcWithExactlySixFractionalDigits() {
        assertThat(Canonical.instantText(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05.000000Z");
        assertThat(Canonical.instantText(Instant.parse("2026-01-02T03:04:05.1Z"))).isEqualTo("2026-01-02T03:04:05.100000Z");
        assertThat(Canonical.micros(Instant.parse("2026-01-02T03:04:05.123456789Z"))).isEqualTo(Instant.parse("2026-01-02T03:04:05.123456Z"));
    }

    @Test
    void checkpointSignedBytesAreTheDocumentedEncoding() {
        AuditCheckpoint cp = new AuditCheckpoint(7, 1, 3, "f08e312a3f77d276cc6de9412614663e839d3a1cb7414299295d5678a4ab405e",
                "SHA-256", null, "Ed25519", "demo-ed25519-2026", Instant.parse("2026-11-23T09:31:00Z"));
        assertThat(HashAlgorithm.SHA_256.digest(cp.signedBytes()))
                .isEqualTo(HEX.parseHex("19f680e63ffaf4a36cc1fe28ef172d2c5cfba7af9ba1b53d7992c2926490d02c"));
        // The id is not signed: the same range and root under another id signs the same bytes.
        assertThat(cp.withId(8).signedBytes()).isEqualTo(cp.signedBytes());
    }

    // --- Merkle tree --------------------------------------------------------------------

    /** Record hashes r0..r4 = SHA-256("record i"). */
    private static final List<String> RECORD_HASHES = List.of(
            "e00d4616051cce59f50090fafabb0d9b5172e50b72037a7a85c603b117257648",
            "3dba37bb0871edefb95b6655128dbe1922522f17be0cd1089ef7dd45c9badcd1",
            "55f3858e9bf30865a06984a61ea4e7c0f078549cd1106a11281ab39ff8cd7801",
            "7322e1c393bf2dffd7c20450a6b421b8681388696b5faee4e5d21cf2d358eb58",
            "a2b360096f137fc59d82b5ac580e611ca8cf38a114e63c07ed68e3e16c88f79e");

    @Test
    void merkleRootsOfOneTwoThreeAndFiveLeavesAreTheHandComputedOnes() {
        assertThat(Merkle.rootOf(HashAlgorithm.SHA_256, RECORD_HASHES.subList(0, 1)))
                .isEqualTo("588a4f0090a64bfc7bd63aeaa12d39072a1fd5736aa3e052280bb68089aba1ec");
        assertThat(Merkle.rootOf(HashAlgorithm.SHA_256, RECORD_HASHES.subList(0, 2)))
                .isEqualTo("98fe3e5aaef6b5889571e6701e8357a0b5d59f659e851dfa2ffa7d51e61a7a78");
        assertThat(Merkle.rootOf(HashAlgorithm.SHA_256, RECORD_HASHES.subList(0, 3)))
                .isEqualTo("f08e312a3f77d276cc6de9412614663e839d3a1cb7414299295d5678a4ab405e");
        assertThat(Merkle.rootOf(HashAlgorithm.SHA_256, RECORD_HASHES))
                .isEqualTo("08d9e8022bad91b74b5fb2b737c335f4e9877e7c9c016bbbee2121550f90098e");
        assertThat(Merkle.rootOf(HashAlgorithm.SM3, RECORD_HASHES.subList(0, 3)))
                .isEqualTo("c1d43b5c770b579be367bd55c5833386aa43743638c26d7ddf4225dc9057776f");
    }

    @Test
    void merkleTreeHasTheDocumentedShape() {
        List<byte[]> l = new ArrayList<>();
        for (String r : RECORD_HASHES) {
            l.add(sha(concat(new byte[] {0}, HEX.parseHex(r))));
        }
        // One leaf: the leaf hash. Five: ((L0 L1) (L2 L3)) L4, the odd L4 promoted twice.
        assertThat(Merkle.rootOf(HashAlgorithm.SHA_256, RECORD_HASHES.subList(0, 1))).isEqualTo(HEX.formatHex(l.get(0)));
        byte[] n01 = node(l.get(0), l.get(1));
        byte[] n23 = node(l.get(2), l.get(3));
        assertThat(Merkle.rootOf(HashAlgorithm.SHA_256, RECORD_HASHES.subList(0, 3))).isEqualTo(HEX.formatHex(node(n01, l.get(2))));
        assertThat(Merkle.rootOf(HashAlgorithm.SHA_256, RECORD_HASHES)).isEqualTo(HEX.formatHex(node(node(n01, n23), l.get(4))));
        // Seven: ((L0 L1)(L2 L3)) ((L4 L5) L6)
        List<String> seven = new ArrayList<>(RECORD_HASHES);
        seven.add(RECORD_HASHES.get(0));
        seven.add(RECORD_HASHES.get(1));
        byte[] n45 = node(l.get(4), l.get(0));
        assertThat(Merkle.rootOf(HashAlgorithm.SHA_256, seven))
                .isEqualTo(HEX.formatHex(node(node(n01, n23), node(n45, l.get(1)))));
        assertThatThrownBy(() -> new Merkle(HashAlgorithm.SHA_256).root()).isInstanceOf(IllegalStateException.class);
    }

    private static byte[] node(byte[] left, byte[] right) {
        return sha(concat(new byte[] {1}, concat(left, right)));
    }

    private static byte[] sha(byte[] b) {
        return HashAlgorithm.SHA_256.digest(b);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // --- digests ------------------------------------------------------------------------

    @Test
    void sha256MatchesTheFips180TestVectors() {
        assertThat(hex(HashAlgorithm.SHA_256, "abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(hex(HashAlgorithm.SHA_256, "")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void sm3MatchesTheGmt0004TestVectors() {
        assertThat(hex(HashAlgorithm.SM3, "abc")).isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        assertThat(hex(HashAlgorithm.SM3, "abcd".repeat(16)))
                .isEqualTo("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    }

    @Test
    void hashAlgorithmsAreKnownByTheirStoredNames() {
        assertThat(HashAlgorithm.of("SHA-256")).isEqualTo(HashAlgorithm.SHA_256);
        assertThat(HashAlgorithm.of("sm3")).isEqualTo(HashAlgorithm.SM3);
        assertThat(HashAlgorithm.SM3.genesis()).hasSize(64).matches("0+");
        assertThatThrownBy(() -> HashAlgorithm.of("MD5")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String hex(HashAlgorithm alg, String text) {
        return HEX.formatHex(alg.digest(text.getBytes(StandardCharsets.US_ASCII)));
    }

    // --- signatures ---------------------------------------------------------------------

    @Test
    void ed25519SignaturesVerifyAndFailOnAnyChange() {
        signAndVerify(SignatureAlgorithm.ED25519);
    }

    @Test
    void sm2SignaturesVerifyAndFailOnAnyChange() {
        signAndVerify(SignatureAlgorithm.SM2);
    }

    private static void signAndVerify(SignatureAlgorithm alg) {
        AuditKeys.PemPair pair = AuditKeys.generate(alg);
        AuditKeys.Signing signing = AuditKeys.Signing.parse(pair.signingKey());
        AuditKeys.Verifying verifying = AuditKeys.Verifying.parse(pair.verifyKey());
        assertThat(signing.algorithm()).isEqualTo(alg);
        assertThat(verifying.algorithm()).isEqualTo(alg);
        byte[] message = "checkpoint 1..3".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = signing.sign(message);
        assertThat(verifying.verify(message, signature)).isTrue();
        assertThat(verifying.verify("checkpoint 1..4".getBytes(StandardCharsets.US_ASCII), signature)).isFalse();
        byte[] flipped = signature.clone();
        flipped[flipped.length / 2] ^= 1;
        assertThat(verifying.verify(message, flipped)).isFalse();
        assertThat(verifying.verify(message, new byte[0])).isFalse();
        AuditKeys.Verifying other = AuditKeys.Verifying.parse(AuditKeys.generate(alg).verifyKey());
        assertThat(other.verify(message, signature)).isFalse();
    }

    /**
     * Made with OpenSSL 3.0: {@code openssl genpkey -algorithm SM2}, then
     * {@code openssl dgst -sm3 -sign key.pem -sigopt distid:1234567812345678} over the message.
     */
    private static final String OPENSSL_SM2_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAE6QHETDMycDw9Cu4sxazDi0b9P8Gx
            nT1kJFNBLmoGZmqDKM4OB3gWpeDpr5hZLrjkJzpT1gAb5mvHiPj5XjjS5w==
            -----END PUBLIC KEY-----
            """;
    private static final String OPENSSL_SM2_SIGNATURE =
            "MEQCIEx8kUmt4sfxNK72jD+P58I8ZWM4VjvEp2D1CBdBXQ9rAiAweYCStx1O3kxY6yMW/WcVTdFUYay5ZgwUOzpxm0R1IQ==";
    /** {@code openssl genpkey -algorithm ed25519}, {@code openssl pkeyutl -sign -rawin}. */
    private static final String OPENSSL_ED25519_PUBLIC = "MCowBQYDK2VwAyEAd0/6eKdYrqKD1E8LgmVwW4tpp6LEUPIeacLSiY/vuCY=";
    private static final String OPENSSL_ED25519_SIGNATURE =
            "GVvBVJRgfGHTyhLAY3VOtJ3LF3hmj4cp5gv+fmZ3jPsWPhduFSReqz/6iLkshcUI482BUJCUt8/WWfXmT6n6BQ==";
    private static final byte[] OPENSSL_MESSAGE = "tongban-hub audit interop".getBytes(StandardCharsets.US_ASCII);

    @Test
    void verifiesSm2SignaturesMadeByOpenSslWithTheDefaultUserId() {
        AuditKeys.Verifying key = AuditKeys.Verifying.parse(OPENSSL_SM2_PUBLIC);
        assertThat(key.algorithm()).isEqualTo(SignatureAlgorithm.SM2);
        assertThat(key.verify(OPENSSL_MESSAGE, Base64.getDecoder().decode(OPENSSL_SM2_SIGNATURE))).isTrue();
        assertThat(key.verify("tongban-hub audit interop!".getBytes(StandardCharsets.US_ASCII),
                Base64.getDecoder().decode(OPENSSL_SM2_SIGNATURE))).isFalse();
    }

    @Test
    void verifiesEd25519SignaturesMadeByOpenSslFromBareBase64Keys() {
        AuditKeys.Verifying key = AuditKeys.Verifying.parse(OPENSSL_ED25519_PUBLIC);
        assertThat(key.algorithm()).isEqualTo(SignatureAlgorithm.ED25519);
        assertThat(key.verify(OPENSSL_MESSAGE, Base64.getDecoder().decode(OPENSSL_ED25519_SIGNATURE))).isTrue();
    }

    @Test
    void readsKeysWhoseLineBreaksArriveAsBackslashN() {
        String oneLine = AuditKeys.generate(SignatureAlgorithm.ED25519).signingKey().replace("\n", "\\n");
        assertThat(AuditKeys.Signing.parse(oneLine).algorithm()).isEqualTo(SignatureAlgorithm.ED25519);
    }

    @Test
    void refusesKeysThatAreNeitherEd25519NorSm2() throws Exception {
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        java.security.KeyPair kp = rsa.generateKeyPair();
        assertThatThrownBy(() -> AuditKeys.Verifying.parse(Base64.getEncoder().encodeToString(kp.getPublic().getEncoded())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither Ed25519 nor SM2");
        assertThatThrownBy(() -> AuditKeys.Signing.parse(Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither Ed25519 nor SM2");
        assertThatThrownBy(() -> AuditKeys.Signing.parse("not a key")).isInstanceOf(IllegalArgumentException.class);
    }
}
