package cn.tongban.hub.mapping;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.tongban.hub.identifiers.IdentifierNormalizer;

/**
 * Turns the raw values silos send into clean ones: the blanks that mean "nothing"
 * ({@code ""}, {@code null}, {@code 无}), full-width characters, padded strings, and the
 * date and number variants listed in DOMAIN.md 2.4.
 */
public final class Values {

    /** Dates without a zone (epoch milliseconds) are read in China Standard Time. */
    public static final ZoneId SOURCE_ZONE = ZoneId.of("Asia/Shanghai");

    private static final Set<String> BLANKS = Set.of("", "NULL", "无", "-", "--", "/", "暂无", "N/A");
    private static final Pattern COMPACT_DATE = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern SEPARATED_DATE = Pattern.compile("(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?:[ T].*)?");
    private static final Pattern CHINESE_DATE = Pattern.compile("(\\d{4})年(\\d{1,2})月(\\d{1,2})日");
    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d{11,13}");

    private Values() {
    }

    /** Cleaned text, or null when the silo meant "no value". */
    public static String text(Object raw) {
        if (raw == null) {
            return null;
        }
        String s = collapseSpaces(textHalfWidth(raw.toString()).strip());
        // Every blank marker is at most 4 characters: skip the upper-casing for real values.
        return s.length() <= 4 && BLANKS.contains(s.toUpperCase(java.util.Locale.ROOT)) ? null : s;
    }

    /** Runs of whitespace as one space; the string itself when there is nothing to collapse (the usual case). */
    private static String collapseSpaces(String s) {
        int n = s.length();
        int i = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) && (c != ' ' || (i + 1 < n && Character.isWhitespace(s.charAt(i + 1))))) {
                break;
            }
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n).append(s, 0, i);
        boolean space = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
            } else {
                if (space) {
                    b.append(' ');
                    space = false;
                }
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Free text: full-width digits, Latin letters, round brackets and the ideographic space
     * as ordinary ones (芜湖Ａ８科技 -> 芜湖A8科技); Chinese punctuation (，；：。、) stays, as
     * it is part of the text.
     */
    public static String textHalfWidth(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char r = c;
            if ((c >= '\uFF10' && c <= '\uFF19') || (c >= '\uFF21' && c <= '\uFF3A') || (c >= '\uFF41' && c <= '\uFF5A')
                    || c == '\uFF08' || c == '\uFF09') {
                r = (char) (c - 0xFEE0);
            } else if (c == '\u3000') {
                r = ' ';
            } else if (c == '\u200B' || c == '\uFEFF') {
                r = 0;
            }
            if (r != c && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null && r != 0) {
                b.append(r);
            }
        }
        return b == null ? s : b.toString();
    }

    /** Full-width ASCII forms (Ａ, ９, the ideographic space) as their ordinary forms, invisible characters dropped. */
    public static String halfWidth(String s) {
        return IdentifierNormalizer.halfWidth(s);
    }

    /** An identifier value: normalised as the identifier rules require, or null when blank. */
    public static String identifier(Object raw) {
        String s = text(raw);
        return s == null ? null : IdentifierNormalizer.normalize(s);
    }

    /**
     * A date in any of the formats silos use: {@code 20240131}, {@code 2024-01-31},
     * {@code 2024年1月31日}, epoch milliseconds (number or digits).
     */
    public static LocalDate date(Object raw) {
        if (raw instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue()).atZone(SOURCE_ZONE).toLocalDate();
        }
        String s = text(raw);
        if (s == null) {
            return null;
        }
        s = s.replace(" ", "");
        try {
            // Fast paths without regular expressions for the two commonest shapes.
            if (s.length() == 8 && allDigits(s, 0, 8)) {
                return LocalDate.of(num(s, 0, 4), num(s, 4, 6), num(s, 6, 8));
            }
            if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-' && allDigits(s, 0, 4) && allDigits(s, 5, 7)
                    && allDigits(s, 8, 10)) {
                return LocalDate.of(num(s, 0, 4), num(s, 5, 7), num(s, 8, 10));
            }
            Matcher m;
            if ((m = COMPACT_DATE.matcher(s)).matches()
                    || (m = SEPARATED_DATE.matcher(s)).matches()
                    || (m = CHINESE_DATE.matcher(s)).matches()) {
                return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            }
            if (EPOCH_MILLIS.matcher(s).matches()) {
                return Instant.ofEpochMilli(Long.parseLong(s)).atZone(SOURCE_ZONE).toLocalDate();
            }
        } catch (DateTimeException e) {
            throw new MappingException(MappingError.DATE_INVALID, "not a calendar date");
        }
        throw new MappingException(MappingError.DATE_FORMAT, "unrecognised date format");
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int num(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return n;
    }

    /** A decimal number; thousands separators and a trailing unit word are tolerated. */
    public static BigDecimal decimal(Object raw) {
        if (raw instanceof BigDecimal d) {
            return d;
        }
        if (raw instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        String s = text(raw);
        if (s == null) {
            return null;
        }
        s = s.replace(",", "").replace(" ", "").replaceAll("(万元|万|元|人民币)$", "");
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new MappingException(MappingError.NUMBER_FORMAT, "not a number");
        }
    }
}
