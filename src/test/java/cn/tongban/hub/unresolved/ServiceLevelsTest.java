package cn.tongban.hub.unresolved;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ServiceLevelsTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    static Instant at(String local) {
        return java.time.LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    static String local(Instant i) {
        return ZonedDateTime.ofInstant(i, SHANGHAI).toLocalDateTime().toString();
    }

    @Test
    void deadlinesSkipTheWeekend() {
        ServiceLevels levels = new ServiceLevels(SHANGHAI, Duration.ofHours(1), 3, 7, Set.of());
        // 2026-11-20 is a Friday.
        ServiceLevels.Deadlines d = levels.from(at("2026-11-20T10:00"));
        assertThat(local(d.respondBy())).isEqualTo("2026-11-20T11:00");
        assertThat(local(d.coordinateBy())).isEqualTo("2026-11-25T10:00");
        assertThat(local(d.closeBy())).isEqualTo("2026-12-01T10:00");
    }

    @Test
    void deadlinesSkipAConfiguredHoliday() {
        // Wednesday 2026-11-25 a holiday: Friday + 3 working days moves from Wednesday to Thursday.
        ServiceLevels levels = new ServiceLevels(SHANGHAI, Duration.ofHours(1), 3, 7, Set.of(LocalDate.parse("2026-11-25")));
        ServiceLevels.Deadlines d = levels.from(at("2026-11-20T10:00"));
        assertThat(local(d.coordinateBy())).isEqualTo("2026-11-26T10:00");
        assertThat(local(d.closeBy())).isEqualTo("2026-12-02T10:00");
    }

    @Test
    void countsInShanghaiTimeNotUtc() {
        ServiceLevels levels = new ServiceLevels(SHANGHAI, Duration.ofHours(1), 3, 7, Set.of());
        // Friday 23:30 UTC is Saturday 07:30 in Shanghai: the count starts on a weekend.
        Instant opened = Instant.parse("2026-11-20T23:30:00Z");
        assertThat(local(levels.plusWorkingDays(opened, 1))).isEqualTo("2026-11-23T07:30");
        assertThat(local(levels.plusWorkingDays(opened, 3))).isEqualTo("2026-11-25T07:30");
    }

    @Test
    void holidaysAreReadFromConfiguration() {
        ServiceLevels levels = ServiceLevels.of(new UnresolvedProperties("Asia/Shanghai", Duration.ofHours(1), 3, 7,
                java.util.List.of("2026-10-01", "2026-10-02")));
        assertThat(levels.isWorkingDay(LocalDate.parse("2026-10-01"))).isFalse();
        assertThat(levels.isWorkingDay(LocalDate.parse("2026-09-30"))).isTrue();
        assertThat(levels.isWorkingDay(LocalDate.parse("2026-10-03"))).isFalse();
    }
}
