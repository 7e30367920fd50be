package cn.tongban.hub.identifiers;

import static cn.tongban.hub.identifiers.IdentifierAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OrganizationCodeTest {

    @Test
    void computesCheck3For71177114() {
        assertEquals('3', OrganizationCode.checkCharacter("71177114"));
    }

    @Test
    void computesCheckXForD2143569() {
        assertEquals('X', OrganizationCode.checkCharacter("D2143569"));
    }

    @Test
    void computesCheck0WhenElevenIsReached() {
        assertEquals('0', OrganizationCode.checkCharacter("00000000"));
    }

    @Test
    void parsesPrintedFormWithHyphen() {
        OrganizationCode code = OrganizationCode.parse("71177114-3");
        assertEquals("71177114", code.body());
        assertEquals('3', code.check());
        assertEquals("711771143", code.compact());
        assertEquals("71177114-3", code.formatted());
        assertEquals("71177114-3", code.toString());
    }

    @Test
    void parsesNineCharactersWithoutHyphen() {
        assertEquals("D2143569-X", OrganizationCode.parse("D2143569X").formatted());
    }

    @Test
    void acceptsLowerCaseCheckXAndFullWidthHyphen() {
        assertEquals("D2143569-X", OrganizationCode.parse(" d2143569－x ").formatted());
    }

    @Test
    void rejectsOrganizationCodeWithWrongCheckCharacter() {
        assertRejected(IdentifierError.ORG_CODE_CHECK_DIGIT, () -> OrganizationCode.parse("71177114-4"));
        assertFalse(OrganizationCode.isValid("71177114-4"));
        assertTrue(OrganizationCode.isValid("71177114-3"));
    }

    @Test
    void rejectsOrganizationCodeOfWrongLength() {
        assertRejected(IdentifierError.ORG_CODE_LENGTH, () -> OrganizationCode.parse("7117714-3"));
        assertRejected(IdentifierError.ORG_CODE_LENGTH, () -> OrganizationCode.checkCharacter("7117711"));
    }

    @Test
    void rejectsOrganizationCodeWithForbiddenCharacters() {
        assertRejected(IdentifierError.ORG_CODE_CHARSET, () -> OrganizationCode.parse("7117711#-3"));
        assertRejected(IdentifierError.ORG_CODE_CHARSET, () -> OrganizationCode.parse("71177114-Y"));
    }

    @Test
    void rejectsEmptyOrganizationCode() {
        assertRejected(IdentifierError.EMPTY, () -> OrganizationCode.parse("-"));
    }
}
