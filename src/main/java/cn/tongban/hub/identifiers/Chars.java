package cn.tongban.hub.identifiers;

/** ASCII character-class helpers shared by the identifier parsers. */
final class Chars {

    private Chars() {
    }

    // Character.isDigit would also accept Arabic-Indic and other Unicode digits.
    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUpperLetter(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isDigitOrUpper(char c) {
        return isDigit(c) || isUpperLetter(c);
    }

    static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean allDigits(String s) {
        return allDigits(s, 0, s.length());
    }

    static boolean allDigitsOrUpper(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigitOrUpper(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean allDigitsOrUpper(String s) {
        return allDigitsOrUpper(s, 0, s.length());
    }

    static InvalidIdentifierException lengthError(IdentifierError error, int expected, int actual) {
        return new InvalidIdentifierException(error, "expected " + expected + " characters, got " + actual);
    }
}
