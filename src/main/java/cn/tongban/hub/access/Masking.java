package cn.tongban.hub.access;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.tongban.hub.canonical.CanonicalField;
import cn.tongban.hub.canonical.Entity;
import cn.tongban.hub.canonical.EnterpriseField;
import cn.tongban.hub.canonical.PersonField;
import cn.tongban.hub.canonical.ValueType;

/**
 * Masking of personal data in answers, per client. No national rule fixes which characters
 * to show (DOMAIN.md 4); a rule {@code F+L} keeps the first F and last L characters and
 * replaces each other one with {@code *}, {@code none} shows the value, {@code all} hides it
 * all. The defaults (application.yaml) are ID numbers 6+4, phone numbers 3+4, names 1+0 and
 * addresses 6+0 (the province, city and district of a Chinese address).
 */
public final class Masking {

    /** The kinds of personal data a rule applies to. */
    public enum Kind {
        ID_NUMBER("id-number"), PHONE("phone"), NAME("name"), ADDRESS("address");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        static Kind ofKey(String key) {
            for (Kind k : values()) {
                if (k.key.equals(key)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown masking kind '" + key + "' (known: id-number, phone, name, address)");
        }
    }

    /** Keep the first {@code first} and last {@code last} characters; {@code first < 0} shows everything. */
    record Rule(int first, int last) {
        static final Rule NONE = new Rule(-1, 0);
        private static final Pattern SPEC = Pattern.compile("(\\d{1,2})\\+(\\d{1,2})");

        static Rule parse(String spec) {
            String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
            if (s.equals("none")) {
                return NONE;
            }
            if (s.equals("all")) {
                return new Rule(0, 0);
            }
            Matcher m = SPEC.matcher(s);
            if (!m.matches()) {
                throw new IllegalArgumentException("masking rule '" + spec + "' is not F+L (e.g. 6+4), none or all");
            }
            return new Rule(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }

        String apply(String value) {
            if (first < 0 || value == null) {
                return value;
            }
            int[] cps = value.codePoints().toArray();
            // A value too short to hide anything under the rule is hidden all but its first character.
            int keepFirst = first;
            int keepLast = last;
            if (keepFirst + keepLast >= cps.length) {
                keepFirst = Math.min(1, Math.max(0, cps.length - 1));
                keepLast = 0;
            }
            StringBuilder b = new StringBuilder(cps.length);
            for (int i = 0; i < cps.length; i++) {
                if (i < keepFirst || i >= cps.length - keepLast) {
                    b.appendCodePoint(cps[i]);
                } else {
                    b.append('*');
                }
            }
            return b.toString();
        }
    }

    private final Map<Kind, Rule> rules;

    private Masking(Map<Kind, Rule> rules) {
        this.rules = rules;
    }

    /** The defaults overridden by a client's own rules (both as {@code kind -> spec}). */
    static Masking of(Map<String, String> defaults, Map<String, String> overrides) {
        Map<Kind, Rule> rules = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            rules.put(k, Rule.NONE);
        }
        defaults.forEach((k, v) -> rules.put(Kind.ofKey(k), Rule.parse(v)));
        if (overrides != null) {
            overrides.forEach((k, v) -> rules.put(Kind.ofKey(k), Rule.parse(v)));
        }
        return new Masking(rules);
    }

    /** No masking at all (internal calls, no client). */
    static final Masking NONE = new Masking(new EnumMap<>(Map.of(Kind.ID_NUMBER, Rule.NONE, Kind.PHONE, Rule.NONE,
            Kind.NAME, Rule.NONE, Kind.ADDRESS, Rule.NONE)));

    public String mask(Kind kind, String value) {
        return rules.get(kind).apply(value);
    }

    private static final Pattern EMBEDDED_ID = Pattern.compile("(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])");

    /**
     * A source record id with every citizen ID in it masked by the ID rule: several silos key
     * their records by the person's ID (public security's record id is the ID itself, social
     * insurance's insurance rows embed it), so provenance would otherwise carry it unmasked.
     */
    public String maskIdsIn(String text) {
        if (text == null || rules.get(Kind.ID_NUMBER).first() < 0) {
            return text;
        }
        Matcher m = EMBEDDED_ID.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String id = m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(
                    cn.tongban.hub.identifiers.CitizenId.isWellShaped18(id) ? mask(Kind.ID_NUMBER, id) : id));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The kind of personal data a canonical field holds, or {@code null}. An enterprise's name
     * and address are public registration data, not personal data; its legal representative's
     * name and ID are.
     */
    public static Kind kindOf(Entity entity, String field) {
        if (entity == null || field == null) {
            return null;
        }
        CanonicalField f = entity.field(field).orElse(null);
        if (f == null) {
            return null;
        }
        if (f.type() == ValueType.CITIZEN_ID) {
            return Kind.ID_NUMBER;
        }
        if (f == PersonField.NAME || f == PersonField.SPOUSE_NAME || f == EnterpriseField.LEGAL_REPRESENTATIVE) {
            return Kind.NAME;
        }
        return f == PersonField.HOUSEHOLD_ADDRESS ? Kind.ADDRESS : null;
    }
}
