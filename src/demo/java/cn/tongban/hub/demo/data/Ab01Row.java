package cn.tongban.hub.demo.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A row of the legacy social-insurance unit table AB01 (DOMAIN.md 2.2). Values are the
 * VARCHAR2 contents of a legacy Oracle database: text, dates as {@code YYYYMMDD}, some
 * padded with spaces; {@code null} is SQL NULL (Oracle stores the empty string as NULL, so
 * there are no empty strings here).
 *
 * <p>Columns beyond the national indicator set: {@code AAB998} holds the USCC (added late,
 * empty on many old rows; the name is this demo's choice, real systems vary) and
 * {@code ZCZB} (注册资本) holds the registered capital in 元, a local extension column named
 * by pinyin initials as legacy systems often do.
 *
 * @param AAB001 unit number, the local key
 * @param AAB002 social insurance registration number
 * @param AAB003 organisation code, 9 characters or {@code XXXXXXXX-X}
 * @param AAB004 unit name
 * @param AAB007 business licence (registration) number
 * @param AAB013 legal representative name
 * @param AAB014 legal representative citizen ID (18 or 15 characters)
 * @param AAB019 unit type, as Chinese text (the enterprise type label)
 * @param AAB034 social insurance agency code
 * @param ZCZB   registered capital in 元
 * @param AAB998 USCC, null on many pre-reform rows
 */
public record Ab01Row(
        String AAB001,
        String AAB002,
        String AAB003,
        String AAB004,
        String AAB007,
        String AAB013,
        String AAB014,
        String AAB019,
        String AAB034,
        String ZCZB,
        String AAB998) {

    /** Column names in table order. */
    public static final List<String> COLUMNS = List.of(
            "AAB001", "AAB002", "AAB003", "AAB004", "AAB007", "AAB013", "AAB014", "AAB019", "AAB034", "ZCZB", "AAB998");

    /** The values in {@link #COLUMNS} order; may contain nulls. */
    public List<String> values() {
        return Collections.unmodifiableList(Arrays.asList(
                AAB001, AAB002, AAB003, AAB004, AAB007, AAB013, AAB014, AAB019, AAB034, ZCZB, AAB998));
    }
}
