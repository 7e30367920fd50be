package cn.tongban.hub.lookup;

import java.util.List;
import java.util.Map;

import cn.tongban.hub.canonical.SourcedValue;

/**
 * The answer to an enterprise look-up: the key, how the requested identifier was resolved
 * to it, the canonical fields with provenance, data-quality flags, and the status of each
 * source consulted.
 */
public record EnterpriseProfile(
        String uscc,
        String resolvedVia,
        List<String> flags,
        Map<String, SourcedValue> fields,
        Map<String, SourceStatus> sources) {
}
