package cn.tongban.hub.demo.data;

import java.util.Set;

import cn.tongban.hub.identifiers.CitizenId;
import cn.tongban.hub.identifiers.IdentifierNormalizer;
import cn.tongban.hub.identifiers.OrganizationCode;
import cn.tongban.hub.identifiers.RegistrationNumber;
import cn.tongban.hub.identifiers.Uscc;

/**
 * Independent readings of silo values for the recount tests: they use the hub's identifier
 * rules, never the generator's helpers, so a generator bug cannot hide itself.
 */
final class Recount {

    private static final Set<String> PLACEHOLDERS = Set.of("null", "无");

    private Recount() {
    }

    /** NULL, blank, or one of the texts that mean "nothing". */
    static boolean missing(String v) {
        return v == null || v.isBlank() || PLACEHOLDERS.contains(v.strip());
    }

    static boolean present(String v) {
        return !missing(v);
    }

    /** Full-width ASCII forms back to ASCII, case kept. */
    static String halfWidth(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(c >= '\uFF01' && c <= '\uFF5E' ? (char) (c - 0xFEE0) : c);
        }
        return b.toString();
    }

    static boolean hasFullWidth(String s) {
        return s != null && s.chars().anyMatch(c -> c >= 0xFF01 && c <= 0xFF5E);
    }

    /** A well-shaped USCC whose check character (position 18) is wrong. */
    static boolean usccWithBadCheck(String raw) {
        if (missing(raw)) {
            return false;
        }
        String v = IdentifierNormalizer.normalize(raw);
        if (v.length() != 18) {
            return false;
        }
        try {
            return Uscc.checkCharacter(v.substring(0, 17)) != v.charAt(17);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A well-shaped organisation code (hyphen or not) whose check character is wrong. */
    static boolean orgCodeWithBadCheck(String raw) {
        if (missing(raw)) {
            return false;
        }
        String v = IdentifierNormalizer.normalize(raw);
        if (v.length() != 9) {
            return false;
        }
        try {
            return OrganizationCode.checkCharacter(v.substring(0, 8)) != v.charAt(8);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A 15-digit registration number whose GS15 check digit is wrong. */
    static boolean regNoWithBadCheck(String raw) {
        if (missing(raw)) {
            return false;
        }
        String v = IdentifierNormalizer.normalize(raw);
        if (v.length() != 15 || !v.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return RegistrationNumber.checkDigit(v.substring(0, 14)) != v.charAt(14);
    }

    /** An 18-character citizen ID whose check character is wrong. */
    static boolean citizenIdWithBadCheck(String raw) {
        if (missing(raw)) {
            return false;
        }
        String v = IdentifierNormalizer.normalize(raw);
        if (v.length() != 18) {
            return false;
        }
        try {
            return CitizenId.checkCharacter(v.substring(0, 17)) != v.charAt(17);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** An old 15-digit citizen ID. */
    static boolean fifteenDigitId(String raw) {
        if (missing(raw)) {
            return false;
        }
        String v = IdentifierNormalizer.normalize(raw);
        return v.length() == 15 && v.chars().allMatch(Character::isDigit);
    }
}
