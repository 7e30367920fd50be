package cn.tongban.hub.demo.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A row of the legacy social-insurance person table AC01 (DOMAIN.md 2.2); values as in
 * {@link Ab01Row} (text, {@code null} = SQL NULL).
 *
 * @param AAC001 person number, the local key
 * @param AAC002 social security number = citizen ID (18 or 15 characters, sometimes dirty)
 * @param AAC003 name
 * @param AAC004 sex, GB/T 2261.1
 * @param AAC006 birth date, {@code YYYYMMDD}
 * @param AAC008 person insurance status: 1 active, 2 suspended, 3 terminated (demo coding)
 */
public record Ac01Row(
        String AAC001,
        String AAC002,
        String AAC003,
        String AAC004,
        String AAC006,
        String AAC008) {

    public static final List<String> COLUMNS = List.of("AAC001", "AAC002", "AAC003", "AAC004", "AAC006", "AAC008");

    public List<String> values() {
        return Collections.unmodifiableList(Arrays.asList(AAC001, AAC002, AAC003, AAC004, AAC006, AAC008));
    }
}
