package cn.tongban.hub.sources;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import jakarta.annotation.PreDestroy;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import cn.tongban.hub.canonical.Entity;
import cn.tongban.hub.crosswalk.Crosswalk;
import cn.tongban.hub.crosswalk.KeyResolver;
import cn.tongban.hub.logging.CorrelationId;
import cn.tongban.hub.lookup.SourceStatus;
import cn.tongban.hub.mapping.CompiledMapping;
import cn.tongban.hub.mapping.MappedRecord;
import cn.tongban.hub.mapping.MappingError;
import cn.tongban.hub.mapping.MappingException;
import cn.tongban.hub.mapping.Mappings;
import cn.tongban.hub.sources.publicsecurity.PopulationLookup;
import cn.tongban.hub.sources.resilience.SiloProtection;

/**
 * Calls a pull silo through its route and maps what comes back, for any silo whose mapping
 * file names a {@code lookup.endpoint}: adding a silo needs a route file and a mapping file,
 * not a class here.
 *
 * <p>The contract with a route: the exchange carries {@link #KEY_HEADER} (the USCC or the
 * 18-character citizen ID) and {@link #ALIASES_HEADER} (alias kind to values, from the
 * crosswalk); the route leaves as body a JSON answer (text, bytes or a Jackson tree; the
 * mapping's {@code lookup.records} points at the records), a list of rows (camel-sql), or a
 * {@link PopulationLookup}. HTTP 404 means not found, other HTTP errors are errors; a
 * timeout or an unreachable silo is reported as such, never thrown.
 */
@Service
public class SiloGateway {

    public static final String KEY_HEADER = "HubKey";
    public static final String ALIASES_HEADER = "HubAliases";
    /** Error code of a call the silo's open circuit breaker refused. */
    public static final String CIRCUIT_OPEN = "CIRCUIT_OPEN";
    /** Error code of a call refused because the silo's threads and queue were all taken. */
    public static final String BULKHEAD_FULL = "BULKHEAD_FULL";

    /** Outcome of a silo call (metric {@code hub.silo.calls}) the silo's full bulkhead refused. */
    static final String REJECTED = "rejected";

    private static final Logger log = LoggerFactory.getLogger(SiloGateway.class);

    private final ProducerTemplate producer;
    private final Mappings mappings;
    private final Crosswalk crosswalk;
    private final ObjectMapper json;
    private final SiloProtection protection;
    private final LastKnownGood lastKnownGood;
    private final cn.tongban.hub.ops.metrics.HubMetrics metrics;
    private final Clock clock = Clock.systemUTC();
    /** Builds fallback answers (a cache read) off the timer threads that complete time-outs; failures only. */
    private final ThreadPoolExecutor fallbacks;

    public SiloGateway(ProducerTemplate producer, Mappings mappings, Crosswalk crosswalk, ObjectMapper json,
                       SiloProtection protection, LastKnownGood lastKnownGood, cn.tongban.hub.ops.metrics.HubMetrics metrics) {
        this.producer = producer;
        this.metrics = metrics;
        this.mappings = mappings;
        this.crosswalk = crosswalk;
        this.json = json;
        this.protection = protection;
        this.lastKnownGood = lastKnownGood;
        AtomicInteger n = new AtomicInteger();
        // Bounded; when it is full the completing thread builds the answer itself.
        this.fallbacks = new ThreadPoolExecutor(2, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(500), r -> {
            Thread t = new Thread(r, "silo-answer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    @PreDestroy
    void stop() {
        fallbacks.shutdownNow();
    }

    /** The mappings that can be looked up for an entity (those with a {@code lookup} entry). */
    public List<CompiledMapping> pullMappings(Entity entity) {
        return mappings.all().stream().filter(m -> m.entity() == entity && m.lookup() != null).toList();
    }

    /**
     * Looks a key up in one pull mapping's silo and waits for the answer, which is bounded by
     * the silo's time limiter and retries (application.yaml, {@code resilience4j.*}).
     */
    public SiloAnswer fetch(String mappingId, String key, Map<String, List<String>> aliases) {
        return fetchAsync(mappingId, key, aliases).join();
    }

    /**
     * Looks a key up on the silo's own threads under its protection ({@link SiloProtection}).
     * The future always completes normally: a call that fails, times out or is refused by the
     * open breaker answers from the last-known-good cache ({@code stale}) when it can, and
     * otherwise with the status that says why (timeout, circuit_open, error).
     */
    public CompletableFuture<SiloAnswer> fetchAsync(String mappingId, String key, Map<String, List<String>> aliases) {
        CompiledMapping mapping = mappings.require(mappingId);
        if (mapping.lookup() == null) {
            throw new IllegalArgumentException("mapping " + mappingId + " has no lookup endpoint: its silo pushes data");
        }
        long started = System.nanoTime();
        // The silo's threads log, and send the silo, the correlation id of the request.
        String correlationId = CorrelationId.current();
        return protection.call(mapping.silo(), CorrelationId.propagating(() -> {
                    // On the silo's own thread: a good answer needs no other hop.
                    SiloAnswer answer = callOnce(mapping, key, aliases, correlationId);
                    if (SourceStatus.OK.equals(answer.status())) {
                        lastKnownGood.remember(mapping.id(), key, answer.records());
                    }
                    return answer;
                }))
                .thenApply(answer -> {
                    metrics.siloCall(mapping.silo(), answer.status(), System.nanoTime() - started);
                    return answer.withElapsed(elapsed(started));
                })
                // A failure reads the cache: off the timer thread that completes a time-out.
                .exceptionallyAsync(CorrelationId.propagating((Throwable failure) -> {
                    Throwable cause = unwrap(failure);
                    String status;
                    String code;
                    String outcome = null;
                    if (cause instanceof CallNotPermittedException) {
                        status = SourceStatus.CIRCUIT_OPEN;
                        code = CIRCUIT_OPEN;
                    } else if (cause instanceof TimeoutException) {
                        status = SourceStatus.TIMEOUT;
                        code = PopulationLookup.TIMED_OUT;
                    } else if (cause instanceof BulkheadFullException) {
                        status = SourceStatus.ERROR;
                        code = BULKHEAD_FULL;
                        outcome = REJECTED;
                    } else if (cause instanceof SiloFailure f) {
                        status = f.status();
                        code = f.code();
                    } else {
                        status = SourceStatus.ERROR;
                        code = cause.getClass().getSimpleName();
                        log.warn("{} look-up failed: {}", mapping.id(), code);
                    }
                    metrics.siloCall(mapping.silo(), outcome == null ? status : outcome, System.nanoTime() - started);
                    return orStale(mapping, key, status, code, elapsed(started));
                }), fallbacks);
    }

    /**
     * The answer of a call that could not be made or finished: the cached records marked
     * {@code stale} (with the code of what went wrong) when the cache has them, else nothing
     * with {@code status}. Also used by the fan-out for a call the request's deadline cut off.
     */
    public SiloAnswer orStale(CompiledMapping mapping, String key, String status, String code, long elapsedMillis) {
        return lastKnownGood.find(mapping.id(), key)
                .map(e -> new SiloAnswer(mapping.id(), mapping.silo(), SourceStatus.STALE, e.records(), List.of(), code, elapsedMillis))
                .orElseGet(() -> new SiloAnswer(mapping.id(), mapping.silo(), status, List.of(), List.of(), code, elapsedMillis));
    }

    /**
     * One call through the route. Returns business answers (ok, not found, a refusal, records
     * that could not be mapped); throws {@link SiloFailure} for what says the silo is unwell,
     * so that only those count against its circuit breaker.
     */
    private SiloAnswer callOnce(CompiledMapping mapping, String key, Map<String, List<String>> aliases,
                                String correlationId) {
        long started = System.nanoTime();
        Instant fetchedAt = clock.instant();
        Exchange reply;
        try {
            reply = producer.send(mapping.lookup().endpoint(), ExchangePattern.InOut, ex -> {
                ex.getMessage().setHeader(KEY_HEADER, key);
                ex.getMessage().setHeader(ALIASES_HEADER, aliases == null ? Map.of() : aliases);
                if (correlationId != null) {
                    // An HTTP route sends it on as a request header; the silo can log it too.
                    ex.getMessage().setHeader(CorrelationId.HEADER, correlationId);
                }
            });
        } catch (CamelExecutionException e) {
            reply = e.getExchange();
            if (reply == null) {
                throw new SiloFailure(SourceStatus.ERROR, e.getCause() == null ? "ERROR" : e.getCause().getClass().getSimpleName(), false);
            }
        }
        Exception failure = reply.getException();
        if (failure != null) {
            Throwable cause = failure instanceof CamelExecutionException && failure.getCause() != null ? failure.getCause() : failure;
            while (cause.getCause() != null && !(cause instanceof IOException)) {
                cause = cause.getCause();
            }
            if (cause instanceof InterruptedIOException) {
                throw new SiloFailure(SourceStatus.TIMEOUT, PopulationLookup.TIMED_OUT, false);
            }
            if (cause instanceof IOException) {
                // Refused or reset: worth one more try after a short pause (retry config).
                throw new SiloFailure(SourceStatus.ERROR, PopulationLookup.UNREACHABLE, true);
            }
            log.warn("{} look-up failed: {}", mapping.id(), cause.getClass().getSimpleName());
            throw new SiloFailure(SourceStatus.ERROR, cause.getClass().getSimpleName(), false);
        }
        Object body = reply.getMessage().getBody();
        int http = reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (body instanceof PopulationLookup lookup) {
            if (lookup.status() == PopulationLookup.Status.OK) {
                return mapAll(mapping, new ArrayList<>(lookup.records()), fetchedAt, started);
            }
            if (lookup.status() == PopulationLookup.Status.TIMEOUT) {
                throw new SiloFailure(SourceStatus.TIMEOUT, lookup.errorCode(), false);
            }
            if (lookup.status() == PopulationLookup.Status.ERROR && (http >= 500 || http < 300)) {
                // A server error, or a 2xx the hub cannot read: the silo is unwell, not the question.
                throw new SiloFailure(SourceStatus.ERROR, lookup.errorCode(), retryable(http));
            }
            return failed(mapping, lookup.status().hubStatus(), lookup.errorCode(), started);
        }
        if (http == 404) {
            return failed(mapping, SourceStatus.NOT_FOUND, null, started);
        }
        if (http >= 500) {
            throw new SiloFailure(SourceStatus.ERROR, PopulationLookup.HTTP_STATUS_PREFIX + http, retryable(http));
        }
        if (http >= 400) {
            return failed(mapping, SourceStatus.ERROR, PopulationLookup.HTTP_STATUS_PREFIX + http, started);
        }
        List<Object> records;
        try {
            records = records(mapping, body);
        } catch (MappingException e) {
            log.warn("{} answer rejected: {}", mapping.id(), e.getMessage());
            throw new SiloFailure(SourceStatus.ERROR, e.error().name(), false);
        }
        return mapAll(mapping, records, fetchedAt, started);
    }

    /** Gateway and proxy errors say the silo may be back in a moment; a 500 says it is broken. */
    private static boolean retryable(int http) {
        return http == 502 || http == 503 || http == 504;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private List<Object> records(CompiledMapping mapping, Object body) {
        if (body == null) {
            return List.of();
        }
        if (body instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        JsonNode tree;
        try {
            if (body instanceof JsonNode n) {
                tree = n;
            } else if (body instanceof byte[] b) {
                tree = json.readTree(b);
            } else if (body instanceof InputStream in) {
                tree = json.readTree(in);
            } else if (body instanceof String s) {
                tree = json.readTree(s);
            } else {
                tree = json.valueToTree(body);
            }
        } catch (IOException e) {
            throw new MappingException(MappingError.MALFORMED_RECORD, "the answer is not valid JSON");
        }
        if (tree == null || tree.isMissingNode()) {
            throw new MappingException(MappingError.MALFORMED_RECORD, "the answer is empty");
        }
        JsonNode at = mapping.recordsPointer() == null ? tree : tree.at(mapping.recordsPointer());
        List<Object> out = new ArrayList<>();
        if (at.isArray()) {
            at.forEach(out::add);
        } else if (at.isObject()) {
            out.add(at);
        } else if (!at.isMissingNode() && !at.isNull()) {
            throw new MappingException(MappingError.MALFORMED_RECORD, "the records are neither a list nor an object");
        } else if (mapping.recordsPointer() != null && at.isMissingNode()) {
            throw new MappingException(MappingError.MALFORMED_RECORD, "the answer has no " + mapping.lookup().records());
        }
        return out;
    }

    private SiloAnswer mapAll(CompiledMapping mapping, List<Object> records, Instant fetchedAt, long started) {
        List<MappedRecord> mapped = new ArrayList<>();
        List<SiloAnswer.Rejected> rejected = new ArrayList<>();
        for (Object r : records) {
            try {
                mapped.add(KeyResolver.resolve(mapping, mapping.map(r, fetchedAt), crosswalk));
            } catch (MappingException e) {
                rejected.add(new SiloAnswer.Rejected(null, e.error().name(), e.getMessage()));
            }
        }
        String status = mapped.isEmpty() ? (rejected.isEmpty() ? SourceStatus.NOT_FOUND : SourceStatus.ERROR) : SourceStatus.OK;
        return new SiloAnswer(mapping.id(), mapping.silo(), status, mapped, rejected,
                mapped.isEmpty() && !rejected.isEmpty() ? rejected.get(0).code() : null, elapsed(started));
    }

    private static SiloAnswer failed(CompiledMapping mapping, String status, String code, long started) {
        return new SiloAnswer(mapping.id(), mapping.silo(), status, List.of(), List.of(), code, elapsed(started));
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Alias kind to values, as the crosswalk holds them for a key; what routes get in {@link #ALIASES_HEADER}. */
    public static Map<String, List<String>> aliasMap(List<cn.tongban.hub.crosswalk.AliasLink> links) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (var l : links) {
            m.computeIfAbsent(l.aliasKind(), k -> new ArrayList<>()).add(l.aliasValue());
        }
        return m;
    }
}
