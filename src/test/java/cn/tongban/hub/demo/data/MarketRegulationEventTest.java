package cn.tongban.hub.demo.data;

import static cn.tongban.hub.canonical.Silo.MARKET_REGULATION;
import static cn.tongban.hub.demo.data.DefaultData.DATA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.tongban.hub.identifiers.IdentifierNormalizer;

/** The shape of the market-regulation event stream. */
class MarketRegulationEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PAYLOAD_FIELDS = List.of("uniscid", "regno", "entname", "enttype", "lerep",
            "regcap", "regcapcur", "estdate", "apprdate", "opfrom", "opto", "opscope", "regorg", "regstate", "dom");

    private final List<MarketRegulationEvent> events = DATA.marketRegulationEvents();
    private final QuirkManifest manifest = DATA.manifest();

    @Test
    void wellFormedEventsParseAndMalformedOnesDoNot() throws JsonProcessingException {
        int malformed = 0;
        for (MarketRegulationEvent e : events) {
            if (e.wellFormed()) {
                JsonNode node = JSON.readTree(e.toJson());
                assertThat(node.get("eventId").asText()).isEqualTo(e.eventId());
                assertThat(node.get("version").asLong()).isEqualTo(e.version());
                assertThat(Instant.parse(node.get("changedAt").asText())).isEqualTo(e.changedAt());
                assertThat(e.toJson()).doesNotContain("\n");
            } else {
                malformed++;
                assertThatThrownBy(() -> JSON.readTree(e.toJson())).isInstanceOf(JsonProcessingException.class);
                assertThat(e.payload()).isNull();
            }
        }
        assertThat(malformed).isEqualTo(manifest.count(Quirk.EVENT_MALFORMED_JSON, MARKET_REGULATION));
    }

    @Test
    void payloadFieldsComeInTheRegistryOrder() {
        for (MarketRegulationEvent e : events) {
            if (e.wellFormed() && e.payload().containsKey("uniscid")) {
                assertThat(e.payload().keySet()).containsExactlyElementsOf(PAYLOAD_FIELDS);
            }
        }
    }

    @Test
    void poisonEventsWithoutKeysMatchTheManifest() {
        long withoutKeys = events.stream().filter(MarketRegulationEvent::wellFormed)
                .filter(e -> !e.payload().containsKey("uniscid") && !e.payload().containsKey("regno")).count();
        assertThat(withoutKeys).isEqualTo(manifest.count(Quirk.EVENT_MISSING_KEYS, MARKET_REGULATION)).isPositive();
    }

    @Test
    void everyEnterpriseHasItsInitialVersionAndItsLatestVersionIsTheTruth() {
        Map<String, Map<Long, Map<String, Object>>> versions = new HashMap<>();
        for (MarketRegulationEvent e : keyed()) {
            String uscc = IdentifierNormalizer.normalize((String) e.payload().get("uniscid"));
            versions.computeIfAbsent(uscc, k -> new HashMap<>()).putIfAbsent(e.version(), e.payload());
        }
        assertThat(versions).hasSameSizeAs(DATA.enterprises());
        for (TruthEnterprise t : DATA.enterprises()) {
            Map<Long, Map<String, Object>> v = versions.get(t.uscc());
            assertThat(v).as("events of %s", t.uscc()).containsKey(1L);
            long latest = v.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(v).hasSize((int) latest);
            Map<String, Object> last = v.get(latest);
            assertThat(last.get("regstate")).isEqualTo(t.registrationState());
            assertThat(((String) last.get("lerep")).strip()).isEqualTo(t.legalRepresentativeName());
            assertThat(Recount.halfWidth((String) last.get("entname")).strip()).isEqualTo(t.name());
            assertThat(last.get("regcap")).isEqualTo(t.registeredCapital());
        }
        assertThat(versions.values().stream().filter(v -> v.size() > 1).count()).isGreaterThan(DATA.enterprises().size() / 5);
    }

    @Test
    void reDeliveriesRepeatTheSameBody() {
        Map<String, String> bodies = new HashMap<>();
        int repeats = 0;
        for (MarketRegulationEvent e : events) {
            String previous = bodies.putIfAbsent(e.eventId(), e.toJson());
            if (previous != null) {
                repeats++;
                assertThat(e.toJson()).isEqualTo(previous);
            }
        }
        assertThat(repeats).isEqualTo(manifest.count(Quirk.EVENT_REDELIVERED, MARKET_REGULATION)).isPositive();
    }

    @Test
    void outOfOrderPairsMatchTheManifest() {
        // First publication of each version; later copies (re-deliveries, duplicates) are not reorderings.
        Map<String, List<Long>> firstSeen = new LinkedHashMap<>();
        Map<String, java.util.Set<Long>> seen = new HashMap<>();
        for (MarketRegulationEvent e : keyed()) {
            String uscc = IdentifierNormalizer.normalize((String) e.payload().get("uniscid"));
            if (seen.computeIfAbsent(uscc, k -> new java.util.HashSet<>()).add(e.version())) {
                firstSeen.computeIfAbsent(uscc, k -> new ArrayList<>()).add(e.version());
            }
        }
        long reordered = firstSeen.values().stream().filter(v -> !isIncreasing(v)).count();
        assertThat(reordered).isEqualTo(manifest.count(Quirk.EVENT_OUT_OF_ORDER, MARKET_REGULATION)).isPositive();
    }

    @Test
    void duplicateVersionsCarryANewEventIdAndTheSamePayload() {
        Map<String, Map<String, Object>> byKey = new HashMap<>();
        int duplicates = 0;
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (MarketRegulationEvent e : keyed()) {
            if (!ids.add(e.eventId())) {
                continue; // an exact re-delivery
            }
            String key = IdentifierNormalizer.normalize((String) e.payload().get("uniscid")) + "#" + e.version();
            Map<String, Object> previous = byKey.putIfAbsent(key, e.payload());
            if (previous != null) {
                duplicates++;
                assertThat(e.payload()).isEqualTo(previous);
            }
        }
        assertThat(duplicates).isEqualTo(manifest.count(Quirk.EVENT_DUPLICATE_VERSION, MARKET_REGULATION));
    }

    @Test
    void changeTimesAreOfficeHoursBeforeTheReferenceDate() {
        for (MarketRegulationEvent e : events) {
            LocalTime t = e.changedAt().atZone(Generator.ZONE).toLocalTime();
            assertThat(t).isBetween(LocalTime.of(8, 30), LocalTime.of(17, 30));
            assertThat(e.changedAt().atZone(Generator.ZONE).toLocalDate()).isBeforeOrEqualTo(SyntheticDataSet.REFERENCE_DATE);
        }
    }

    @Test
    void payloadAccessorReturnsACopy() {
        MarketRegulationEvent e = keyed().get(0);
        e.payload().clear();
        assertThat(e.payload()).isNotEmpty();
    }

    private List<MarketRegulationEvent> keyed() {
        return events.stream().filter(MarketRegulationEvent::wellFormed)
                .filter(e -> e.payload().get("uniscid") != null).toList();
    }

    private static boolean isIncreasing(List<Long> v) {
        for (int i = 1; i < v.size(); i++) {
            if (v.get(i) <= v.get(i - 1)) {
                return false;
            }
        }
        return true;
    }
}
