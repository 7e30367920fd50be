package cn.tongban.hub.unresolved;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import cn.tongban.hub.ops.metrics.HubMetrics;

/**
 * {@code hub.unresolved.open{tag, department}} (active cases: not closed or cancelled) and
 * {@code hub.unresolved.overdue{tag, department}} (those past a service-level deadline for
 * their stage), counted in the store on a schedule: every replica reports the same numbers,
 * which change in minutes, not per scrape. A (tag, department) whose cases are all closed
 * drops out of the next round. Both dimensions are closed sets: four tags, the departments
 * of the matter catalogue.
 */
@Component
public class UnresolvedGauges {

    private static final Logger log = LoggerFactory.getLogger(UnresolvedGauges.class);

    private final UnresolvedStore store;
    private final MultiGauge open;
    private final MultiGauge overdue;
    private final Clock clock = Clock.systemUTC();

    UnresolvedGauges(UnresolvedStore store, HubMetrics metrics) {
        this.store = store;
        this.open = MultiGauge.builder(HubMetrics.UNRESOLVED_OPEN)
                .description("Unresolved cases (办不成事) not closed or cancelled, by tag and department")
                .register(metrics.registry());
        this.overdue = MultiGauge.builder(HubMetrics.UNRESOLVED_OVERDUE)
                .description("Unresolved cases past a service-level deadline of their stage, by tag and department")
                .register(metrics.registry());
    }

    /** Counts again now (the schedule calls it; so may a test). First round 5 s after start, so the gauges exist early. */
    @Scheduled(fixedDelayString = "${hub.metrics.unresolved-refresh:30s}", initialDelay = 5_000)
    public void refresh() {
        try {
            List<MultiGauge.Row<?>> openRows = new ArrayList<>();
            List<MultiGauge.Row<?>> overdueRows = new ArrayList<>();
            for (UnresolvedStore.ActiveCount c : store.activeByTagAndDepartment(clock.instant())) {
                Tags tags = Tags.of("tag", c.tag(), "department", c.department());
                openRows.add(MultiGauge.Row.of(tags, c.active()));
                overdueRows.add(MultiGauge.Row.of(tags, c.overdue()));
            }
            open.register(openRows, true);
            overdue.register(overdueRows, true);
        } catch (RuntimeException e) {
            // The store's own health says why; the gauges keep their last values.
            log.debug("unresolved case gauges not refreshed: {}", e.getClass().getSimpleName());
        }
    }
}
