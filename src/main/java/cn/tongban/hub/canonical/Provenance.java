package cn.tongban.hub.canonical;

import java.time.Instant;

/** Where a canonical value came from: the silo, the field there, the source record and when it was fetched. */
public record Provenance(String silo, String sourceField, String recordId, Instant fetchedAt) {
}
