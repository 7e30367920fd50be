package cn.tongban.hub.demo.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A row of the legacy social-insurance table AC02 (person insurance, DOMAIN.md 2.2); values
 * as in {@link Ab01Row}.
 *
 * <p>Months paid and arrears really come from payment detail tables; this demo keeps them on
 * AC02 in two local extension columns named by pinyin initials: {@code LJJFYS} (累计缴费月数)
 * and {@code QFJE} (欠费金额, in 元, {@code 0} when none).
 *
 * @param AAC001 person number (AC01)
 * @param AAB001 unit number (AB01)
 * @param AAE140 insurance type
 * @param AAC031 contribution status: 1 paying, 2 suspended, 3 terminated
 * @param AAC049 first insured date, {@code YYYYMMDD}
 * @param AAC030 insured date (at this unit), {@code YYYYMMDD}
 * @param LJJFYS cumulative months paid
 * @param QFJE   amount in arrears in 元
 */
public record Ac02Row(
        String AAC001,
        String AAB001,
        String AAE140,
        String AAC031,
        String AAC049,
        String AAC030,
        String LJJFYS,
        String QFJE) {

    public static final List<String> COLUMNS = List.of(
            "AAC001", "AAB001", "AAE140", "AAC031", "AAC049", "AAC030", "LJJFYS", "QFJE");

    public List<String> values() {
        return Collections.unmodifiableList(Arrays.asList(AAC001, AAB001, AAE140, AAC031, AAC049, AAC030, LJJFYS, QFJE));
    }
}
