package cn.tongban.hub.unresolved;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import cn.tongban.hub.matters.Reason;

class CaseStatusTest {

    @Test
    void movesOneStageAtATimeAlongTheTargets() {
        assertThat(CaseStatus.OPEN.canMoveTo(CaseStatus.RESPONDING)).isTrue();
        assertThat(CaseStatus.RESPONDING.canMoveTo(CaseStatus.COORDINATING)).isTrue();
        assertThat(CaseStatus.COORDINATING.canMoveTo(CaseStatus.CLOSED)).isTrue();
        assertThat(CaseStatus.OPEN.canMoveTo(CaseStatus.CLOSED)).isFalse();
        assertThat(CaseStatus.RESPONDING.canMoveTo(CaseStatus.OPEN)).isFalse();
        assertThat(CaseStatus.OPEN.canMoveTo(CaseStatus.OPEN)).isFalse();
    }

    @Test
    void anyActiveCaseMayBeCancelledAndFinalStatusesStayFinal() {
        assertThat(CaseStatus.OPEN.canMoveTo(CaseStatus.CANCELLED)).isTrue();
        assertThat(CaseStatus.COORDINATING.canMoveTo(CaseStatus.CANCELLED)).isTrue();
        assertThat(CaseStatus.CLOSED.next()).isEmpty();
        assertThat(CaseStatus.CANCELLED.next()).isEmpty();
        assertThat(CaseStatus.OPEN.next()).containsExactly(CaseStatus.RESPONDING, CaseStatus.CANCELLED);
    }

    @Test
    void conditionNotMetOpensNoCaseAndTheOtherReasonsHaveTheirTag() {
        assertThat(Tag.of(Reason.CONDITION_NOT_MET)).isEmpty();
        assertThat(Tag.of(Reason.SOURCE_UNAVAILABLE)).contains(Tag.SOURCE_UNAVAILABLE);
        assertThat(Tag.of(Reason.NO_RECORD)).contains(Tag.DATA_MISSING);
        assertThat(Tag.of(Reason.DATA_CONFLICT)).contains(Tag.DEPARTMENTS_DISAGREE);
        assertThat(Tag.of(Reason.NOT_SHAREABLE)).contains(Tag.NOT_CONNECTED);
    }

    @Test
    void masksTheSubjectKeyKeepingFirstSixAndLastFour() {
        assertThat(UnresolvedCase.mask("11010519491231002X")).isEqualTo("110105********002X");
    }
}
