package cn.tongban.hub.identifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class IdentifierNormalizerTest {

    @Test
    void nullBecomesEmpty() {
        assertEquals("", IdentifierNormalizer.normalize(null));
    }

    @Test
    void convertsFullWidthDigitsAndLetters() {
        assertEquals("91340000711771143J", IdentifierNormalizer.normalize("９１３４００００７１１７７１１４３Ｊ"));
        assertEquals("X", IdentifierNormalizer.normalize("ｘ"));
    }

    @Test
    void upperCasesLetters() {
        assertEquals("91350100M000100Y43", IdentifierNormalizer.normalize("91350100m000100y43"));
    }

    @Test
    void upperCasesIndependentlyOfDefaultLocale() {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
            assertEquals("ABCI", IdentifierNormalizer.normalize("abci"));
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }

    @Test
    void dropsSpacesIncludingIdeographicAndNoBreakSpaces() {
        assertEquals("ABC123", IdentifierNormalizer.normalize(" A\u3000B\u00A0C\u202F1\t2\n3 "));
    }

    @Test
    void dropsHyphensAndOtherDashes() {
        assertEquals("71177114371", IdentifierNormalizer.normalize("71177114-3－7—1\u2010"));
    }

    @Test
    void dropsZeroWidthCharactersBomAndControls() {
        assertEquals("12345678", IdentifierNormalizer.normalize("\uFEFF1\u200B2\u200C3\u200D4\u20605\u00AD6\u00007\u001F8"));
    }

    @Test
    void keepsOtherCharactersSoThatValidationCanRejectThem() {
        assertEquals("A#B统", IdentifierNormalizer.normalize("a#b统"));
    }

    @Property(tries = 1000)
    void normalisingTwiceEqualsNormalisingOnce(@ForAll String raw) {
        String once = IdentifierNormalizer.normalize(raw);
        assertEquals(once, IdentifierNormalizer.normalize(once));
    }
}
