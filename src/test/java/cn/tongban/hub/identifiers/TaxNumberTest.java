package cn.tongban.hub.identifiers;

import static cn.tongban.hub.identifiers.IdentifierAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TaxNumberTest {

    @Test
    void acceptsRegionPlusOrganizationCode() {
        TaxNumber tax = TaxNumber.parse("340000-71177114-3");
        assertEquals("340000711771143", tax.value());
        assertEquals("71177114-3", tax.organizationCode().orElseThrow().formatted());
        assertEquals("340000711771143", tax.toString());
    }

    @Test
    void acceptsUsccAsTaxNumberOfReformedEntity() {
        TaxNumber tax = TaxNumber.parse("91340000711771143J");
        assertEquals("71177114-3", tax.organizationCode().orElseThrow().formatted());
    }

    @Test
    void acceptsCitizenIdAsEighteenCharacterTaxNumberWithoutOrganizationCode() {
        TaxNumber tax = TaxNumber.parse("11010519491231002x");
        assertEquals("11010519491231002X", tax.value());
        assertTrue(tax.organizationCode().isEmpty());
        assertEquals("110105********002X", tax.toString());
    }

    @Test
    void acceptsCitizenIdPaddedTo20Digits() {
        TaxNumber tax = TaxNumber.parse("34052419800101001x01");
        assertEquals("34052419800101001X01", tax.value());
        assertTrue(tax.organizationCode().isEmpty());
        assertEquals("340524**********1X01", tax.toString());
    }

    @Test
    void rejectsTaxNumberOfWrongLength() {
        assertRejected(IdentifierError.TAX_NO_LENGTH, () -> TaxNumber.parse("3400007117711430"));
    }

    @Test
    void rejectsTaxNumberWithLetterInRegion() {
        assertRejected(IdentifierError.TAX_NO_CHARSET, () -> TaxNumber.parse("34A000711771143"));
    }

    @Test
    void rejectsEighteenCharacterTaxNumberOutsideUsccAlphabet() {
        assertRejected(IdentifierError.TAX_NO_CHARSET, () -> TaxNumber.parse("91340000711771143I"));
    }

    @Test
    void rejectsTwentyCharacterTaxNumberWithLetterOutsideCheckPosition() {
        assertRejected(IdentifierError.TAX_NO_CHARSET, () -> TaxNumber.parse("3405241980010100X101"));
    }

    @Test
    void rejectsTaxNumberWhoseOrganizationCodeFailsItsCheck() {
        assertRejected(IdentifierError.TAX_NO_ORG_CODE, () -> TaxNumber.parse("340000711771144"));
    }

    @Test
    void rejectsEmptyTaxNumber() {
        assertRejected(IdentifierError.EMPTY, () -> TaxNumber.parse(""));
    }
}
