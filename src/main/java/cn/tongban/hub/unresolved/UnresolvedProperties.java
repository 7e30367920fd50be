package cn.tongban.hub.unresolved;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Service-level targets of the "can't get it done" window ({@code hub.unresolved.*}).
 *
 * @param zone                  the time zone working days are counted in
 * @param respondWithin         from opening to a first response (clock time)
 * @param coordinateWorkingDays from opening to coordination between departments
 * @param closeWorkingDays      from opening to closing
 * @param holidays              extra non-working days (ISO dates, {@code 2026-10-01}); Saturdays and Sundays never count
 */
@ConfigurationProperties("hub.unresolved")
public record UnresolvedProperties(
        @DefaultValue("Asia/Shanghai") String zone,
        @DefaultValue("1h") Duration respondWithin,
        @DefaultValue("3") int coordinateWorkingDays,
        @DefaultValue("7") int closeWorkingDays,
        @DefaultValue List<String> holidays) {

    public UnresolvedProperties {
        holidays = holidays == null ? List.of() : List.copyOf(holidays);
    }
}
