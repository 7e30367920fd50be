package cn.tongban.hub.demo.data;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A person as the hub's canonical answer should describe it: identity and household from
 * public security, insurance facts from social insurance, all clean.
 *
 * @param citizenId       18-character citizen ID, correct check, sequence parity = sex
 * @param name            name (surname + given name)
 * @param sex             GB/T 2261.1: 1 male, 2 female
 * @param ethnicGroup     GB 3304 two-digit code, mostly 01 (汉)
 * @param birthDate       birth date (equals the date inside the ID)
 * @param householdAddress household address (户籍地址)
 * @param householdRegion GB/T 2260 code of the household address
 * @param householdNumber household number (户号); members of one household share it
 * @param relationToHead  GB/T 4761: 02 户主, 10 配偶, 20 子, 30 女
 * @param maritalStatus   GB/T 2261.2: 10 未婚, 20 已婚, 30 丧偶, 40 离婚, 90 unstated
 * @param personStatus    RYZT, demo coding (unconfirmed, see docs/demo-data.md): 0 active,
 *                        1 deceased, 2 moved out
 * @param deathDate       date of death, null when alive
 * @param phone           11-digit mobile number
 * @param employerUscc    USCC of the current employer, null when none
 * @param insurances      social insurance facts, empty when the person is not insured
 */
public record TruthPerson(
        String citizenId,
        String name,
        String sex,
        String ethnicGroup,
        LocalDate birthDate,
        String householdAddress,
        String householdRegion,
        String householdNumber,
        String relationToHead,
        String maritalStatus,
        String personStatus,
        LocalDate deathDate,
        String phone,
        String employerUscc,
        List<TruthInsurance> insurances) {

    public static final String ACTIVE = "0";
    public static final String DECEASED = "1";
    public static final String MOVED_OUT = "2";

    public TruthPerson {
        Objects.requireNonNull(citizenId, "citizenId");
        insurances = List.copyOf(insurances);
    }

    public boolean deceased() {
        return DECEASED.equals(personStatus);
    }

    /** Has at least one insurance record, i.e. appears in AC01. */
    public boolean insured() {
        return !insurances.isEmpty();
    }
}
