package cn.tongban.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** {@code hub.audit.*} as the profiles configure it, and what the hub refuses at start. */
class AuditConfigurationTest {

    /** The environment of a profile: its YAML over the base YAML over {@code env}, as Spring Boot layers them. */
    private static StandardEnvironment environment(String profile, Map<String, Object> env) throws IOException {
        StandardEnvironment e = new StandardEnvironment();
        e.getPropertySources().addFirst(new MapPropertySource("env", env));
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        for (PropertySource<?> s : yaml.load("base", new ClassPathResource("application.yaml"))) {
            e.getPropertySources().addFirst(s);
        }
        if (profile != null) {
            for (PropertySource<?> s : yaml.load(profile, new ClassPathResource("application-" + profile + ".yaml"))) {
                e.getPropertySources().addFirst(s);
            }
        }
        e.getPropertySources().addFirst(e.getPropertySources().remove("env"));
        return e;
    }

    private static AuditProperties bind(StandardEnvironment e) {
        return Binder.get(e).bindOrCreate("hub.audit", AuditProperties.class);
    }

    @Test
    void theDemoProfileSignsWithItsPublishedEd25519Pair() throws IOException {
        AuditProperties p = bind(environment("demo", Map.of()));
        AuditCrypto crypto = AuditCrypto.from(p);
        assertThat(crypto.signing().algorithm()).isEqualTo(SignatureAlgorithm.ED25519);
        assertThat(crypto.hash()).isEqualTo(HashAlgorithm.SHA_256);
        assertThat(crypto.keyId()).isEqualTo("demo-ed25519-2026");
        assertThat(p.retention()).isEqualTo(Duration.ofDays(180));
        assertThat(p.batchMax()).isEqualTo(256);
        assertThat(p.checkpointInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void productionWithoutAKeyStopsWithAMessageNamingTheVariable() throws IOException {
        AuditProperties p = bind(environment("prod", Map.of("HUB_AUDIT_ARCHIVE_DIR", "/var/lib/hub/audit")));
        assertThatThrownBy(() -> AuditCrypto.from(p)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HUB_AUDIT_SIGNING_KEY");
    }

    @Test
    void productionReadsItsKeysFromTheEnvironment() throws IOException {
        AuditKeys.PemPair pair = AuditKeys.generate(SignatureAlgorithm.SM2);
        Map<String, Object> env = new HashMap<>();
        env.put("HUB_AUDIT_ARCHIVE_DIR", "/var/lib/hub/audit");
        env.put("HUB_AUDIT_SIGNING_KEY", pair.signingKey());
        env.put("HUB_AUDIT_VERIFY_KEY", pair.verifyKey());
        env.put("HUB_AUDIT_SIGNATURE_ALGORITHM", "SM2");
        env.put("HUB_AUDIT_HASH_ALGORITHM", "SM3");
        AuditCrypto crypto = AuditCrypto.from(bind(environment("prod", env)));
        assertThat(crypto.signing().algorithm()).isEqualTo(SignatureAlgorithm.SM2);
        assertThat(crypto.hash()).isEqualTo(HashAlgorithm.SM3);
        assertThat(crypto.keyId()).as("no key id: the key's fingerprint").isEqualTo(crypto.verifying().fingerprint());
    }

    @Test
    void aRetentionBelowSixMonthsIsRefusedAtStart() throws IOException {
        StandardEnvironment e = environment("demo", Map.of("HUB_AUDIT_RETENTION", "179d"));
        assertThatThrownBy(() -> bind(e)).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("at least six months");
        assertThat(bind(environment("demo", Map.of("HUB_AUDIT_RETENTION", "365d"))).retention()).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void aVerifyKeyThatDoesNotMatchTheSigningKeyIsRefused() {
        AuditKeys.PemPair a = AuditKeys.generate(SignatureAlgorithm.ED25519);
        AuditKeys.PemPair b = AuditKeys.generate(SignatureAlgorithm.ED25519);
        assertThatThrownBy(() -> AuditCrypto.from(props("Ed25519", a.signingKey(), b.verifyKey())))
                .hasMessageContaining("not the public key of hub.audit.signing-key");
    }

    @Test
    void aKeyOfAnotherAlgorithmThanConfiguredIsRefused() {
        AuditKeys.PemPair sm2 = AuditKeys.generate(SignatureAlgorithm.SM2);
        assertThatThrownBy(() -> AuditCrypto.from(props("Ed25519", sm2.signingKey(), sm2.verifyKey())))
                .hasMessageContaining("signature-algorithm is Ed25519 but the signing key is SM2");
    }

    @Test
    void unknownAlgorithmsAreRefused() {
        AuditKeys.PemPair a = AuditKeys.generate(SignatureAlgorithm.ED25519);
        assertThatThrownBy(() -> props("RSA", a.signingKey(), a.verifyKey())).hasMessageContaining("Ed25519 or SM2");
    }

    private static AuditProperties props(String signatureAlgorithm, String signingKey, String verifyKey) {
        return new AuditProperties("SHA-256", signatureAlgorithm, signingKey, verifyKey, null, List.of(), Duration.ofSeconds(1),
                100, 16, 3, Duration.ofSeconds(5), Duration.ofSeconds(60), 100, Duration.ofDays(180), "archive", Duration.ofHours(1),
                1000, 100);
    }

    @Test
    void entriesAreCleanedOfWhatPostgresqlTextCannotHold() {
        assertThat(AuditTrail.clean("a\0b")).isEqualTo("a\uFFFDb");
        assertThat(AuditTrail.clean("x\uD800")).isEqualTo("x\uFFFD");
        assertThat(AuditTrail.clean("王\uD83D\uDE00")).isEqualTo("王\uD83D\uDE00");
        assertThatThrownBy(() -> AuditTrail.clean(new AuditEntry(null, "c", null, null, null, null, "a", null, null, "200", null)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
