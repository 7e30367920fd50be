package cn.tongban.hub.sources.socialinsurance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import cn.tongban.hub.crosswalk.KeyResolver;
import cn.tongban.hub.identifiers.IdentifierNormalizer;
import cn.tongban.hub.sources.SiloGateway;

/**
 * Turns the gateway's look-up headers ({@code HubKey}, {@code HubAliases}) into the named,
 * bound parameters of the social-insurance queries, in the forms the legacy tables hold
 * (organisation codes printed and compact, a citizen ID with a lower-case x and in its old
 * 15-digit form). Every list holds at least {@link #NO_MATCH}, so {@code IN (...)} is never
 * empty; no value is ever spliced into SQL text.
 */
@Component("socialInsuranceLookupParameters")
public class LookupParameters {

    /**
     * Stands in for an empty list: no identifier can hold it ('#' is in no identifier's
     * alphabet), so it matches no row.
     */
    public static final String NO_MATCH = "#NO-MATCH#";

    /** Body for {@code direct:social-insurance-unit}: key, unitNumbers, orgCodes, regNos. */
    public void unit(Exchange exchange) {
        Message in = exchange.getMessage();
        Map<String, List<String>> aliases = aliases(in);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("key", orNoMatch(in.getHeader(SiloGateway.KEY_HEADER, String.class)));
        p.put("unitNumbers", list(aliases.get("socialInsuranceUnitNumber")));
        Set<String> orgCodes = new LinkedHashSet<>();
        for (String code : aliases.getOrDefault("organizationCode", List.of())) {
            String c = code == null ? "" : IdentifierNormalizer.normalize(code).replace("-", "");
            if (c.length() == 9) {
                orgCodes.add(c);
                orgCodes.add(c.substring(0, 8) + "-" + c.charAt(8));
            } else if (!c.isEmpty()) {
                orgCodes.add(c);
            }
        }
        p.put("orgCodes", list(orgCodes));
        p.put("regNos", list(aliases.get("registrationNumber")));
        in.setBody(p);
    }

    /** Body for the person and insurance look-ups: citizenIds (every stored form) and personNumbers. */
    public void person(Exchange exchange) {
        Message in = exchange.getMessage();
        Map<String, List<String>> aliases = aliases(in);
        Set<String> ids = new LinkedHashSet<>();
        String key = in.getHeader(SiloGateway.KEY_HEADER, String.class);
        if (key != null && !key.isBlank()) {
            String k = IdentifierNormalizer.normalize(key).strip();
            ids.add(k);
            if (k.length() == 18) {
                if (k.endsWith("X")) {
                    ids.add(k.substring(0, 17) + "x");
                }
                if (k.startsWith("19", 6)) {
                    ids.add(k.substring(0, 6) + k.substring(8, 17));
                }
            }
        }
        ids.addAll(nonBlank(aliases.get(KeyResolver.CITIZEN_ID_15)));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("citizenIds", list(ids));
        p.put("personNumbers", list(aliases.get("socialInsurancePersonNumber")));
        in.setBody(p);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> aliases(Message in) {
        Object raw = in.getHeader(SiloGateway.ALIASES_HEADER);
        if (!(raw instanceof Map<?, ?> m)) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k != null && v instanceof java.util.Collection<?> c) {
                out.put(k.toString(), c.stream().filter(x -> x != null).map(Object::toString).toList());
            }
        });
        return out;
    }

    private static List<String> nonBlank(java.util.Collection<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
    }

    private static List<String> list(java.util.Collection<String> values) {
        List<String> out = new ArrayList<>(nonBlank(values));
        if (out.isEmpty()) {
            out.add(NO_MATCH);
        }
        return out;
    }

    private static String orNoMatch(String v) {
        return v == null || v.isBlank() ? NO_MATCH : v.strip();
    }
}
