package cn.tongban.hub.sources.marketregulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import cn.tongban.hub.crosswalk.AliasLink;
import cn.tongban.hub.crosswalk.InMemoryCrosswalk;
import cn.tongban.hub.identifiers.Uscc;
import cn.tongban.hub.mapping.CodeLists;
import cn.tongban.hub.mapping.Mappings;
import cn.tongban.hub.mapping.MappingError;
import cn.tongban.hub.mapping.MappingException;
import cn.tongban.hub.registry.ReplicaEnterprise;

/** Market-regulation events through mappings/market-regulation.yaml, the real code lists and a crosswalk. */
class MarketRegulationEventMapperTest {

    private static final Instant FETCHED = Instant.parse("2026-11-23T00:00:00Z");

    private final MarketRegulationEventMapper mapper = new MarketRegulationEventMapper(new ObjectMapper(),
            Mappings.load(Path.of("mappings"), CodeLists.load(Path.of("mappings", "codelists"))));

    private ReplicaEnterprise map(String json, Map<String, String> registrationNumbers) {
        InMemoryCrosswalk crosswalk = new InMemoryCrosswalk(registrationNumbers.entrySet().stream()
                .map(e -> new AliasLink("enterprise", "registrationNumber", e.getKey(), e.getValue(), "market-regulation", "r", null, null))
                .toList());
        return MarketRegulationEventMapper.toReplica(mapper.map(mapper.parse(json), FETCHED, crosswalk));
    }

    @Test
    void mapsACleanEventWithProvenanceOnEveryField() {
        ReplicaEnterprise e = map("""
                {"eventId":"e1","version":2,"changedAt":"2024-05-06T07:08:09Z","payload":{
                  "uniscid":"91340000711771143J","regno":"340000000016368","entname":"科大讯飞股份有限公司",
                  "enttype":"1210","lerep":"刘庆峰","regcap":231000.5,"regcapcur":"人民币",
                  "estdate":"1999-12-30","opto":null,"regstate":"1","dom":"合肥市高新开发区望江西路666号"}}
                """, Map.of());
        assertThat(e.uscc()).isEqualTo("91340000711771143J");
        assertThat(e.organizationCode()).isEqualTo("711771143");
        assertThat(e.registrationNumber()).isEqualTo("340000000016368");
        assertThat(e.sourceVersion()).isEqualTo(2);
        assertThat(e.flags()).isEmpty();
        assertThat(e.fields().get("enterpriseTypeLabel").value()).isEqualTo("股份有限公司(上市)");
        assertThat(e.fields().get("registrationStateLabel").value()).isEqualTo("存续");
        assertThat(e.fields().get("establishedOn").value()).isEqualTo("1999-12-30");
        assertThat(e.fields()).doesNotContainKey("termTo");
        assertThat(e.fields().get("name").provenance().sourceField()).isEqualTo("/payload/entname");
        assertThat(e.fields().get("name").provenance().recordId()).isEqualTo("e1");
        assertThat(e.fields().get("name").provenance().fetchedAt()).isEqualTo(FETCHED);
    }

    @Test
    void resolvesEnterpriseTypeSentAsTextAndStateSentAsOldWord() {
        ReplicaEnterprise e = map("""
                {"eventId":"e2","version":1,"payload":{"uniscid":"91340000711771143J",
                  "entname":"某公司","enttype":"有限责任公司（自然人投资或控股）","regstate":"在营","estdate":"2001年2月3日"}}
                """, Map.of());
        assertThat(e.fields().get("enterpriseType").value()).isEqualTo("1130");
        assertThat(e.fields().get("registrationState").value()).isEqualTo("1");
        assertThat(e.fields().get("establishedOn").value()).isEqualTo("2001-02-03");
    }

    @Test
    void normalisesFullWidthUsccAndReadsPlaceholdersAsMissing() {
        ReplicaEnterprise e = map("""
                {"eventId":"e3","version":1,"payload":{"uniscid":"９１３４００００７１１７７１１４３ｊ ",
                  "regno":"无","opto":"null","entname":"科大讯飞股份有限公司"}}
                """, Map.of());
        assertThat(e.uscc()).isEqualTo("91340000711771143J");
        assertThat(e.registrationNumber()).isNull();
        assertThat(e.fields()).doesNotContainKeys("registrationNumber", "termTo");
    }

    @Test
    void keepsAndFlagsAUsccWithABadCheckCharacter() {
        String first17 = "91340000711771143";
        char bad = Uscc.checkCharacter(first17) == '0' ? '1' : '0';
        ReplicaEnterprise e = map("{\"eventId\":\"e4\",\"version\":1,\"payload\":{\"entname\":\"某公司\",\"uniscid\":\"" + first17 + bad + "\"}}", Map.of());
        assertThat(e.usccCheckValid()).isFalse();
        assertThat(e.flags()).contains("USCC_CHECK_DIGIT:uscc");
    }

    @Test
    void linksAnEventKeyedOnlyByRegistrationNumberThroughTheCrosswalk() {
        ReplicaEnterprise e = map("""
                {"eventId":"e5","version":3,"payload":{"uniscid":null,"regno":"340000000016368","entname":"某公司"}}
                """, Map.of("340000000016368", "91340000711771143J"));
        assertThat(e.uscc()).isEqualTo("91340000711771143J");
        assertThat(e.flags()).contains("LINKED_BY:registrationNumber");
        assertThat(e.fields().get("uscc").provenance().sourceField()).isEqualTo("crosswalk:registrationNumber");
    }

    @Test
    void shouldNotAllowEventsWithoutAnyKey() {
        assertThatThrownBy(() -> map("{\"eventId\":\"e6\",\"version\":1,\"payload\":{\"uniscid\":\"无\",\"regno\":null,\"entname\":\"某公司\"}}", Map.of()))
                .isInstanceOfSatisfying(MappingException.class, ex -> assertThat(ex.error()).isEqualTo(MappingError.UNKEYED));
    }

    @Test
    void shouldNotAllowMalformedJsonOrMissingVersion() {
        assertThatThrownBy(() -> mapper.parse("{\"eventId\":\"e7\",\"version\":1,\"payload\":{\"uniscid\":\"9134"))
                .isInstanceOfSatisfying(MappingException.class, ex -> assertThat(ex.error()).isEqualTo(MappingError.MALFORMED_RECORD));
        assertThatThrownBy(() -> map("{\"eventId\":\"e8\",\"payload\":{\"entname\":\"某公司\",\"uniscid\":\"91340000711771143J\"}}", Map.of()))
                .isInstanceOfSatisfying(MappingException.class, ex -> assertThat(ex.error()).isEqualTo(MappingError.MISSING_REQUIRED_FIELD));
    }

    @Test
    void shouldNotAllowAUsccOfTheWrongShape() {
        assertThatThrownBy(() -> map("{\"eventId\":\"e9\",\"version\":1,\"payload\":{\"uniscid\":\"91340000711771143\",\"entname\":\"某公司\"}}", Map.of()))
                .isInstanceOfSatisfying(MappingException.class, ex -> assertThat(ex.error()).isEqualTo(MappingError.INVALID_KEY));
    }
}
