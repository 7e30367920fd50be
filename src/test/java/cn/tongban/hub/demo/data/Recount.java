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
        return badCheck(raw, 18, v -> true, Uscc::checkCharacter);
    }

    /** A well-shaped organisation code (hyphen or not) whose check character is wrong. */
    static boolean orgCodeWithBadCheck(String raw) {
        return badCheck(raw, 9, v -> true, OrganizationCode::checkCharacter);
    }

    /** A 15-digit registration number whose GS15 check digit is wrong. */
    static boolean regNoWithBadCheck(String raw) {
        return badCheck(raw, 15, v -> v.chars().allMatch(Character::isDigit), RegistrationNumber::checkDigit);
    }

    /** Normalised value of the given length and shape whose last character is not the computed check. */
    private static boolean badCheck(String raw, int length, java.util.function.Predicate<String> shape,
                                    java.util.function.Function<String, Character> check) {
        if (missing(raw)) {
            return false;
        }
        String v = IdentifierNormalizer.normalize(raw);
        if (v.length() != length || !shape.test(v)) {
            return false;
        }
        try {
            return check.apply(v.substring(0, length - 1)) != v.charAt(length - 1);
        } catch (RuntimeException e) {
            // a character outside the alphabet: not a well-shaped code
            return false;
        }
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
