package cn.tongban.hub.identifiers;

import static cn.tongban.hub.identifiers.IdentifierAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.hutool.core.util.CreditCodeUtil;
import cn.hutool.core.util.IdcardUtil;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Compares the identifiers package with hutool-core as an independent implementation of
 * GB 32100 (USCC) and GB 11643 (citizen ID). Where hutool departs from the standards as the
 * hub applies them (DOMAIN.md section 1), the standard wins: the comparison is restricted to
 * the inputs where hutool applies the standard, and each departure is pinned by a named test
 * with a concrete example, so that a change in hutool's behaviour shows up here.
 */
class HutoolOracleTest {

    private static final String USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final String LETTERS_NOT_IN_USCC_ALPHABET = "IOZSV";
    /*
     * Copied from hutool 5.8.40's private IdcardUtil.CITY_CODES: the only province codes
     * hutool accepts (read by hutoolProvince). DOMAIN.md 1.5 says not to reject an ID for its
     * region code, so outside this set hutool is not a usable oracle.
     */
    private static final Set<String> HUTOOL_PROVINCES = Set.of(
            "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
            "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
            "65", "71", "81", "82", "83", "91");
    /* hutool's Validator.isBirthday rejects every year before this one. */
    private static final int HUTOOL_FIRST_YEAR = 1900;
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1850, 1, 1);

    // ------------------------------------------------------------------------------------
    // USCC: hutool's CreditCodeUtil implements exactly the GB 32100 shape and check, so on
    // canonical input the two must agree everywhere.

    @Property(tries = 2000)
    void validUsccsBuiltWithOurCheckCharacterAreValidForHutool(@ForAll("usccBodies") String first17) {
        String code = first17 + Uscc.checkCharacter(first17);
        assertTrue(Uscc.isValid(code));
        assertTrue(CreditCodeUtil.isCreditCode(code), "hutool rejects a code we built");
    }

    @Property(tries = 2000)
    void hutoolRandomCreditCodesAreValidUsccs(@ForAll("hutoolRandomCreditCodes") String code) {
        assertTrue(CreditCodeUtil.isCreditCode(code));
        Uscc uscc = Uscc.parse(code);
        assertTrue(uscc.checkDigitValid());
        // hutool's generator ignores the GB 11714 check in positions 9-17, so the embedded
        // organisation code is only present when it happens to be valid.
        assertEquals(OrganizationCode.isValid(code.substring(8, 17)), uscc.organizationCode().isPresent());
    }

    @Property(tries = 2000)
    void usccVerdictAgreesWithHutoolOnValidAndCorruptedCodes(@ForAll("usccCandidates") String code) {
        assertEquals(CreditCodeUtil.isCreditCode(code), Uscc.isValid(code));
    }

    @Property(tries = 2000)
    void singleCharacterChangeInUsccIsAlwaysDetected(
            @ForAll("validUsccs") String code, @ForAll("positions18") int index, @ForAll("usccAlphabetChars") char c) {
        String changed = replace(code, index, c);
        if (!changed.equals(code)) {
            // The weights 3^k mod 31 are all non-zero modulo the prime 31.
            assertFalse(Uscc.isValid(changed));
            assertFalse(CreditCodeUtil.isCreditCode(changed));
        }
    }

    @Property(tries = 1000)
    void letterOutsideUsccAlphabetIsACharsetError(
            @ForAll("validUsccs") String code, @ForAll("positions18") int index, @ForAll("lettersNotInUsccAlphabet") char c) {
        String changed = replace(code, index, c);
        assertRejected(IdentifierError.USCC_CHARSET, () -> Uscc.parseLenient(changed));
        assertFalse(CreditCodeUtil.isCreditCode(changed));
    }

    @Property(tries = 1000)
    void noisyFormsOfValidUsccsAreValidAfterNormalisation(@ForAll("validUsccs") String code, @ForAll("noise") int seed) {
        String noisy = addNoise(code, seed);
        assertTrue(Uscc.isValid(noisy));
        assertEquals(code, Uscc.parse(noisy).value());
        assertTrue(CreditCodeUtil.isCreditCode(IdentifierNormalizer.normalize(noisy)));
    }

    @Test
    void hutoolDoesNotNormaliseUsccInput() {
        // Not a disagreement on the standard: hutool expects canonical input, the hub
        // normalises first (DOMAIN.md 1.6).
        assertFalse(CreditCodeUtil.isCreditCode("91340000711771143j"));
        assertFalse(CreditCodeUtil.isCreditCode("９１３４００００７１１７７１１４３Ｊ"));
        assertTrue(Uscc.isValid("91340000711771143j"));
        assertTrue(Uscc.isValid("９１３４００００７１１７７１１４３Ｊ"));
    }

    @Test
    void hutoolValidatesUsccWithoutTheGb11714RuleForPositions9To17() {
        // 71177114-4 is not a valid organisation code (its check is 3), yet the code passes
        // the GB 32100 check: both hutool and Uscc.isValid accept it, and only
        // organizationCode() applies GB 11714 to positions 9-17.
        String first17 = "91340000711771144";
        String code = first17 + Uscc.checkCharacter(first17);
        assertTrue(CreditCodeUtil.isCreditCode(code));
        assertTrue(Uscc.isValid(code));
        assertTrue(Uscc.parse(code).organizationCode().isEmpty());
        assertTrue(Uscc.parse("91340000711771143J").organizationCode().isPresent());
    }

    @Test
    void hutoolRandomCreditCodeNeverUsesLetterYOutsideRegionAndCheck() {
        // hutool draws from BASE_CODE_ARRAY.length - 1 characters, so 'Y' (index 30) never
        // appears in positions 1-2 or 9-17. That is why the properties above also build
        // codes with our own checkCharacter over the full alphabet.
        for (int i = 0; i < 3000; i++) {
            String code = CreditCodeUtil.randomCreditCode();
            assertEquals(-1, code.substring(0, 2).indexOf('Y'));
            assertEquals(-1, code.substring(8, 17).indexOf('Y'));
        }
    }

    // ------------------------------------------------------------------------------------
    // Citizen ID: hutool's IdcardUtil applies GB 11643's check, but adds a province list,
    // a different birth-date window, 10-character Hong Kong/Macau/Taiwan numbers, and a
    // different 15-to-18 upgrade for year 00.

    @Property(tries = 2000)
    void validIdsAgreeWithHutoolWhereHutoolAppliesTheStandard(@ForAll("validIds") String id) {
        assertTrue(isValidId(id));
        boolean hutoolAppliesStandard = HUTOOL_PROVINCES.contains(hutoolProvince(id))
                && Integer.parseInt(id.substring(6, 10)) >= HUTOOL_FIRST_YEAR;
        assertEquals(hutoolAppliesStandard, IdcardUtil.isValidCard(id));
    }

    @Property(tries = 2000)
    void idVerdictAgreesWithHutoolOnCorruptedIds(@ForAll("idCandidates") String id) {
        boolean ours = isValidId(id);
        boolean hutool = IdcardUtil.isValidCard(id);
        if (!Chars.allDigits(id, 0, 17)) {
            assertFalse(ours);
            assertFalse(hutool);
        } else if (HUTOOL_PROVINCES.contains(hutoolProvince(id))
                && Integer.parseInt(id.substring(6, 10)) >= HUTOOL_FIRST_YEAR) {
            // hutool accepts birth dates later in the current year; the standard does not.
            assertEquals(hutool && !isFutureBirthDate(id), ours);
        } else {
            assertFalse(hutool, "hutool rejects provinces off its list and years before 1900");
        }
    }

    @Property(tries = 2000)
    void singleDigitChangeInIdIsAlwaysDetected(
            @ForAll("validIds") String id, @ForAll("positions18") int index, @ForAll("idChars") char c) {
        String changed = replace(id, index, c);
        if (!changed.equals(id)) {
            // MOD 11-2: every weight is non-zero modulo the prime 11 (and X is not a digit).
            assertFalse(isValidId(changed));
            assertFalse(IdcardUtil.isValidCard(changed));
        }
    }

    @Property(tries = 2000)
    void upgradeOf15DigitIdAgreesWithHutoolOutsideYear00(@ForAll("valid15DigitIdsInHutoolProvinces") String id15) {
        assertEquals(IdcardUtil.convert15To18(id15), CitizenId.upgrade(id15));
        assertTrue(IdcardUtil.isValidCard(id15));
        assertTrue(CitizenId.parse(id15).upgradedFrom15());
    }

    @Property(tries = 1000)
    void noisyFormsOfValidIdsAreValidAfterNormalisation(@ForAll("validIds") String id, @ForAll("noise") int seed) {
        String noisy = addNoise(id, seed);
        assertEquals(id, CitizenId.parse(noisy).value());
    }

    @Test
    void hutoolRejectsRegionPrefixOutsideItsProvinceList() {
        String id = "990105194912310023";
        assertEquals('3', CitizenId.checkCharacter(id.substring(0, 17)));
        assertFalse(IdcardUtil.isValidCard(id));
        assertTrue(isValidId(id), "DOMAIN.md 1.5: do not reject an ID for its region code");
    }

    @Test
    void hutoolReadsProvinceFromPositions2To3WhenIdStartsWith9() {
        // hutool 5.8.40 treats a leading 9 as the 2023 foreigner's permanent residence card
        // (9 + province + ...). GB 11643 has no such rule and DOMAIN.md 1.5 says not to
        // judge the region at all, so both IDs below are valid for the hub.
        String readAs11 = idWithCheck("911010" + "19491231" + "002");
        String readAs10 = idWithCheck("910105" + "19491231" + "002");
        assertTrue(IdcardUtil.isValidCard(readAs11));
        assertFalse(IdcardUtil.isValidCard(readAs10));
        assertTrue(isValidId(readAs11));
        assertTrue(isValidId(readAs10));
    }

    @Test
    void hutoolRejectsBirthYearsBefore1900() {
        String id = "110105189912310023";
        assertEquals('3', CitizenId.checkCharacter(id.substring(0, 17)));
        assertFalse(IdcardUtil.isValidCard(id));
        assertEquals(LocalDate.of(1899, 12, 31), CitizenId.parse(id).birthDate());
    }

    @Test
    void hutoolAcceptsBirthDatesLaterInTheCurrentYear() {
        LocalDate today = LocalDate.now(CHINA);
        LocalDate future = today.plusDays(2);
        String first17 = "110105" + future.format(DateTimeFormatter.BASIC_ISO_DATE) + "002";
        String id = first17 + CitizenId.checkCharacter(first17);
        // hutool only compares the year with the current year; in the last two days of a
        // year the future date falls in the next year and hutool rejects it too.
        assertEquals(future.getYear() == today.getYear(), IdcardUtil.isValidCard(id));
        assertRejected(IdentifierError.ID_BIRTH_DATE, () -> CitizenId.parse(id));
    }

    @Test
    void hutoolUpgrades15DigitYear00To2000InsteadOf1900() {
        assertEquals("110105200001010016", IdcardUtil.convert15To18("110105000101001"));
        assertEquals("11010519000101001X", CitizenId.upgrade("110105000101001"));
    }

    @Test
    void hutoolIsInconsistentOn15DigitIdBornFebruary29OfYear00() {
        // hutool validates the 15-digit form as 1900-02-29 (no such day) but upgrades it to
        // 2000-02-29; the standard's upgrade gives 1900, so the ID is rejected.
        assertFalse(IdcardUtil.isValidCard("110105000229001"));
        assertTrue(IdcardUtil.isValidCard(IdcardUtil.convert15To18("110105000229001")));
        assertEquals("110105190002290017", CitizenId.upgrade("110105000229001"));
        assertRejected(IdentifierError.ID_BIRTH_DATE, () -> CitizenId.parse("110105000229001"));
    }

    @Test
    void hutoolAcceptsTenCharacterHongKongMacauTaiwanNumbers() {
        // Not GB 11643 citizen IDs; the hub keys persons by the 18-character number only.
        assertTrue(IdcardUtil.isValidCard("A123456789"));
        assertRejected(IdentifierError.ID_LENGTH, () -> CitizenId.parse("A123456789"));
    }

    @Test
    void hutoolAcceptsLowerCaseXButNoOtherNoise() {
        assertTrue(IdcardUtil.isValidCard("11010519491231002x"));
        assertFalse(IdcardUtil.isValidCard("１１０１０５１９４９１２３１００２Ｘ"));
        assertTrue(isValidId("１１０１０５１９４９１２３１００２Ｘ"));
    }

    @Test
    void hutoolConvertThrowsOnImpossibleDateWhereUpgradeIsMechanical() {
        // Upgrading is pure string work per GB 11643; the date is judged by parse().
        assertThrows(RuntimeException.class, () -> IdcardUtil.convert15To18("340524800230001"));
        assertEquals("340524198002300019", CitizenId.upgrade("340524800230001"));
        assertRejected(IdentifierError.ID_BIRTH_DATE, () -> CitizenId.parse("340524800230001"));
        assertNull(IdcardUtil.convert15To18("11010519491231002X"));
    }

    // ------------------------------------------------------------------------------------
    // Generators

    @Provide
    Arbitrary<String> usccBodies() {
        Arbitrary<String> head = Arbitraries.strings().withChars(USCC_ALPHABET.toCharArray()).ofLength(2);
        Arbitrary<String> region = Arbitraries.strings().withCharRange('0', '9').ofLength(6);
        Arbitrary<String> org = Arbitraries.strings().withChars(USCC_ALPHABET.toCharArray()).ofLength(9);
        return Combinators.combine(head, region, org).as((h, r, o) -> h + r + o);
    }

    @Provide
    Arbitrary<String> hutoolRandomCreditCodes() {
        // hutool uses its own random source, so these cases are not reproducible from the
        // jqwik seed; the codes built from usccBodies() are.
        return Arbitraries.create(CreditCodeUtil::randomCreditCode);
    }

    @Provide
    Arbitrary<String> validUsccs() {
        return Arbitraries.oneOf(usccBodies().map(b -> b + Uscc.checkCharacter(b)), hutoolRandomCreditCodes());
    }

    @Provide
    Arbitrary<String> usccCandidates() {
        return validUsccs().flatMap(code -> Arbitraries.oneOf(
                Arbitraries.just(code),
                substitutions(code, USCC_ALPHABET),
                transpositions(code),
                substitutions(code, LETTERS_NOT_IN_USCC_ALPHABET),
                substitutions(code, "ABCDEFGHJKLMNPQRTUWXY").filter(c -> !Chars.allDigits(c, 2, 8))));
    }

    @Provide
    Arbitrary<Integer> positions18() {
        return Arbitraries.integers().between(0, 17);
    }

    @Provide
    Arbitrary<Character> usccAlphabetChars() {
        return Arbitraries.chars().with(USCC_ALPHABET.toCharArray());
    }

    @Provide
    Arbitrary<Character> lettersNotInUsccAlphabet() {
        return Arbitraries.chars().with(LETTERS_NOT_IN_USCC_ALPHABET.toCharArray());
    }

    @Provide
    Arbitrary<Character> idChars() {
        return Arbitraries.chars().with("0123456789X".toCharArray());
    }

    @Provide
    Arbitrary<Integer> noise() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE);
    }

    @Provide
    Arbitrary<String> validIds() {
        Arbitrary<String> province = Arbitraries.oneOf(
                Arbitraries.of(HUTOOL_PROVINCES),
                Arbitraries.strings().withCharRange('0', '9').ofLength(2));
        Arbitrary<String> rest = Arbitraries.strings().withCharRange('0', '9').ofLength(4);
        Arbitrary<LocalDate> birth = birthDates(EARLIEST_BIRTH, LocalDate.now(CHINA).minusDays(2));
        Arbitrary<String> sequence = Arbitraries.strings().withCharRange('0', '9').ofLength(3);
        return Combinators.combine(province, rest, birth, sequence)
                .as((p, r, b, s) -> p + r + b.format(DateTimeFormatter.BASIC_ISO_DATE) + s)
                .map(first17 -> first17 + CitizenId.checkCharacter(first17));
    }

    @Provide
    Arbitrary<String> idCandidates() {
        return validIds().flatMap(id -> Arbitraries.oneOf(
                Arbitraries.just(id),
                substitutions(id, "0123456789"),
                Arbitraries.chars().with("0123456789X".toCharArray()).map(c -> id.substring(0, 17) + c),
                transpositions(id),
                substitutions(id, "ABCDEFGHJKLMNPQRTUWXYZ")));
    }

    @Provide
    Arbitrary<String> valid15DigitIdsInHutoolProvinces() {
        Arbitrary<String> province = Arbitraries.of(HUTOOL_PROVINCES);
        Arbitrary<String> rest = Arbitraries.strings().withCharRange('0', '9').ofLength(4);
        // Year 00 is excluded: hutool upgrades it to 2000 (pinned above).
        Arbitrary<LocalDate> birth = birthDates(LocalDate.of(1901, 1, 1), LocalDate.of(1999, 12, 31));
        Arbitrary<String> sequence = Arbitraries.strings().withCharRange('0', '9').ofLength(3);
        return Combinators.combine(province, rest, birth, sequence)
                .as((p, r, b, s) -> p + r + b.format(DateTimeFormatter.ofPattern("yyMMdd")) + s);
    }

    private static Arbitrary<LocalDate> birthDates(LocalDate from, LocalDate to) {
        return Arbitraries.longs().between(from.toEpochDay(), to.toEpochDay()).map(LocalDate::ofEpochDay);
    }

    private static Arbitrary<String> substitutions(String code, String chars) {
        return Combinators.combine(
                        Arbitraries.integers().between(0, code.length() - 1),
                        Arbitraries.chars().with(chars.toCharArray()))
                .as((i, c) -> replace(code, i, c));
    }

    private static Arbitrary<String> transpositions(String code) {
        return Arbitraries.integers().between(0, code.length() - 2).map(i -> {
            char[] cs = code.toCharArray();
            char t = cs[i];
            cs[i] = cs[i + 1];
            cs[i + 1] = t;
            return new String(cs);
        });
    }

    private static String replace(String s, int index, char c) {
        return s.substring(0, index) + c + s.substring(index + 1);
    }

    /** Real-world noise: lower case, full-width forms, spaces, hyphens, zero-width characters. */
    private static String addNoise(String code, int seed) {
        java.util.Random random = new java.util.Random(seed);
        String[] separators = {"", " ", "-", "\u200B", "\u3000", "\u00A0", "\uFEFF", "\u2060"};
        StringBuilder out = new StringBuilder(" ");
        for (char c : code.toCharArray()) {
            char ch = random.nextBoolean() ? Character.toLowerCase(c) : c;
            if (random.nextInt(4) == 0) {
                ch = (char) (ch + 0xFEE0); // full-width form
            }
            out.append(ch).append(separators[random.nextInt(separators.length)]);
        }
        return out.append('\t').toString();
    }

    /** The two digits hutool 5.8.40 looks up in its province list for an 18-character ID. */
    private static String hutoolProvince(String id) {
        return id.charAt(0) == '9' ? id.substring(1, 3) : id.substring(0, 2);
    }

    private static String idWithCheck(String first17) {
        return first17 + CitizenId.checkCharacter(first17);
    }

    private static boolean isValidId(String raw) {
        try {
            CitizenId.parse(raw);
            return true;
        } catch (InvalidIdentifierException e) {
            return false;
        }
    }

    private static boolean isFutureBirthDate(String id) {
        try {
            return LocalDate.parse(id.substring(6, 14), DateTimeFormatter.BASIC_ISO_DATE).isAfter(LocalDate.now(CHINA));
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }
}
