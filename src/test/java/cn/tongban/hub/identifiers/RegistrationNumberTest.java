package cn.tongban.hub.identifiers;

import static cn.tongban.hub.identifiers.IdentifierAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.tongban.hub.identifiers.RegistrationNumber.Kind;
import org.junit.jupiter.api.Test;

class RegistrationNumberTest {

    @Test
    void computesGs15CheckDigit8For34000000001636() {
        assertEquals('8', RegistrationNumber.checkDigit("34000000001636"));
    }

    @Test
    void parsesIflytekRegistrationNumberAsCheckedGs15() {
        RegistrationNumber no = RegistrationNumber.parse("340000000016368");
        assertEquals(Kind.GS15, no.kind());
        assertFalse(no.flagged());
        assertEquals("340000000016368", no.toString());
    }

    @Test
    void acceptsLegacy13DigitNumberFlagged() {
        RegistrationNumber no = RegistrationNumber.parse("3400001001636");
        assertEquals(Kind.LEGACY_13, no.kind());
        assertTrue(no.flagged());
    }

    @Test
    void rejectsGs15NumberWithWrongCheckDigit() {
        assertRejected(IdentifierError.REG_NO_CHECK_DIGIT, () -> RegistrationNumber.parse("340000000016369"));
    }

    @Test
    void lenientParseKeepsWrongCheckDigitAsNonConforming() {
        RegistrationNumber no = RegistrationNumber.parseLenient("340000000016369");
        assertEquals(Kind.NON_CONFORMING, no.kind());
        assertTrue(no.flagged());
    }

    @Test
    void lenientParseKeepsNumbersWithLettersAsNonConforming() {
        assertEquals(Kind.NON_CONFORMING, RegistrationNumber.parseLenient("34000010A16368").kind());
        assertEquals(Kind.NON_CONFORMING, RegistrationNumber.parseLenient("jx00000000163").kind());
    }

    @Test
    void lenientParseStillAcceptsConformingNumbersWithTheirKind() {
        assertEquals(Kind.GS15, RegistrationNumber.parseLenient("340000000016368").kind());
        assertEquals(Kind.LEGACY_13, RegistrationNumber.parseLenient("3400001001636").kind());
    }

    @Test
    void rejectsRegistrationNumberOfWrongLength() {
        assertRejected(IdentifierError.REG_NO_LENGTH, () -> RegistrationNumber.parse("34000000001636"));
        assertRejected(IdentifierError.REG_NO_LENGTH, () -> RegistrationNumber.parseLenient("340000000016"));
        assertRejected(IdentifierError.REG_NO_LENGTH, () -> RegistrationNumber.parseLenient("3400000000163680"));
        assertRejected(IdentifierError.REG_NO_LENGTH, () -> RegistrationNumber.checkDigit("3400000000163"));
    }

    @Test
    void strictParseRejectsLetters() {
        assertRejected(IdentifierError.REG_NO_CHARSET, () -> RegistrationNumber.parse("3400000A0016368"));
    }

    @Test
    void lenientParseRejectsSymbols() {
        assertRejected(IdentifierError.REG_NO_CHARSET, () -> RegistrationNumber.parseLenient("34000000#016368"));
    }

    @Test
    void acceptsFullWidthRegistrationNumber() {
        assertEquals("340000000016368", RegistrationNumber.parse("３４００００００００１６３６８").value());
    }

    @Test
    void constructorRejectsKindThatDoesNotMatchValue() {
        assertRejected(IdentifierError.REG_NO_CHECK_DIGIT, () -> new RegistrationNumber("340000000016369", Kind.GS15));
        assertThrows(IllegalArgumentException.class, () -> new RegistrationNumber("340000000016368", Kind.NON_CONFORMING));
    }
}
