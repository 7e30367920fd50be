package cn.tongban.hub.demo.data;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One social insurance fact of a person, as the canonical answer should give it.
 *
 * @param type               AAE140 insurance type: 110 pension, 210 unemployment, 310 medical,
 *                           410 work injury, 510 maternity
 * @param unitUscc           USCC of the unit the insurance is (or was last) held through
 * @param contributionStatus AAC031: 1 paying, 2 suspended, 3 terminated (labels unconfirmed)
 * @param firstInsuredDate   AAC049, first insured date
 * @param insuredDate        AAC030, date insured through the current unit
 * @param monthsPaid         cumulative months paid
 * @param arrears            amount in arrears in 元, scale 2, zero when none
 */
public record TruthInsurance(
        String type,
        String unitUscc,
        String contributionStatus,
        LocalDate firstInsuredDate,
        LocalDate insuredDate,
        int monthsPaid,
        BigDecimal arrears) {

    public static final String PENSION = "110";
    public static final String UNEMPLOYMENT = "210";
    public static final String MEDICAL = "310";
    public static final String WORK_INJURY = "410";
    public static final String MATERNITY = "510";

    public static final String PAYING = "1";
    public static final String SUSPENDED = "2";
    public static final String TERMINATED = "3";
}
