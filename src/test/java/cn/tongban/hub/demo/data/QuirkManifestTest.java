package cn.tongban.hub.demo.data;

import static cn.tongban.hub.canonical.Silo.MARKET_REGULATION;
import static cn.tongban.hub.canonical.Silo.PUBLIC_SECURITY;
import static cn.tongban.hub.canonical.Silo.SOCIAL_INSURANCE;
import static cn.tongban.hub.demo.data.DefaultData.DATA;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import cn.tongban.hub.canonical.Silo;
import cn.tongban.hub.identifiers.CitizenId;
import cn.tongban.hub.identifiers.IdentifierNormalizer;

/**
 * The manifest against the documented fractions, and against recounts made directly on the
 * silo views with the hub's identifier rules.
 */
class QuirkManifestTest {

    private final QuirkManifest manifest = DATA.manifest();

    @Test
    void everyQuirkIsInjectedInEveryDocumentedSiloAtTheDefaultSize() {
        SoftAssertions soft = new SoftAssertions();
        for (Quirk q : Quirk.values()) {
            soft.assertThat(q.silos()).as("%s names a silo", q).isNotEmpty();
            for (Silo s : q.silos()) {
                soft.assertThat(manifest.count(q, s)).as("%s in %s", q, s).isPositive();
                soft.assertThat(manifest.opportunities(q, s)).as("opportunities of %s in %s", q, s)
                        .isGreaterThanOrEqualTo(manifest.count(q, s));
            }
        }
        soft.assertAll();
    }

    @Test
    void everyFractionIsWithinItsDocumentedRange() {
        assertFractionsWithinRange(manifest);
    }

    @Test
    void fractionsStayWithinTheirRangesForOtherSeeds() {
        for (long seed : new long[] {1L, 424242L}) {
            assertFractionsWithinRange(SyntheticDataSet.generate(
                    seed, SyntheticDataSet.DEFAULT_ENTERPRISES, SyntheticDataSet.DEFAULT_PERSONS).manifest());
        }
    }

    private static void assertFractionsWithinRange(QuirkManifest m) {
        SoftAssertions soft = new SoftAssertions();
        for (Quirk q : Quirk.values()) {
            for (Quirk.Target t : q.targets()) {
                soft.assertThat(m.fraction(q, t.silo())).as("%s in %s", q, t.silo())
                        .isBetween(t.min(), t.max());
                soft.assertThat(t.rate()).as("rate of %s in %s", q, t.silo()).isBetween(t.min(), t.max());
            }
        }
        soft.assertAll();
    }

    @Test
    void badCheckCharactersMatchARecountOverTheSiloViews() {
        int ab01 = 0;
        for (Ab01Row r : DATA.ab01Rows()) {
            ab01 += (Recount.usccWithBadCheck(r.AAB998()) ? 1 : 0) + (Recount.orgCodeWithBadCheck(r.AAB003()) ? 1 : 0)
                    + (Recount.regNoWithBadCheck(r.AAB007()) ? 1 : 0) + (Recount.citizenIdWithBadCheck(r.AAB014()) ? 1 : 0);
        }
        int ac01 = (int) DATA.ac01Rows().stream().filter(r -> Recount.citizenIdWithBadCheck(r.AAC002())).count();
        int events = 0;
        for (MarketRegulationEvent e : keyedEvents()) {
            Map<String, Object> p = e.payload();
            events += (Recount.usccWithBadCheck((String) p.get("uniscid")) ? 1 : 0)
                    + (Recount.regNoWithBadCheck((String) p.get("regno")) ? 1 : 0);
        }

        assertThat(ab01 + ac01).isEqualTo(manifest.count(Quirk.BAD_CHECK_CHARACTER, SOCIAL_INSURANCE));
        assertThat(events).isEqualTo(manifest.count(Quirk.BAD_CHECK_CHARACTER, MARKET_REGULATION));
        assertThat(DATA.publicSecurityRecords()).noneMatch(r -> Recount.citizenIdWithBadCheck(r.GMSFHM()));
        assertThat(ab01).isPositive();
        assertThat(ac01).isPositive();
    }

    @Test
    void fifteenDigitIdsMatchARecountAndUpgradeToTheirTruthKey() {
        Map<String, String> truthByRecord = new HashMap<>();
        manifest.injections(Quirk.FIFTEEN_DIGIT_CITIZEN_ID, SOCIAL_INSURANCE)
                .forEach(i -> truthByRecord.put(i.recordKey() + "/" + i.field(), i.truthKey()));

        int recount = 0;
        for (Ac01Row r : DATA.ac01Rows()) {
            if (Recount.fifteenDigitId(r.AAC002())) {
                recount++;
                assertThat(CitizenId.upgrade(IdentifierNormalizer.normalize(r.AAC002())))
                        .isEqualTo(truthByRecord.get(r.AAC001() + "/AAC002"));
            }
        }
        for (Ab01Row r : DATA.ab01Rows()) {
            if (Recount.fifteenDigitId(r.AAB014())) {
                recount++;
                assertThat(CitizenId.upgrade(IdentifierNormalizer.normalize(r.AAB014())))
                        .isEqualTo(truthByRecord.get(r.AAB001() + "/AAB014"));
            }
        }
        assertThat(recount).isEqualTo(manifest.count(Quirk.FIFTEEN_DIGIT_CITIZEN_ID, SOCIAL_INSURANCE));
        assertThat(DATA.publicSecurityRecords()).noneMatch(r -> Recount.fifteenDigitId(r.GMSFHM()));
    }

    @Test
    void ab01RowsWithoutUsccMatchARecount() {
        List<Ab01Row> withoutUscc = DATA.ab01Rows().stream().filter(r -> Recount.missing(r.AAB998())).toList();
        long orgCodeOnly = withoutUscc.stream()
                .filter(r -> Recount.present(r.AAB003()) && Recount.missing(r.AAB007())).count();
        long regNoOnly = withoutUscc.stream()
                .filter(r -> Recount.missing(r.AAB003()) && Recount.present(r.AAB007())).count();

        assertThat(withoutUscc).hasSize(manifest.count(Quirk.AB01_USCC_MISSING, SOCIAL_INSURANCE));
        assertThat(withoutUscc).allMatch(r -> r.AAB998() == null, "USCC column is SQL NULL");
        assertThat(withoutUscc).noneMatch(r -> Recount.missing(r.AAB003()) && Recount.missing(r.AAB007()));
        assertThat(orgCodeOnly).isEqualTo(manifest.count(Quirk.AB01_ORG_CODE_ONLY, SOCIAL_INSURANCE));
        assertThat(regNoOnly).isEqualTo(manifest.count(Quirk.AB01_REG_NO_ONLY, SOCIAL_INSURANCE));
        assertThat(manifest.recordKeys(Quirk.AB01_USCC_MISSING, SOCIAL_INSURANCE))
                .containsExactlyElementsOf(withoutUscc.stream().map(Ab01Row::AAB001).toList());
    }

    @Test
    void lowerCaseXAndFullWidthIdentifiersMatchARecount() {
        long lowerX = DATA.ac01Rows().stream().filter(r -> Recount.halfWidth(r.AAC002()).endsWith("x")).count();
        assertThat(lowerX).isEqualTo(manifest.count(Quirk.LOWERCASE_X, SOCIAL_INSURANCE));

        long fullWidthSi = DATA.ab01Rows().stream()
                .filter(r -> Stream.of(r.AAB998(), r.AAB003(), r.AAB007()).anyMatch(Recount::hasFullWidth)).count()
                + DATA.ac01Rows().stream().filter(r -> Recount.hasFullWidth(r.AAC002())).count();
        assertThat(fullWidthSi).isEqualTo(manifest.count(Quirk.FULL_WIDTH_IDENTIFIER, SOCIAL_INSURANCE));

        long fullWidthMr = keyedEvents().stream().filter(e -> Recount.hasFullWidth((String) e.payload().get("uniscid"))).count();
        assertThat(fullWidthMr).isEqualTo(manifest.count(Quirk.FULL_WIDTH_IDENTIFIER, MARKET_REGULATION));
    }

    @Test
    void formatQuirksMatchARecount() {
        List<MarketRegulationEvent> events = keyedEvents();
        assertThat(countEvents(events, p -> p.get("estdate") instanceof Number))
                .isEqualTo(manifest.count(Quirk.DATE_EPOCH_MILLIS, MARKET_REGULATION));
        assertThat(countEvents(events, p -> String.valueOf(p.get("estdate")).contains("年")))
                .isEqualTo(manifest.count(Quirk.DATE_CHINESE, MARKET_REGULATION));
        assertThat(countEvents(events, p -> !String.valueOf(p.get("enttype")).matches("\\d{4}")))
                .isEqualTo(manifest.count(Quirk.ENTERPRISE_TYPE_AS_TEXT, MARKET_REGULATION));
        assertThat(countEvents(events, p -> "".equals(p.get("dom")) || "".equals(p.get("opscope"))))
                .isEqualTo(manifest.count(Quirk.EMPTY_STRING, MARKET_REGULATION));
        assertThat(countEvents(events, p -> "null".equals(p.get("regno")) || "null".equals(p.get("opto"))))
                .isEqualTo(manifest.count(Quirk.NULL_LITERAL, MARKET_REGULATION));
        assertThat(countEvents(events, p -> "无".equals(p.get("regno")) || "无".equals(p.get("opto"))))
                .isEqualTo(manifest.count(Quirk.WU_PLACEHOLDER, MARKET_REGULATION));

        assertThat(DATA.ac01Rows().stream().filter(r -> r.AAC006().contains("年")).count())
                .isEqualTo(manifest.count(Quirk.DATE_CHINESE, SOCIAL_INSURANCE));
        assertThat(DATA.ac02Rows().stream().filter(r -> r.AAC049().contains("-")).count())
                .isEqualTo(manifest.count(Quirk.DATE_DASHED, SOCIAL_INSURANCE));
        assertThat(DATA.publicSecurityRecords().stream().filter(r -> r.CSRQ().contains("-")).count())
                .isEqualTo(manifest.count(Quirk.DATE_DASHED, PUBLIC_SECURITY));
        assertThat(DATA.publicSecurityRecords().stream().filter(r -> r.HH().isEmpty()).count())
                .isEqualTo(manifest.count(Quirk.EMPTY_STRING, PUBLIC_SECURITY));
        assertThat(DATA.ab01Rows().stream().filter(r -> r.AAB004().endsWith(" ")).count()
                + DATA.ac01Rows().stream().filter(r -> r.AAC003().endsWith(" ")).count())
                .isEqualTo(manifest.count(Quirk.TRAILING_SPACES, SOCIAL_INSURANCE));
    }

    @Test
    void disagreementsBetweenSilosAreReal() {
        Map<String, TruthPerson> persons = new HashMap<>();
        DATA.persons().forEach(p -> persons.put(p.citizenId(), p));
        Map<String, String> ac01Names = new HashMap<>();
        DATA.ac01Rows().forEach(r -> ac01Names.put(r.AAC001(), r.AAC003().strip()));
        for (QuirkManifest.Injection i : manifest.injections(Quirk.PERSON_NAME_DISAGREES, SOCIAL_INSURANCE)) {
            assertThat(ac01Names.get(i.recordKey())).isNotEqualTo(persons.get(i.truthKey()).name());
        }
        Map<String, TruthEnterprise> enterprises = new HashMap<>();
        DATA.enterprises().forEach(e -> enterprises.put(e.uscc(), e));
        Map<String, Ab01Row> ab01 = new HashMap<>();
        DATA.ab01Rows().forEach(r -> ab01.put(r.AAB001(), r));
        for (QuirkManifest.Injection i : manifest.injections(Quirk.LEGAL_REP_DISAGREES, SOCIAL_INSURANCE)) {
            assertThat(ab01.get(i.recordKey()).AAB013()).isNotEqualTo(enterprises.get(i.truthKey()).legalRepresentativeName());
        }
        for (QuirkManifest.Injection i : manifest.injections(Quirk.ENTERPRISE_NAME_DISAGREES, SOCIAL_INSURANCE)) {
            assertThat(Recount.halfWidth(ab01.get(i.recordKey()).AAB004()).strip())
                    .isNotEqualTo(enterprises.get(i.truthKey()).name());
        }
        for (QuirkManifest.Injection i : manifest.injections(Quirk.PERSON_STATUS_DISAGREES, SOCIAL_INSURANCE)) {
            assertThat(persons.get(i.truthKey()).deceased()).isTrue();
        }
    }

    @Test
    void manifestJsonListsEveryQuirkAndSilo() {
        String json = manifest.toJson();
        for (Quirk q : Quirk.values()) {
            assertThat(json).contains("\"quirk\":\"" + q.name() + "\"");
        }
        assertThat(manifest.summary().lines().count()).isEqualTo(
                1 + java.util.Arrays.stream(Quirk.values()).mapToLong(q -> q.silos().size()).sum());
    }

    /** Well-formed published events that carry a key (the poison events without keys left out). */
    private static List<MarketRegulationEvent> keyedEvents() {
        return DATA.marketRegulationEvents().stream()
                .filter(MarketRegulationEvent::wellFormed)
                .filter(e -> e.payload().containsKey("uniscid") || e.payload().containsKey("regno"))
                .toList();
    }

    private static long countEvents(List<MarketRegulationEvent> events, Predicate<Map<String, Object>> test) {
        return events.stream().map(MarketRegulationEvent::payload).filter(test).count();
    }
}
