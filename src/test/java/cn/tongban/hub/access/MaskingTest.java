package cn.tongban.hub.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.tongban.hub.canonical.Entity;

class MaskingTest {

    private static final Map<String, String> DEFAULTS = Map.of("id-number", "6+4", "phone", "3+4", "name", "1+0", "address", "6+0");

    @Test
    void masksEachKindWithTheDocumentedDefaults() {
        Masking m = Masking.of(DEFAULTS, Map.of());
        assertThat(m.mask(Masking.Kind.ID_NUMBER, "310115198211242579")).isEqualTo("310115********2579");
        assertThat(m.mask(Masking.Kind.PHONE, "13812345678")).isEqualTo("138****5678");
        assertThat(m.mask(Masking.Kind.NAME, "欧阳娜娜")).isEqualTo("欧***");
        assertThat(m.mask(Masking.Kind.ADDRESS, "北京市朝阳区建国路88号")).isEqualTo("北京市朝阳区******");
    }

    @Test
    void aClientsRulesOverrideTheDefaultsKindByKind() {
        Masking m = Masking.of(DEFAULTS, Map.of("name", "none", "id-number", "1+1"));
        assertThat(m.mask(Masking.Kind.NAME, "张三")).isEqualTo("张三");
        assertThat(m.mask(Masking.Kind.ID_NUMBER, "310115198211242579")).isEqualTo("3" + "*".repeat(16) + "9");
        assertThat(m.mask(Masking.Kind.PHONE, "13812345678")).isEqualTo("138****5678");
        assertThat(Masking.of(DEFAULTS, Map.of("address", "all")).mask(Masking.Kind.ADDRESS, "北京市")).isEqualTo("***");
    }

    @Test
    void aValueTooShortForItsRuleShowsAtMostItsFirstCharacter() {
        Masking m = Masking.of(DEFAULTS, Map.of());
        assertThat(m.mask(Masking.Kind.PHONE, "110")).isEqualTo("1**");
        // Showing the one character of a one-character value would show all of it.
        assertThat(m.mask(Masking.Kind.NAME, "张")).isEqualTo("*");
    }

    @Test
    void masksEveryCitizenIdEmbeddedInARecordIdButNothingElse() {
        Masking m = Masking.of(DEFAULTS, Map.of());
        assertThat(m.maskIdsIn("310115198211242579")).isEqualTo("310115********2579");
        assertThat(m.maskIdsIn("AC02:310115198211242579:110")).isEqualTo("AC02:310115********2579:110");
        // A USCC or an event id is not an ID number (this USCC's "birth date" 0582-26-55 is none).
        assertThat(m.maskIdsIn("911101058226552339")).isEqualTo("911101058226552339");
        assertThat(m.maskIdsIn("mr-event-000123")).isEqualTo("mr-event-000123");
        assertThat(Masking.of(DEFAULTS, Map.of("id-number", "none")).maskIdsIn("310115198211242579")).isEqualTo("310115198211242579");
    }

    @Test
    void refusesARuleThatIsNotFPlusL() {
        assertThatThrownBy(() -> Masking.of(Map.of("name", "first-1"), Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("F+L");
        assertThatThrownBy(() -> Masking.of(Map.of("iban", "2+2"), Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown masking kind");
    }

    @Test
    void classifiesPersonalDataFieldsAndLeavesEnterpriseRegistrationDataAlone() {
        assertThat(Masking.kindOf(Entity.PERSON, "citizenId")).isEqualTo(Masking.Kind.ID_NUMBER);
        assertThat(Masking.kindOf(Entity.PERSON, "spouseCitizenId")).isEqualTo(Masking.Kind.ID_NUMBER);
        assertThat(Masking.kindOf(Entity.PERSON, "name")).isEqualTo(Masking.Kind.NAME);
        assertThat(Masking.kindOf(Entity.PERSON, "householdAddress")).isEqualTo(Masking.Kind.ADDRESS);
        assertThat(Masking.kindOf(Entity.ENTERPRISE, "legalRepresentative")).isEqualTo(Masking.Kind.NAME);
        assertThat(Masking.kindOf(Entity.ENTERPRISE, "legalRepresentativeId")).isEqualTo(Masking.Kind.ID_NUMBER);
        assertThat(Masking.kindOf(Entity.ENTERPRISE, "name")).isNull();
        assertThat(Masking.kindOf(Entity.ENTERPRISE, "address")).isNull();
        assertThat(Masking.kindOf(Entity.INSURANCE, "citizenId")).isEqualTo(Masking.Kind.ID_NUMBER);
    }
}
