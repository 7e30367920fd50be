package cn.tongban.hub.unresolved;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The deadlines of an unresolved case from the moment it opens: respond within a clock
 * duration, coordinate and close within a number of working days. Working days skip
 * Saturday, Sunday and the configured holidays, counted in the configured zone; the time
 * of day is kept (opened Friday 10:00 + 3 working days = Wednesday 10:00). A case opened on
 * a non-working day counts from that moment too: Saturday 10:00 + 1 = Monday 10:00.
 */
public final class ServiceLevels {

    /** The three deadlines of one case. */
    public record Deadlines(Instant respondBy, Instant coordinateBy, Instant closeBy) {
    }

    private final ZoneId zone;
    private final Duration respondWithin;
    private final int coordinateDays;
    private final int closeDays;
    private final Set<LocalDate> holidays;

    public ServiceLevels(ZoneId zone, Duration respondWithin, int coordinateDays, int closeDays, Set<LocalDate> holidays) {
        if (respondWithin.isNegative() || coordinateDays < 0 || closeDays < coordinateDays) {
            throw new IllegalArgumentException("hub.unresolved: deadlines must be non-negative and closing must not come before coordinating");
        }
        this.zone = zone;
        this.respondWithin = respondWithin;
        this.coordinateDays = coordinateDays;
        this.closeDays = closeDays;
        this.holidays = Set.copyOf(holidays);
    }

    static ServiceLevels of(UnresolvedProperties p) {
        Set<LocalDate> days = new TreeSet<>();
        for (String h : p.holidays()) {
            try {
                days.add(LocalDate.parse(h.strip()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("hub.unresolved.holidays: '" + h + "' is not an ISO date (2026-10-01)", e);
            }
        }
        return new ServiceLevels(ZoneId.of(p.zone()), p.respondWithin(), p.coordinateWorkingDays(), p.closeWorkingDays(), days);
    }

    public Deadlines from(Instant opened) {
        return new Deadlines(opened.plus(respondWithin), plusWorkingDays(opened, coordinateDays), plusWorkingDays(opened, closeDays));
    }

    /** The moment {@code days} working days after {@code from}, same local time of day. */
    public Instant plusWorkingDays(Instant from, int days) {
        ZonedDateTime t = from.atZone(zone);
        int left = days;
        while (left > 0) {
            t = t.plusDays(1);
            if (isWorkingDay(t.toLocalDate())) {
                left--;
            }
        }
        return t.toInstant();
    }

    public boolean isWorkingDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY && !holidays.contains(day);
    }
}
