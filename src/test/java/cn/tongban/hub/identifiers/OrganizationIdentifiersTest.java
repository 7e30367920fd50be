package cn.tongban.hub.identifiers;

import static cn.tongban.hub.identifiers.IdentifierAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OrganizationIdentifiersTest {

    @Test
    void detectsUscc() {
        assertEquals(IdentifierKind.USCC, OrganizationIdentifiers.detect("91340000711771143J"));
    }

    @Test
    void detectsUsccWithWrongCheckCharacterSoThatItCanBeFlagged() {
        assertEquals(IdentifierKind.USCC, OrganizationIdentifiers.detect("91350100M000100Y44"));
    }

    @Test
    void detectsCitizenId() {
        assertEquals(IdentifierKind.CITIZEN_ID, OrganizationIdentifiers.detect("11010519491231002X"));
    }

    @Test
    void detectsCitizenIdWithWrongCheckCharacterButRealBirthDate() {
        assertEquals(IdentifierKind.CITIZEN_ID, OrganizationIdentifiers.detect("110105194912310021"));
    }

    @Test
    void detectsOrganizationCode() {
        assertEquals(IdentifierKind.ORGANIZATION_CODE, OrganizationIdentifiers.detect("711771143"));
        assertEquals(IdentifierKind.ORGANIZATION_CODE, OrganizationIdentifiers.detect("D2143569-x"));
    }

    @Test
    void detects15DigitNumberWithValidGs15CheckAsRegistrationNumber() {
        assertEquals(IdentifierKind.REGISTRATION_NUMBER, OrganizationIdentifiers.detect("340000000016368"));
    }

    @Test
    void detects15DigitNumberEndingInValidOrganizationCodeAsTaxNumber() {
        assertEquals(IdentifierKind.TAX_NUMBER, OrganizationIdentifiers.detect("340000711771143"));
    }

    @Test
    void detectsTaxNumberWithLettersInOrganizationCode() {
        assertEquals(IdentifierKind.TAX_NUMBER, OrganizationIdentifiers.detect("340000D2143569X"));
    }

    @Test
    void detects15DigitNumberFailingBothChecksAsNonConformingRegistrationNumber() {
        // GS15 check of 34000000001636 is 8, and 00001636 would need organisation check 0.
        assertEquals(IdentifierKind.REGISTRATION_NUMBER, OrganizationIdentifiers.detect("340000000016369"));
    }

    @Test
    void detectsLegacyAndNonConformingRegistrationNumbers() {
        assertEquals(IdentifierKind.REGISTRATION_NUMBER, OrganizationIdentifiers.detect("3400001001636"));
        assertEquals(IdentifierKind.REGISTRATION_NUMBER, OrganizationIdentifiers.detect("34000010A16368"));
    }

    @Test
    void detectsPaddedIdAsTaxNumber() {
        assertEquals(IdentifierKind.TAX_NUMBER, OrganizationIdentifiers.detect("34052419800101001X01"));
    }

    @Test
    void normalisesBeforeDetecting() {
        assertEquals(IdentifierKind.USCC, OrganizationIdentifiers.detect(" ９１３４００００７１１７７１１４３ｊ "));
    }

    @Test
    void rejectsValueOfNoKnownShape() {
        assertRejected(IdentifierError.UNKNOWN_IDENTIFIER_KIND, () -> OrganizationIdentifiers.detect("12345"));
        assertRejected(IdentifierError.UNKNOWN_IDENTIFIER_KIND, () -> OrganizationIdentifiers.detect("91340000711771143I"));
        assertRejected(IdentifierError.UNKNOWN_IDENTIFIER_KIND, () -> OrganizationIdentifiers.detect("71177114Y"));
    }

    @Test
    void rejectsEmptyValue() {
        assertRejected(IdentifierError.EMPTY, () -> OrganizationIdentifiers.detect(" "));
    }
}
