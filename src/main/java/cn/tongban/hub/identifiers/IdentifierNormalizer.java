package cn.tongban.hub.identifiers;

/**
 * Brings identifier input as typed or exported by real systems into canonical form before
 * validation (DOMAIN.md 1.6).
 *
 * <p>Full-width forms (U+FF01..U+FF5E, ideographic space U+3000) become ASCII, invisible
 * characters (zero-width space and joiners, word joiner, BOM, soft hyphen, other Unicode
 * format and control characters) are removed, every kind of space and dash is removed, and
 * letters are upper-cased. The result is only canonical in form: it says nothing about
 * validity. Normalising twice gives the same result as normalising once.
 */
public final class IdentifierNormalizer {

    private static final int FULL_WIDTH_FIRST = 0xFF01;
    private static final int FULL_WIDTH_LAST = 0xFF5E;
    private static final int FULL_WIDTH_OFFSET = 0xFEE0;
    private static final int IDEOGRAPHIC_SPACE = 0x3000;
    private static final int MINUS_SIGN = 0x2212;

    private IdentifierNormalizer() {
    }

    /** Canonical form of {@code raw}; {@code null} gives the empty string. */
    public static String normalize(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(raw.length());
        raw.codePoints().forEach(cp -> {
            int c = toHalfWidth(cp);
            if (!isDropped(c)) {
                // Character.toUpperCase(int) is locale-independent, unlike String.toUpperCase()
                // on a Turkish default locale, where "i" would become a dotted capital.
                out.appendCodePoint(Character.toUpperCase(c));
            }
        });
        return out.toString();
    }

    /**
     * Full-width forms as ASCII and the ideographic and no-break spaces as a plain space,
     * with invisible format characters removed; case, spaces and hyphens are kept. The
     * first step of {@link #normalize}, shared with the cleaning of free text.
     */
    public static String halfWidth(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        raw.codePoints().forEach(cp -> {
            int c = toHalfWidth(cp);
            if (Character.getType(c) != Character.FORMAT) {
                out.appendCodePoint(c == '\u00A0' ? ' ' : c);
            }
        });
        return out.toString();
    }

    private static int toHalfWidth(int cp) {
        if (cp >= FULL_WIDTH_FIRST && cp <= FULL_WIDTH_LAST) {
            return cp - FULL_WIDTH_OFFSET;
        }
        return cp == IDEOGRAPHIC_SPACE ? ' ' : cp;
    }

    private static boolean isDropped(int c) {
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            // isSpaceChar covers NBSP and the other no-break spaces that isWhitespace excludes.
            return true;
        }
        switch (Character.getType(c)) {
            case Character.CONTROL:
            case Character.FORMAT: // U+200B..U+200D, U+2060, U+FEFF, U+00AD, bidi marks
            case Character.DASH_PUNCTUATION: // '-', U+2010..U+2015, small and full-width hyphens
                return true;
            default:
                return c == MINUS_SIGN;
        }
    }
}
