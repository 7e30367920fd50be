package cn.tongban.hub.identifiers;

import static cn.tongban.hub.identifiers.IdentifierAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class UsccTest {

    private static final String IFLYTEK = "91340000711771143J";

    @Test
    void computesCheckCharacter3ForStandardExample() {
        assertEquals('3', Uscc.checkCharacter("91350100M000100Y4"));
    }

    @Test
    void acceptsStandardExampleWithCorrectCheckCharacter() {
        Uscc uscc = Uscc.parse("91350100M000100Y43");
        assertEquals("91350100M000100Y43", uscc.value());
        assertTrue(uscc.checkDigitValid());
        assertTrue(Uscc.isValid("91350100M000100Y43"));
    }

    @Test
    void rejectsStandardExampleEndingInZEvenLeniently() {
        // DOMAIN.md's invalid example: Z is not in the 31-character alphabet at all, so this
        // is an alphabet error, which even the lenient parse for silo records rejects.
        assertFalse(Uscc.isValid("91350100M000100Y4Z"));
        assertRejected(IdentifierError.USCC_CHARSET, () -> Uscc.parse("91350100M000100Y4Z"));
        assertRejected(IdentifierError.USCC_CHARSET, () -> Uscc.parseLenient("91350100M000100Y4Z"));
    }

    @Test
    void rejectsUsccWithWrongCheckCharacter() {
        assertRejected(IdentifierError.USCC_CHECK_DIGIT, () -> Uscc.parse("91350100M000100Y44"));
        assertFalse(Uscc.isValid("91350100M000100Y44"));
    }

    @Test
    void lenientParseKeepsCodeWithWrongCheckCharacterAndFlagsIt() {
        Uscc uscc = Uscc.parseLenient("91350100M000100Y44");
        assertEquals("91350100M000100Y44", uscc.value());
        assertFalse(uscc.checkDigitValid());
    }

    @Test
    void lenientParseStillRejectsWrongLengthAndAlphabet() {
        assertRejected(IdentifierError.USCC_LENGTH, () -> Uscc.parseLenient("91350100M000100Y4"));
        assertRejected(IdentifierError.USCC_CHARSET, () -> Uscc.parseLenient("91350100M000100I43"));
    }

    @Test
    void acceptsIflytekCodeAndExposesItsParts() {
        Uscc uscc = Uscc.parse(IFLYTEK);
        assertEquals('9', uscc.registrationAuthority());
        assertEquals('1', uscc.category());
        assertEquals("340000", uscc.regionCode());
        assertFalse(uscc.isPostReform());
        assertEquals(IFLYTEK, uscc.toString());
    }

    @Test
    void extractsOrganizationCode71177114Dash3FromIflytekCode() {
        Optional<OrganizationCode> org = Uscc.parse(IFLYTEK).organizationCode();
        assertTrue(org.isPresent());
        assertEquals("71177114-3", org.get().formatted());
        assertEquals(OrganizationCode.parse("71177114-3"), org.get());
    }

    @Test
    void checksPosition17WithGb11714LetterValuesNotUsccAlphabet() {
        // MA00478Q: GB 11714 values M=22, Q=26 give check 1; USCC alphabet indices (M=21,
        // Q=24) would give 8 and wrongly report the organisation part as invalid.
        String code = "91340100MA00478Q1B";
        Uscc uscc = Uscc.parse(code);
        assertEquals("MA00478Q-1", uscc.organizationCode().orElseThrow().formatted());
        assertEquals('8', checkWithUsccAlphabetValues("MA00478Q"));
        assertNotEquals('1', checkWithUsccAlphabetValues("MA00478Q"));
    }

    @Test
    void recognisesPostReformCodeByMaPrefix() {
        assertTrue(Uscc.parse("91340100MA00478Q1B").isPostReform());
    }

    @Test
    void organizationCodeIsEmptyWhenPositions9To17FailGb11714() {
        String first17 = "91340000711771144"; // organisation part 71177114-4, whose check should be 3
        String code = first17 + Uscc.checkCharacter(first17);
        assertTrue(Uscc.isValid(code));
        assertTrue(Uscc.parse(code).organizationCode().isEmpty());
    }

    @Test
    void acceptsFullWidthDigitsAndLetters() {
        assertEquals(IFLYTEK, Uscc.parse("９１３４００００７１１７７１１４３Ｊ").value());
    }

    @Test
    void acceptsLowerCaseLetters() {
        assertEquals("91350100M000100Y43", Uscc.parse("91350100m000100y43").value());
    }

    @Test
    void acceptsSpacesAndHyphens() {
        assertEquals(IFLYTEK, Uscc.parse("  9134 0000-7117 7114-3J \t").value());
    }

    @Test
    void acceptsZeroWidthCharactersAndBom() {
        assertEquals(IFLYTEK, Uscc.parse("\uFEFF9134\u200B0000\u200C7117\u200D7114\u20603J").value());
    }

    @Test
    void rejectsEmptyUscc() {
        assertRejected(IdentifierError.EMPTY, () -> Uscc.parse(null));
        assertRejected(IdentifierError.EMPTY, () -> Uscc.parse(" \u3000\u200B "));
    }

    @Test
    void rejectsUsccOfWrongLength() {
        assertRejected(IdentifierError.USCC_LENGTH, () -> Uscc.parse("91340000711771143"));
        assertRejected(IdentifierError.USCC_LENGTH, () -> Uscc.parse("91340000711771143J0"));
    }

    @Test
    void rejectsUsccWithLettersOutsideTheAlphabet() {
        for (char bad : new char[] {'I', 'O', 'Z', 'S', 'V'}) {
            String code = IFLYTEK.substring(0, 10) + bad + IFLYTEK.substring(11);
            assertRejected(IdentifierError.USCC_CHARSET, () -> Uscc.parse(code));
        }
    }

    @Test
    void rejectsUsccWithLetterInRegionPart() {
        assertRejected(IdentifierError.USCC_CHARSET, () -> Uscc.parse("9134A000711771143J"));
    }

    @Test
    void checkCharacterRejectsMalformedInput() {
        assertRejected(IdentifierError.USCC_LENGTH, () -> Uscc.checkCharacter("9135"));
        assertRejected(IdentifierError.USCC_CHARSET, () -> Uscc.checkCharacter("91350100M000100O4"));
    }

    @Test
    void constructorEnforcesConsistentCheckFlag() {
        assertRejected(IdentifierError.USCC_CHECK_DIGIT, () -> new Uscc("91350100M000100Y44", true));
        assertThrows(IllegalArgumentException.class, () -> new Uscc("91350100M000100Y43", false));
    }

    /** The pitfall DOMAIN.md 1.1 warns about, computed here only to show that it differs. */
    private static char checkWithUsccAlphabetValues(String body8) {
        String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = {3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += alphabet.indexOf(body8.charAt(i)) * weights[i];
        }
        int c = 11 - sum % 11;
        return c == 10 ? 'X' : c == 11 ? '0' : (char) ('0' + c);
    }
}
