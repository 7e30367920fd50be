package cn.tongban.hub.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One code list (enterprise type, registration state, ...) loaded from
 * {@code mappings/codelists/<id>.yaml}. Silos send either the code or its label (or an
 * alias of the label); both resolve to the entry.
 */
public final class CodeList {

    public record Entry(String code, String label, List<String> aliases) {
    }

    private final String id;
    private final Map<String, Entry> byCode = new LinkedHashMap<>();
    private final Map<String, Entry> byLabel = new LinkedHashMap<>();

    public CodeList(String id, List<Entry> entries) {
        this.id = id;
        for (Entry e : entries) {
            if (byCode.put(e.code(), e) != null) {
                throw new IllegalArgumentException("code list " + id + ": code " + e.code() + " appears twice");
            }
            byLabel.put(key(e.label()), e);
            for (String alias : e.aliases() == null ? List.<String>of() : e.aliases()) {
                byLabel.put(key(alias), e);
            }
        }
    }

    public String id() {
        return id;
    }

    public List<Entry> entries() {
        return List.copyOf(byCode.values());
    }

    /** The entry whose code, label or alias the raw value is; empty when none is. */
    public Optional<Entry> resolve(String raw) {
        String s = Values.text(raw);
        if (s == null) {
            return Optional.empty();
        }
        Entry e = byCode.get(s.replace(" ", ""));
        return Optional.ofNullable(e != null ? e : byLabel.get(key(s)));
    }

    private static String key(String label) {
        // Labels come with both ASCII and Chinese brackets: （自然人投资或控股） vs (自然人投资或控股).
        return Values.halfWidth(label).replace(" ", "");
    }
}
