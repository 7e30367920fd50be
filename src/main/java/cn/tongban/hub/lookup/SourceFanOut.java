package cn.tongban.hub.lookup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import cn.tongban.hub.access.Access;
import cn.tongban.hub.mapping.CompiledMapping;
import cn.tongban.hub.mapping.Mappings;
import cn.tongban.hub.sources.SiloAnswer;
import cn.tongban.hub.sources.SiloGateway;

/**
 * Calls several pull mappings at once, each on its silo's own threads under its protection
 * ({@link cn.tongban.hub.sources.resilience.SiloProtection}), and waits for them no longer
 * than the request's deadline: a call still running then is reported from the last-known-good
 * cache as {@code stale}, or as {@code timeout} (code {@link #DEADLINE}), and left to finish
 * on its own, so the answer is never later than the deadline.
 */
@Component
class SourceFanOut {

    /** Error code of a source that had not answered when the request's deadline passed. */
    static final String DEADLINE = "DEADLINE_EXCEEDED";

    private static final Logger log = LoggerFactory.getLogger(SourceFanOut.class);

    /** One call: a mapping id, the key and its crosswalk aliases. */
    record Call(String mappingId, String key, Map<String, List<String>> aliases) {
    }

    private final SiloGateway gateway;
    private final Mappings mappings;

    SourceFanOut(SiloGateway gateway, Mappings mappings) {
        this.gateway = gateway;
        this.mappings = mappings;
    }

    /**
     * The answers by mapping id, in call order; every call has one, whatever happened, except
     * a call to a silo the request's client may not use: that silo is not called at all and
     * has no answer.
     */
    Map<String, SiloAnswer> fetchAll(List<Call> allowedOrNot, Deadline deadline) {
        List<Call> calls = new ArrayList<>();
        Map<String, CompletableFuture<SiloAnswer>> running = new LinkedHashMap<>();
        for (Call c : allowedOrNot) {
            String silo = siloOf(c.mappingId());
            if (!Access.mayCall(silo)) {
                continue;
            }
            calls.add(c);
            Access.calling(silo);
            running.put(c.mappingId(), gateway.fetchAsync(c.mappingId(), c.key(), c.aliases()));
        }
        try {
            CompletableFuture.allOf(running.values().toArray(CompletableFuture[]::new))
                    .get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Collected one by one below: each source gets its own status.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, SiloAnswer> answers = new LinkedHashMap<>();
        for (Call c : calls) {
            CompletableFuture<SiloAnswer> f = running.get(c.mappingId());
            if (f.isDone() && !f.isCompletedExceptionally()) {
                answers.put(c.mappingId(), f.join());
            } else if (f.isDone()) {
                Throwable cause = exceptionOf(f);
                log.warn("{} look-up failed: {}", c.mappingId(), cause.getClass().getSimpleName());
                answers.put(c.mappingId(), failed(c.mappingId(), SourceStatus.ERROR, cause.getClass().getSimpleName(),
                        deadline.elapsedMillis()));
            } else {
                log.info("{} look-up missed the {} ms deadline", c.mappingId(), deadline.budgetMillis());
                CompiledMapping m = mappings.byId(c.mappingId()).orElse(null);
                answers.put(c.mappingId(), m == null
                        ? failed(c.mappingId(), SourceStatus.TIMEOUT, DEADLINE, deadline.elapsedMillis())
                        : gateway.orStale(m, c.key(), SourceStatus.TIMEOUT, DEADLINE, deadline.elapsedMillis()));
            }
        }
        return answers;
    }

    private String siloOf(String mappingId) {
        return mappings.byId(mappingId).map(CompiledMapping::silo).orElse(mappingId);
    }

    /** One call's answer; {@code null} when the client may not use its silo. */
    SiloAnswer fetch(Call call, Deadline deadline) {
        return fetchAll(List.of(call), deadline).get(call.mappingId());
    }

    private SiloAnswer failed(String mappingId, String status, String code, long elapsed) {
        String silo = mappings.byId(mappingId).map(CompiledMapping::silo).orElse(mappingId);
        return new SiloAnswer(mappingId, silo, status, List.of(), new ArrayList<>(), code, elapsed);
    }

    private static Throwable exceptionOf(CompletableFuture<?> f) {
        try {
            f.join();
            return new IllegalStateException("completed");
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }
}
