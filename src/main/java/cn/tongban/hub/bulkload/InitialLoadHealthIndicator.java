package cn.tongban.hub.bulkload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code initialLoad}: OUT_OF_SERVICE while a bulk load that blocks
 * readiness runs (the initial load at first start, when the store holds nothing of the
 * dataset yet, or a run started with {@code "blocking": true}), on any replica, since they
 * share the store whose data is incomplete; UP otherwise. The readiness group includes it
 * (management.endpoint.health.group.readiness), so a load balancer sends no traffic to a hub
 * that would answer from half a table.
 */
@Component("initialLoadHealthIndicator")
public class InitialLoadHealthIndicator implements HealthIndicator {

    private final BulkLoader loader;

    InitialLoadHealthIndicator(BulkLoader loader) {
        this.loader = loader;
    }

    @Override
    public Health health() {
        List<BulkLoadRun> blocking = loader.blockingRuns();
        if (blocking.isEmpty()) {
            return Health.up().build();
        }
        long done = 0;
        long total = 0;
        Long eta = 0L;
        List<Map<String, Object>> details = new java.util.ArrayList<>();
        for (BulkLoadRun r : blocking) {
            done += r.done();
            total += r.total();
            Long e = BulkLoadRun.etaSeconds(r.total(), r.done(), r.rate());
            eta = eta == null || e == null ? null : Math.max(eta, e);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("run", r.id());
            d.put("dataset", r.name());
            d.put("done", r.done());
            d.put("total", r.total());
            d.put("etaSeconds", e);
            details.add(d);
        }
        Health.Builder b = Health.outOfService().withDetail("done", done).withDetail("total", total);
        if (eta != null) {
            b.withDetail("eta", java.time.Duration.ofSeconds(eta).toString()).withDetail("etaSeconds", eta);
        }
        return b.withDetail("runs", details).build();
    }
}
