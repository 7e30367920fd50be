package cn.tongban.hub.identifiers;

import static cn.tongban.hub.identifiers.IdentifierAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.tongban.hub.identifiers.CitizenId.Sex;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class CitizenIdTest {

    @Test
    void computesCheckXForStandardExample() {
        assertEquals('X', CitizenId.checkCharacter("11010519491231002"));
    }

    @Test
    void acceptsStandardExample() {
        CitizenId id = CitizenId.parse("11010519491231002X");
        assertEquals("11010519491231002X", id.value());
        assertFalse(id.upgradedFrom15());
    }

    @Test
    void acceptsTrailingLowerCaseX() {
        assertEquals("11010519491231002X", CitizenId.parse("11010519491231002x").value());
    }

    @Test
    void acceptsFullWidthDigitsSpacesAndZeroWidthCharacters() {
        assertEquals("11010519491231002X",
                CitizenId.parse(" １１０１０５\u200B 1949-1231 002ｘ\u00A0").value());
    }

    @Test
    void upgrades15DigitIdWithCheckX() {
        CitizenId id = CitizenId.parse("340524800101001");
        assertEquals("34052419800101001X", id.value());
        assertTrue(id.upgradedFrom15());
        assertEquals("34052419800101001X", CitizenId.upgrade("340524800101001"));
    }

    @Test
    void upgradedIdEqualsTheSamePersonsEighteenCharacterId() {
        assertEquals(CitizenId.parse("34052419800101001X"), CitizenId.parse("340524800101001"));
        assertEquals(CitizenId.parse("34052419800101001X").hashCode(), CitizenId.parse("340524800101001").hashCode());
    }

    @Test
    void derivesBirthDateSexAndRegion() {
        CitizenId woman = CitizenId.parse("11010519491231002X");
        assertEquals(LocalDate.of(1949, 12, 31), woman.birthDate());
        assertEquals(Sex.FEMALE, woman.sex());
        assertEquals("110105", woman.regionCode());
        CitizenId man = CitizenId.parse("34052419800101001X");
        assertEquals(LocalDate.of(1980, 1, 1), man.birthDate());
        assertEquals(Sex.MALE, man.sex());
    }

    @Test
    void toStringIsMaskedWhileValueIsFull() {
        CitizenId id = CitizenId.parse("11010519491231002X");
        assertEquals("110105********002X", id.masked());
        assertEquals("110105********002X", id.toString());
        assertNotEquals(id.value(), id.toString());
    }

    @Test
    void acceptsRegionCodeThatIsInNoCurrentList() {
        String first17 = "99010519491231002";
        assertTrue(CitizenId.parse(first17 + CitizenId.checkCharacter(first17)).value().startsWith("990105"));
    }

    @Test
    void rejectsIdWithWrongCheckCharacter() {
        assertRejected(IdentifierError.ID_CHECK_DIGIT, () -> CitizenId.parse("110105194912310021"));
    }

    @Test
    void rejectsIdWithImpossibleBirthDate() {
        String first17 = "11010519490230002";
        assertRejected(IdentifierError.ID_BIRTH_DATE,
                () -> CitizenId.parse(first17 + CitizenId.checkCharacter(first17)));
    }

    @Test
    void rejectsIdWithBirthDateInTheFuture() {
        String date = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2).format(DateTimeFormatter.BASIC_ISO_DATE);
        String first17 = "110105" + date + "002";
        assertRejected(IdentifierError.ID_BIRTH_DATE,
                () -> CitizenId.parse(first17 + CitizenId.checkCharacter(first17)));
    }

    @Test
    void rejectsIdWithImplausiblyEarlyBirthDate() {
        String first17 = "11010518491231002";
        assertRejected(IdentifierError.ID_BIRTH_DATE,
                () -> CitizenId.parse(first17 + CitizenId.checkCharacter(first17)));
    }

    @Test
    void rejects15DigitIdBornOnFebruary29Of1900() {
        // 1900 is not a leap year; the upgrade always yields 19YY.
        assertRejected(IdentifierError.ID_BIRTH_DATE, () -> CitizenId.parse("110105000229001"));
    }

    @Test
    void rejectsIdOfWrongLength() {
        assertRejected(IdentifierError.ID_LENGTH, () -> CitizenId.parse("1101051949123100"));
        assertRejected(IdentifierError.ID_LENGTH, () -> CitizenId.upgrade("11010519491231002X"));
    }

    @Test
    void rejectsIdWithLetterInsideTheBody() {
        assertRejected(IdentifierError.ID_CHARSET, () -> CitizenId.parse("1101051949123100AX"));
    }

    @Test
    void rejectsCheckXInTheMiddleOf15DigitId() {
        assertRejected(IdentifierError.ID_CHARSET, () -> CitizenId.parse("34052480010100X"));
    }

    @Test
    void rejectsEmptyId() {
        assertRejected(IdentifierError.EMPTY, () -> CitizenId.parse("\u200B"));
    }
}
