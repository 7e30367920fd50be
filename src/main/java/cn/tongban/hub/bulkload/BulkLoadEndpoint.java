package cn.tongban.hub.bulkload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * Actuator endpoint {@code bulkload} on the management port (operators only, like every
 * endpoint there but the probes):
 * <ul>
 * <li>{@code GET /actuator/bulkload}: the configured datasets and the latest runs with their
 * progress (done/total, rate, ETA, state);</li>
 * <li>{@code POST /actuator/bulkload} with {@code {"silo":"social-insurance","dataset":"units"}}
 * (optionally {@code "blocking":true} to hold readiness back while it runs, {@code "fresh":true}
 * to start over instead of resuming an unfinished run): 202 with the run, 409 when the dataset
 * is already running somewhere, 400 for an unknown dataset;</li>
 * <li>{@code DELETE /actuator/bulkload/{silo}/{dataset}}: aborts its running run (it can be
 * resumed with POST).</li>
 * </ul>
 */
@Component
@Endpoint(id = "bulkload")
public class BulkLoadEndpoint {

    /** Runs listed by GET: enough history to see the last days' loads of every dataset. */
    static final int HISTORY = 50;

    private final BulkLoader loader;

    BulkLoadEndpoint(BulkLoader loader) {
        this.loader = loader;
    }

    @ReadOperation
    public Map<String, Object> runs() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("instance", loader.owner());
        out.put("datasets", List.copyOf(loader.datasets()));
        out.put("runs", loader.recent(HISTORY).stream().map(this::view).toList());
        return out;
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> start(String silo, String dataset, @Nullable Boolean blocking,
                                                          @Nullable Boolean fresh) {
        BulkLoader.StartResult r = loader.start(silo, dataset, Boolean.TRUE.equals(blocking), Boolean.TRUE.equals(fresh));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", r.outcome().name());
        body.put("message", r.message());
        if (r.run() != null) {
            body.put("run", view(r.run()));
        }
        int status = switch (r.outcome()) {
            case STARTED, RESUMED -> 202;
            case ALREADY_RUNNING -> 409;
            case UNKNOWN_DATASET -> WebEndpointResponse.STATUS_BAD_REQUEST;
        };
        return new WebEndpointResponse<>(body, status);
    }

    @DeleteOperation
    public Map<String, Object> abort(@Selector String silo, @Selector String dataset) {
        return Map.of("aborted", loader.abort(silo, dataset));
    }

    Map<String, Object> view(BulkLoadRun r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("silo", r.silo());
        m.put("dataset", r.dataset());
        m.put("state", r.state().name());
        m.put("blocking", r.blocking());
        m.put("done", r.done());
        m.put("total", r.total());
        m.put("percent", r.total() == 0 ? (r.state() == BulkLoadRun.State.DONE ? 100.0 : 0.0)
                : Math.round(1000.0 * r.done() / r.total()) / 10.0);
        m.put("quarantined", r.quarantined());
        m.put("ratePerSecond", Math.round(r.rate() * 10) / 10.0);
        Long eta = r.state() == BulkLoadRun.State.RUNNING ? BulkLoadRun.etaSeconds(r.total(), r.done(), r.rate()) : null;
        m.put("etaSeconds", eta);
        // The silo's local key of the last committed row (unit or person number): where a resume starts.
        m.put("lastKey", r.lastKey());
        m.put("startedAt", r.startedAt());
        m.put("updatedAt", r.updatedAt());
        m.put("finishedAt", r.finishedAt());
        m.put("error", r.error());
        m.put("owner", r.owner());
        m.put("runningHere", loader.runsHere(r));
        return m;
    }
}
