package cn.tongban.hub.identifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.function.Executable;

/** Shared assertion for the identifier tests. */
final class IdentifierAssertions {

    private IdentifierAssertions() {
    }

    static InvalidIdentifierException assertRejected(IdentifierError expected, Executable parse) {
        InvalidIdentifierException e = assertThrows(InvalidIdentifierException.class, parse);
        assertEquals(expected, e.error(), () -> "unexpected error code, message: " + e.getMessage());
        assertEquals(expected.name(), e.code());
        return e;
    }
}
