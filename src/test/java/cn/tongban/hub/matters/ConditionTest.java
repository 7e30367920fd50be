package cn.tongban.hub.matters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import cn.tongban.hub.canonical.PersonField;
import cn.tongban.hub.canonical.Provenance;
import cn.tongban.hub.canonical.SourcedValue;

class ConditionTest {

    static final Instant AT = Instant.parse("2025-06-30T08:00:00Z");
    static final Map<String, String> ALL_OK = Map.of("public-security", "ok", "social-insurance", "ok", "civil-affairs", "ok");

    static SourcedValue v(String silo, Object value) {
        return new SourcedValue(value, new Provenance(silo, "F", "r1", AT));
    }

    static Map<String, SourcedValue> pension(String status, int months, String arrears) {
        return Map.of("insuranceType", v("social-insurance", "110"), "contributionStatus", v("social-insurance", status),
                "monthsPaid", v("social-insurance", months), "arrearsYuan", v("social-insurance", arrears),
                "firstInsuredOn", v("social-insurance", "2010-01-01"));
    }

    static SubjectData.Subject person(Map<String, String> sources, Set<String> conflicts, List<Map<String, SourcedValue>> insurances) {
        Map<String, SourcedValue> f = new HashMap<>();
        f.put("maritalStatus", v("civil-affairs", "20"));
        f.put("personStatus", v("public-security", "0"));
        f.put("name", v("public-security", "张三"));
        return new SubjectData.Subject("person", "11010519491231002X", f, insurances, sources, conflicts);
    }

    static final Condition MARRIED = new Condition.FieldTest(PersonField.MARITAL_STATUS, Condition.Op.IN, List.of("20", "21", "22", "23"));
    static final Condition ALIVE = new Condition.FieldTest(PersonField.DEATH_DATE, Condition.Op.ABSENT, List.of());
    static final Condition PENSION_6 = new Condition.InsuranceTest("110", List.of("1"), 6, true);

    @Test
    void satisfiedFieldTestKeepsOnlyTheFieldItRead() {
        Evaluation e = MARRIED.evaluate(person(ALL_OK, Set.of(), List.of()));
        assertThat(e.satisfied()).isTrue();
        assertThat(e.used()).containsOnlyKeys("maritalStatus");
        assertThat(e.used().get("maritalStatus").provenance().silo()).isEqualTo("civil-affairs");
    }

    @Test
    void absentFieldIsEvidenceVouchedForByItsAuthoritativeSilo() {
        Evaluation e = ALIVE.evaluate(person(ALL_OK, Set.of(), List.of()));
        assertThat(e.satisfied()).isTrue();
        assertThat(e.used().get("deathDate").value()).isNull();
        assertThat(e.used().get("deathDate").provenance().silo()).isEqualTo("public-security");
    }

    @Test
    void valueOutsideTheListIsConditionNotMet() {
        Condition unmarried = new Condition.FieldTest(PersonField.MARITAL_STATUS, Condition.Op.EQUALS, List.of("10"));
        assertThat(unmarried.evaluate(person(ALL_OK, Set.of(), List.of())).reason()).isEqualTo(Reason.CONDITION_NOT_MET);
    }

    @Test
    void authoritativeSiloTimedOutIsSourceUnavailableEvenWhenAnotherSiloHasTheValue() {
        Map<String, String> s = new HashMap<>(ALL_OK);
        s.put("civil-affairs", "timeout");
        Evaluation e = MARRIED.evaluate(person(s, Set.of(), List.of()));
        assertThat(e.reason()).isEqualTo(Reason.SOURCE_UNAVAILABLE);
        assertThat(e.detail()).containsExactly("civil-affairs");
    }

    @Test
    void authoritativeSiloWithoutRecordIsNoRecord() {
        Map<String, String> s = new HashMap<>(ALL_OK);
        s.put("civil-affairs", "not_found");
        assertThat(MARRIED.evaluate(person(s, Set.of(), List.of())).reason()).isEqualTo(Reason.NO_RECORD);
    }

    @Test
    void fieldInConflictIsDataConflict() {
        Evaluation e = MARRIED.evaluate(person(ALL_OK, Set.of("maritalStatus"), List.of()));
        assertThat(e.reason()).isEqualTo(Reason.DATA_CONFLICT);
        assertThat(e.detail()).containsExactly("maritalStatus");
    }

    @Test
    void pensionPaidSixMonthsWithoutArrearsIsSatisfiedWithTheFactsItNeeded() {
        Evaluation e = PENSION_6.evaluate(person(ALL_OK, Set.of(), List.of(pension("1", 6, "0.00"))));
        assertThat(e.satisfied()).isTrue();
        assertThat(e.used()).containsOnlyKeys("insurance[110].insuranceType", "insurance[110].contributionStatus",
                "insurance[110].monthsPaid", "insurance[110].arrearsYuan");
    }

    @Test
    void pensionWithArrearsOrTooFewMonthsOrSuspendedIsConditionNotMet() {
        assertThat(PENSION_6.evaluate(person(ALL_OK, Set.of(), List.of(pension("1", 60, "200.00")))).reason()).isEqualTo(Reason.CONDITION_NOT_MET);
        assertThat(PENSION_6.evaluate(person(ALL_OK, Set.of(), List.of(pension("1", 5, "0")))).reason()).isEqualTo(Reason.CONDITION_NOT_MET);
        assertThat(PENSION_6.evaluate(person(ALL_OK, Set.of(), List.of(pension("2", 60, "0")))).reason()).isEqualTo(Reason.CONDITION_NOT_MET);
    }

    @Test
    void noPensionAtAllIsNoRecord() {
        assertThat(PENSION_6.evaluate(person(ALL_OK, Set.of(), List.of())).reason()).isEqualTo(Reason.NO_RECORD);
    }

    @Test
    void allReportsTheHighestRankedFailureAndAnyTheFirstSatisfiedPart() {
        Map<String, String> s = new HashMap<>(ALL_OK);
        s.put("social-insurance", "error");
        SubjectData.Subject p = person(s, Set.of(), List.of());
        Condition unmarried = new Condition.FieldTest(PersonField.MARITAL_STATUS, Condition.Op.EQUALS, List.of("10"));
        Evaluation all = new Condition.All(List.of(unmarried, PENSION_6, MARRIED)).evaluate(p);
        assertThat(all.reason()).isEqualTo(Reason.SOURCE_UNAVAILABLE);
        assertThat(all.detail()).containsExactly("social-insurance");

        Evaluation any = new Condition.Any(List.of(PENSION_6, unmarried, MARRIED)).evaluate(p);
        assertThat(any.satisfied()).isTrue();
        assertThat(any.used()).containsOnlyKeys("maritalStatus");
    }
}
