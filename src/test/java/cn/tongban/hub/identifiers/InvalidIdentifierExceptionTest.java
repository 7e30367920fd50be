package cn.tongban.hub.identifiers;

import static cn.tongban.hub.identifiers.IdentifierAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class InvalidIdentifierExceptionTest {

    /** One real input per error code, with the parser that must reject it with that code. */
    private static Map<IdentifierError, Map.Entry<Function<String, ?>, String>> oneTriggerPerCode() {
        Map<IdentifierError, Map.Entry<Function<String, ?>, String>> m = new EnumMap<>(IdentifierError.class);
        m.put(IdentifierError.EMPTY, Map.entry(Uscc::parse, " \u200B "));
        m.put(IdentifierError.USCC_LENGTH, Map.entry(Uscc::parse, "91340000711771143"));
        m.put(IdentifierError.USCC_CHARSET, Map.entry(Uscc::parse, "91340000711771I43J"));
        m.put(IdentifierError.USCC_CHECK_DIGIT, Map.entry(Uscc::parse, "91350100M000100Y44"));
        m.put(IdentifierError.ORG_CODE_LENGTH, Map.entry(OrganizationCode::parse, "7117711-3"));
        m.put(IdentifierError.ORG_CODE_CHARSET, Map.entry(OrganizationCode::parse, "7117711*-3"));
        m.put(IdentifierError.ORG_CODE_CHECK_DIGIT, Map.entry(OrganizationCode::parse, "D2143569-1"));
        m.put(IdentifierError.REG_NO_LENGTH, Map.entry(RegistrationNumber::parse, "34000000001636"));
        m.put(IdentifierError.REG_NO_CHARSET, Map.entry(RegistrationNumber::parse, "34000000001636B"));
        m.put(IdentifierError.REG_NO_CHECK_DIGIT, Map.entry(RegistrationNumber::parse, "340000000016367"));
        m.put(IdentifierError.TAX_NO_LENGTH, Map.entry(TaxNumber::parse, "34000071177114"));
        m.put(IdentifierError.TAX_NO_CHARSET, Map.entry(TaxNumber::parse, "3400007117711#3"));
        m.put(IdentifierError.TAX_NO_ORG_CODE, Map.entry(TaxNumber::parse, "340000711771140"));
        m.put(IdentifierError.ID_LENGTH, Map.entry(CitizenId::parse, "11010519491231002"));
        m.put(IdentifierError.ID_CHARSET, Map.entry(CitizenId::parse, "1101051949123100Y2"));
        m.put(IdentifierError.ID_BIRTH_DATE, Map.entry(CitizenId::parse, "110105194913310028"));
        m.put(IdentifierError.ID_CHECK_DIGIT, Map.entry(CitizenId::parse, "110105194912310029"));
        m.put(IdentifierError.UNKNOWN_IDENTIFIER_KIND, Map.entry(OrganizationIdentifiers::detect, "1234567"));
        return m;
    }

    @Test
    void everyErrorCodeIsTriggeredByARealInput() {
        Map<IdentifierError, Map.Entry<Function<String, ?>, String>> triggers = oneTriggerPerCode();
        assertEquals(EnumSet.allOf(IdentifierError.class), triggers.keySet(), "a code has no trigger");
        triggers.forEach((code, trigger) ->
                assertRejected(code, () -> trigger.getKey().apply(trigger.getValue())));
    }

    @Test
    void messageNeverContainsTheInput() {
        oneTriggerPerCode().forEach((code, trigger) -> {
            String input = trigger.getValue();
            InvalidIdentifierException e = assertThrows(InvalidIdentifierException.class,
                    () -> trigger.getKey().apply(input));
            assertNoFragmentOf(IdentifierNormalizer.normalize(input), e.getMessage());
        });
    }

    @Test
    void messageOfRejectedPersonalIdDoesNotContainIt() {
        String id = "110105194912310021";
        InvalidIdentifierException e = assertThrows(InvalidIdentifierException.class, () -> CitizenId.parse(id));
        assertFalse(e.getMessage().contains(id));
        assertNoFragmentOf(id, e.getMessage());
    }

    @Test
    void codeIsTheEnumConstantName() {
        InvalidIdentifierException e = new InvalidIdentifierException(IdentifierError.ID_CHECK_DIGIT);
        assertEquals("ID_CHECK_DIGIT", e.code());
        assertEquals(IdentifierError.ID_CHECK_DIGIT, e.error());
        assertTrue(e.getMessage().startsWith("ID_CHECK_DIGIT: "));
    }

    @Test
    void everyErrorHasADescription() {
        for (IdentifierError error : IdentifierError.values()) {
            assertFalse(error.description().isBlank(), error.name());
        }
    }

    /** Even a 6-character run of the input could identify a person together with other data. */
    private static void assertNoFragmentOf(String input, String message) {
        if (input.isEmpty()) {
            return;
        }
        int window = Math.min(6, input.length());
        for (int i = 0; i + window <= input.length(); i++) {
            String fragment = input.substring(i, i + window);
            assertFalse(message.contains(fragment), () -> "message leaks input fragment: " + message);
        }
    }
}
