package cn.tongban.hub.mapping;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Named text steps a mapping rule may apply, in order, to the raw text before it is typed.
 * Blank markers ({@code ""}, {@code null}, {@code 无}), full-width forms and padding are
 * always handled; these are the extra steps.
 */
public enum Normalisation {
    /** Full-width digits, letters and brackets as ordinary ones (芜湖Ａ８ -> 芜湖A8). */
    HALF_WIDTH("half-width", Values::halfWidth),
    /** Upper case (ASCII). */
    UPPER("upper", s -> s.toUpperCase(java.util.Locale.ROOT)),
    /** Hyphens and spaces removed (12345678-9 -> 123456789). */
    STRIP_HYPHEN("strip-hyphen", s -> s.replace("-", "").replace(" ", "")),
    /** The organisation code inside an 18-character USCC (positions 9-17); other values pass. */
    USCC_ORGANIZATION_CODE("uscc-organization-code", s -> {
        String v = cn.tongban.hub.identifiers.IdentifierNormalizer.normalize(s);
        return v.length() == 18 ? v.substring(8, 17) : s;
    }),
    /** Spaces removed everywhere (names of persons are written 张 三 by some clerks). */
    REMOVE_SPACES("remove-spaces", s -> s.replace(" ", ""));

    private final String id;
    private final UnaryOperator<String> step;

    Normalisation(String id, UnaryOperator<String> step) {
        this.id = id;
        this.step = step;
    }

    public String id() {
        return id;
    }

    String apply(String s) {
        return s == null ? null : step.apply(s);
    }

    static Optional<Normalisation> byId(String id) {
        return Arrays.stream(values()).filter(n -> n.id.equals(id)).findFirst();
    }
}
