package cn.tongban.hub.demo.data;

import static cn.tongban.hub.demo.data.DefaultData.DATA;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import cn.tongban.hub.identifiers.CitizenId;

class CivilAffairsViewTest {

    private final CivilAffairsView view = DATA.civilAffairs();

    @Test
    void holdsOneRecordPerEverMarriedPersonAndNoneForOthers() {
        Set<String> withRecord = new HashSet<>();
        view.records().forEach(r -> assertThat(withRecord.add(r.sfzh())).as("one record for %s", r.sfzh()).isTrue());
        for (TruthPerson p : DATA.persons()) {
            boolean everMarried = Set.of("20", "30", "40").contains(p.maritalStatus());
            assertThat(withRecord.contains(p.citizenId())).as("%s status %s", p.citizenId(), p.maritalStatus())
                    .isEqualTo(everMarried);
        }
        assertThat(view.marriages()).hasSameSizeAs(view.records());
    }

    @Test
    void truthFollowsThePersonsAndTheRegistrationRules() {
        Map<String, TruthPerson> persons = new HashMap<>();
        DATA.persons().forEach(p -> persons.put(p.citizenId(), p));
        for (TruthMarriage m : view.marriages()) {
            TruthPerson p = persons.get(m.citizenId());
            assertThat(m.maritalStatus()).isEqualTo(p.maritalStatus());
            assertThat(m.registrationType()).isEqualTo(p.maritalStatus().equals("40") ? "IB" : m.registrationType());
            assertThat(m.registrationType()).isIn("IA", "IB", "IC");
            assertThat(m.registeredOn()).isBefore(SyntheticDataSet.REFERENCE_DATE).isAfter(p.birthDate().plusYears(15));
            assertThat(m.authority()).endsWith("民政局婚姻登记处");
            if (m.certificateNumber() == null) {
                assertThat(m.registeredOn()).isBefore(LocalDate.of(1995, 1, 1));
            } else {
                String prefix = switch (m.registrationType()) {
                    case "IA" -> "J";
                    case "IB" -> "L";
                    default -> "BJ";
                };
                assertThat(m.certificateNumber()).matches(prefix + "\\d{6}-" + m.registeredOn().getYear() + "-\\d{6}");
            }
            if (m.spouseCitizenId() != null) {
                CitizenId spouse = CitizenId.parse(m.spouseCitizenId());
                assertThat(spouse.sex().name()).isNotEqualTo(CitizenId.parse(m.citizenId()).sex().name());
            }
            if (m.spouseInDataSet() && m.spouseCitizenId() != null) {
                TruthPerson s = persons.get(m.spouseCitizenId());
                assertThat(s.householdNumber()).isEqualTo(p.householdNumber());
                assertThat(s.name()).isEqualTo(m.spouseName());
            }
        }
    }

    @Test
    void couplesOfAHouseholdShareTheirMarriageRegistration() {
        int couples = 0;
        for (TruthMarriage m : view.marriages()) {
            if (!m.spouseInDataSet() || m.spouseCitizenId() == null || !m.registrationType().equals("IA")) {
                continue;
            }
            TruthMarriage other = view.marriage(m.spouseCitizenId()).orElseThrow();
            if (other.registrationType().equals("IA")) {
                assertThat(other.recordId()).isEqualTo(m.recordId());
                assertThat(other.registeredOn()).isEqualTo(m.registeredOn());
                assertThat(other.certificateNumber()).isEqualTo(m.certificateNumber());
                couples++;
            }
        }
        assertThat(couples).isGreaterThan(1000);
    }

    @Test
    void recountOfTheQuirksOnTheRecordsMatchesTheInjections() {
        Map<CivilAffairsQuirk, Integer> counted = new EnumMap<>(CivilAffairsQuirk.class);
        for (CivilAffairsRecord r : view.records()) {
            TruthMarriage m = view.marriage(r.sfzh()).orElseThrow();
            if (r.djrq().matches("\\d{8}")) {
                counted.merge(CivilAffairsQuirk.DATE_COMPACT, 1, Integer::sum);
            } else if (r.djrq().contains("年")) {
                counted.merge(CivilAffairsQuirk.DATE_CHINESE, 1, Integer::sum);
            } else {
                assertThat(r.djrq()).isEqualTo(m.registeredOn().toString());
            }
            if (!r.hyzk().matches("\\d{2}")) {
                counted.merge(CivilAffairsQuirk.MARITAL_STATUS_AS_TEXT, 1, Integer::sum);
            }
            if (r.posfzh().equals("无")) {
                counted.merge(CivilAffairsQuirk.WU_PLACEHOLDER, 1, Integer::sum);
            } else if (r.posfzh().length() == 15) {
                counted.merge(CivilAffairsQuirk.FIFTEEN_DIGIT_CITIZEN_ID, 1, Integer::sum);
                assertThat(CitizenId.parse(r.posfzh()).value()).isEqualTo(m.spouseCitizenId());
            } else if (r.posfzh().endsWith("x")) {
                counted.merge(CivilAffairsQuirk.LOWERCASE_X, 1, Integer::sum);
            }
            if (r.zsbh().isEmpty()) {
                counted.merge(CivilAffairsQuirk.EMPTY_STRING, 1, Integer::sum);
            }
        }
        for (CivilAffairsQuirk q : CivilAffairsQuirk.values()) {
            assertThat(counted.getOrDefault(q, 0)).as(q.name()).isEqualTo(view.count(q)).isPositive();
            assertThat(view.fraction(q)).as(q.name()).isBetween(q.rate() * 0.7, q.rate() * 1.3);
        }
    }

    @Test
    void sameSeedGivesTheSameRegistryAndTheOtherViewsDoNotDependOnIt() {
        SyntheticDataSet small = SyntheticDataSet.generate(5L, 40, 400);
        SyntheticDataSet again = SyntheticDataSet.generate(5L, 40, 400);

        assertThat(again.civilAffairs().records()).isEqualTo(small.civilAffairs().records());
        assertThat(again.civilAffairs().marriages()).isEqualTo(small.civilAffairs().marriages());
        List<String> ids = small.civilAffairs().records().stream().map(CivilAffairsRecord::sfzh).toList();
        assertThat(ids).isSubsetOf(small.persons().stream().map(TruthPerson::citizenId).toList());
    }
}
