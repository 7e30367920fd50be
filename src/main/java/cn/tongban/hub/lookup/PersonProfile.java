package cn.tongban.hub.lookup;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to a person look-up: the citizen ID, the merged canonical fields with
 * provenance and freshness, the person's insurances (one entry per AC02 row, ordered by
 * insurance type), the conflicts between silos, data-quality flags, and the status of each
 * source (by mapping id). {@code elapsedMillis} is the time the look-up took;
 * {@code withheld} names the fields outside the client's scope (absent when none).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PersonProfile(
        String citizenId,
        List<String> flags,
        Map<String, ProfileValue> fields,
        List<Map<String, ProfileValue>> insurances,
        List<Conflict> conflicts,
        Map<String, SourceStatus> sources,
        long elapsedMillis,
        List<String> withheld) {
}
