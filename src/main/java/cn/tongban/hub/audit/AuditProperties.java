package cn.tongban.hub.audit;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit log ({@code hub.audit.*}; application.yaml says why each default has its value).
 *
 * @param hashAlgorithm      SHA-256 or SM3: what new records and checkpoints are hashed with
 * @param signatureAlgorithm Ed25519 or SM2: must be the signing key's algorithm
 * @param signingKey         PKCS#8 private key (PEM or base64 DER) that signs checkpoints
 * @param verifyKey          its X.509 SubjectPublicKeyInfo (PEM or base64 DER)
 * @param keyId              stored with each checkpoint; defaults to the verify key's fingerprint
 * @param retiredVerifyKeys  verify keys of earlier signing keys, so checkpoints signed before a key change still verify
 * @param appendTimeout      longest an append waits for its commit before the caller answers 503
 * @param queueCapacity      entries waiting for the writer; beyond, appends fail at once
 * @param batchMax           most entries one transaction commits
 * @param writeAttempts      attempts of a batch's transaction on a transient store error
 * @param writeTimeout       network and statement time-out of the writer's and checkpointer's transactions
 * @param checkpointInterval how often a checkpoint covers whatever was appended since the last one
 * @param checkpointRecords  a checkpoint is also written as soon as this many records are uncovered, and covers at most this many
 * @param retention          how long records stay in the table before they move to archive files; at least 180 days
 * @param archiveDir         where archive files are written
 * @param archivePeriod      how often the archiver looks for ranges past retention
 * @param archiveMaxRecords  most records one archive file holds
 * @param verifyFetchSize    rows fetched per round trip when verifying
 */
@ConfigurationProperties("hub.audit")
public record AuditProperties(
        @DefaultValue("SHA-256") String hashAlgorithm,
        @DefaultValue("Ed25519") String signatureAlgorithm,
        String signingKey,
        String verifyKey,
        String keyId,
        @DefaultValue List<String> retiredVerifyKeys,
        @DefaultValue("1s") Duration appendTimeout,
        @DefaultValue("10000") int queueCapacity,
        @DefaultValue("256") int batchMax,
        @DefaultValue("3") int writeAttempts,
        @DefaultValue("5s") Duration writeTimeout,
        @DefaultValue("60s") Duration checkpointInterval,
        @DefaultValue("10000") int checkpointRecords,
        @DefaultValue("180d") Duration retention,
        @DefaultValue("audit-archive") String archiveDir,
        @DefaultValue("1h") Duration archivePeriod,
        @DefaultValue("1000000") int archiveMaxRecords,
        @DefaultValue("10000") int verifyFetchSize) {

    /** Cybersecurity Law art. 21: network logs are kept at least six months. */
    public static final Duration MINIMUM_RETENTION = Duration.ofDays(180);

    public AuditProperties {
        retiredVerifyKeys = retiredVerifyKeys == null ? List.of() : List.copyOf(retiredVerifyKeys);
        HashAlgorithm.of(hashAlgorithm);
        SignatureAlgorithm.of(signatureAlgorithm);
        if (retention == null || retention.compareTo(MINIMUM_RETENTION) < 0) {
            throw new IllegalArgumentException("hub.audit.retention is " + retention + " but network logs must be kept at least "
                    + "six months (Cybersecurity Law art. 21): set 180d or more");
        }
        positive("hub.audit.queue-capacity", queueCapacity);
        positive("hub.audit.batch-max", batchMax);
        positive("hub.audit.write-attempts", writeAttempts);
        positive("hub.audit.checkpoint-records", checkpointRecords);
        positive("hub.audit.archive-max-records", archiveMaxRecords);
        positive("hub.audit.verify-fetch-size", verifyFetchSize);
        for (Duration d : new Duration[] {appendTimeout, writeTimeout, checkpointInterval, archivePeriod}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("hub.audit durations must be positive");
            }
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
