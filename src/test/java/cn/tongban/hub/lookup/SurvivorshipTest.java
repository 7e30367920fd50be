package cn.tongban.hub.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import cn.tongban.hub.canonical.Entity;
import cn.tongban.hub.canonical.Provenance;
import cn.tongban.hub.canonical.SourcedValue;
import cn.tongban.hub.mapping.MappedRecord;

class SurvivorshipTest {

    private static final Instant FETCHED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = FETCHED.plusSeconds(90);

    private static MappedRecord record(String silo, String recordId, Object... fieldValues) {
        Map<String, SourcedValue> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldValues.length; i += 2) {
            fields.put((String) fieldValues[i], new SourcedValue(fieldValues[i + 1],
                    new Provenance(silo, "SRC_" + fieldValues[i], recordId, FETCHED)));
        }
        return new MappedRecord(silo, Entity.PERSON, recordId, null, null, fields, List.of(), FETCHED);
    }

    @Test
    void theAuthoritativeSiloWinsWhateverTheOrder() {
        var si = record("social-insurance", "A1", "name", "张三丰");
        var ps = record("public-security", "P1", "name", "张三峰");
        var merged = Survivorship.merge(Entity.PERSON, List.of(si, ps), Set.of(), NOW);
        assertThat(merged.fields().get("name").value()).isEqualTo("张三峰");
        assertThat(merged.fields().get("name").authoritative()).isTrue();
        assertThat(merged.fields().get("name").ageSeconds()).isEqualTo(90);
        assertThat(merged.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.field()).isEqualTo("name");
            assertThat(c.values()).extracting(Conflict.Value::silo).containsExactly("public-security", "social-insurance");
            assertThat(c.values()).extracting(Conflict.Value::value).containsExactly("张三峰", "张三丰");
            assertThat(c.values()).extracting(Conflict.Value::sourceField).containsExactly("SRC_name", "SRC_name");
        });
    }

    @Test
    void fallsBackToAnotherSiloAndSaysSoWhenTheAuthorityHasNoValue() {
        var ps = record("public-security", "P1", "name", "李四", "maritalStatus", "20", "maritalStatusLabel", "已婚");
        var merged = Survivorship.merge(Entity.PERSON, List.of(ps), Set.of(), NOW);
        ProfileValue marital = merged.fields().get("maritalStatus");
        assertThat(marital.value()).isEqualTo("20");
        assertThat(marital.authority()).isEqualTo("civil-affairs");
        assertThat(marital.authoritative()).isFalse();
        assertThat(merged.fields().get("maritalStatusLabel").provenance().silo()).isEqualTo("public-security");
        assertThat(merged.conflicts()).isEmpty();
    }

    @Test
    void anAbsentValueIsNoConflictAndNormalisedValuesAgree() {
        var ps = record("public-security", "P1", "name", "王五", "birthDate", "1980-01-02");
        var si = record("social-insurance", "A1", "name", " 王 五 ", "sex", "1", "birthDate", "19800102");
        var merged = Survivorship.merge(Entity.PERSON, List.of(ps, si), Set.of(), NOW);
        assertThat(merged.conflicts()).isEmpty();
        assertThat(merged.fields().get("sex").authoritative()).isFalse();
    }

    @Test
    void decimalsInDifferentScalesAreTheSameValue() {
        assertThat(Survivorship.normalised(cn.tongban.hub.canonical.ValueType.DECIMAL, new BigDecimal("100.000000")))
                .isEqualTo(Survivorship.normalised(cn.tongban.hub.canonical.ValueType.DECIMAL, "100"));
        assertThat(Survivorship.normalised(cn.tongban.hub.canonical.ValueType.TEXT, "芜湖Ａ８科技"))
                .isEqualTo("芜湖A8科技");
    }

    @Test
    void keepsOnlyTheWantedFieldsAndTheirConflicts() {
        var ps = record("public-security", "P1", "name", "赵六", "sex", "2");
        var si = record("social-insurance", "A1", "name", "赵陆", "sex", "1");
        var merged = Survivorship.merge(Entity.PERSON, List.of(ps, si), Set.of("sex"), NOW);
        assertThat(merged.fields()).containsOnlyKeys("sex");
        assertThat(merged.conflicts()).extracting(Conflict::field).containsExactly("sex");
    }
}
