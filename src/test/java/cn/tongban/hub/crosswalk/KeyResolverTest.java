package cn.tongban.hub.crosswalk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.tongban.hub.identifiers.OrganizationCode;
import cn.tongban.hub.mapping.CodeLists;
import cn.tongban.hub.mapping.CompiledMapping;
import cn.tongban.hub.mapping.MappedRecord;
import cn.tongban.hub.mapping.MappingError;
import cn.tongban.hub.mapping.MappingException;
import cn.tongban.hub.mapping.Mappings;

/** Key resolution through the crosswalk and the links a keyed record asserts, on the shipped AB01 mapping. */
class KeyResolverTest {

    private static final Mappings MAPPINGS = Mappings.load(Path.of("mappings"), CodeLists.load(Path.of("mappings", "codelists")));
    private static final CompiledMapping UNIT = MAPPINGS.require("social-insurance.unit");
    private static final String USCC = "91340000711771143J";
    private static final String ORG = "711771143";

    private static Map<String, Object> row(String unitNo, String org, String regNo) {
        Map<String, Object> r = new HashMap<>();
        r.put("AAB001", unitNo);
        r.put("AAB003", org);
        r.put("AAB007", regNo);
        r.put("AAB004", "科大讯飞股份有限公司");
        return r;
    }

    @Test
    void keysThroughTheFirstAliasTheCrosswalkKnowsAndAssertsTheUnitNumber() {
        InMemoryCrosswalk cw = new InMemoryCrosswalk(List.of(
                new AliasLink("enterprise", "registrationNumber", "340000000016368", USCC, "market-regulation", "e1", null, null)));
        MappedRecord keyed = KeyResolver.resolve(UNIT, UNIT.map(row("U1", "无", "340000000016368"), Instant.EPOCH), cw);
        assertThat(keyed.text("uscc")).isEqualTo(USCC);
        assertThat(keyed.flags()).containsExactly("LINKED_BY:registrationNumber");
        assertThat(KeyResolver.assertedLinks(UNIT, keyed)).extracting(AliasLink::aliasKind, AliasLink::aliasValue, AliasLink::key)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("socialInsuranceUnitNumber", "U1", USCC),
                        org.assertj.core.groups.Tuple.tuple("registrationNumber", "340000000016368", USCC));
    }

    @Test
    void aMistypedAliasOfANonAuthoritativeSiloIsKeptButNotLinked() {
        char good = OrganizationCode.checkCharacter(ORG.substring(0, 8));
        String typo = ORG.substring(0, 8) + (good == '0' ? '1' : '0');
        InMemoryCrosswalk cw = new InMemoryCrosswalk(List.of(
                new AliasLink("enterprise", "registrationNumber", "340000000016368", USCC, "market-regulation", "e1", null, null)));
        MappedRecord keyed = KeyResolver.resolve(UNIT, UNIT.map(row("U2", typo, "340000000016368"), Instant.EPOCH), cw);
        assertThat(keyed.text("organizationCode")).isEqualTo(typo);
        assertThat(keyed.flags()).contains("ORG_CODE_CHECK_DIGIT:organizationCode");
        assertThat(KeyResolver.assertedLinks(UNIT, keyed)).extracting(AliasLink::aliasKind)
                .containsExactly("socialInsuranceUnitNumber", "registrationNumber");
    }

    @Test
    void aRecordWhoseOwnKeyIsMistypedByANonAuthoritativeSiloAssertsNoLink() {
        CompiledMapping person = MAPPINGS.require("social-insurance.person");
        String first17 = "11010519800101001";
        char good = cn.tongban.hub.identifiers.CitizenId.checkCharacter(first17);
        String typo = first17 + (good == '0' ? '1' : '0');
        MappedRecord keyed = KeyResolver.resolve(person, person.map(Map.of("AAC001", "P1", "AAC002", typo), Instant.EPOCH),
                new InMemoryCrosswalk());
        assertThat(keyed.flags()).contains("ID_CHECK_DIGIT:citizenId");
        assertThat(KeyResolver.assertedLinks(person, keyed)).isEmpty();
        MappedRecord clean = KeyResolver.resolve(person, person.map(Map.of("AAC001", "P1", "AAC002", first17 + good), Instant.EPOCH),
                new InMemoryCrosswalk());
        assertThat(KeyResolver.assertedLinks(person, clean)).extracting(AliasLink::aliasKind).containsExactly("socialInsurancePersonNumber");
    }

    @Test
    void anAliasLinkedToTwoKeysIsAmbiguousAndNoAliasIsUnkeyed() {
        InMemoryCrosswalk cw = new InMemoryCrosswalk(List.of(
                new AliasLink("enterprise", "organizationCode", ORG, USCC, "market-regulation", "e1", null, null),
                new AliasLink("enterprise", "organizationCode", ORG, "91340100MA2N0X5Y4B", "social-insurance", "U9", null, null)));
        assertThatThrownBy(() -> KeyResolver.resolve(UNIT, UNIT.map(row("U3", ORG, null), Instant.EPOCH), cw))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.error()).isEqualTo(MappingError.AMBIGUOUS_KEY));
        assertThatThrownBy(() -> KeyResolver.resolve(UNIT, UNIT.map(row("U4", null, null), Instant.EPOCH), new InMemoryCrosswalk()))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.error()).isEqualTo(MappingError.UNKEYED));
    }

    @Test
    void expiredLinksDoNotKey() {
        InMemoryCrosswalk cw = new InMemoryCrosswalk(List.of(new AliasLink("enterprise", "organizationCode", ORG, USCC,
                "market-regulation", "e1", java.time.LocalDate.of(2000, 1, 1), java.time.LocalDate.of(2001, 1, 1))));
        assertThatThrownBy(() -> KeyResolver.resolve(UNIT, UNIT.map(row("U5", ORG, null), Instant.EPOCH), cw))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.error()).isEqualTo(MappingError.UNKEYED));
    }
}
