package cn.tongban.hub.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import cn.tongban.hub.canonical.SourcedValue;

/**
 * An enterprise in the registry replica: its key, the legacy identifiers it is also known
 * by, the canonical fields with provenance, the flags raised while mapping it (e.g. a
 * USCC with a bad check character) and the version of the source event it came from.
 */
public record ReplicaEnterprise(
        String uscc,
        boolean usccCheckValid,
        String registrationNumber,
        String organizationCode,
        String name,
        long sourceVersion,
        String sourceEventId,
        Instant sourceChangedAt,
        Map<String, SourcedValue> fields,
        List<String> flags,
        Instant updatedAt) {
}
