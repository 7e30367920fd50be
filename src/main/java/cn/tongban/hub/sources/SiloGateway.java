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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import cn.tongban.hub.lookup.SourceStatus;
import cn.tongban.hub.mapping.CompiledMapping;
import cn.tongban.hub.mapping.MappedRecord;
import cn.tongban.hub.mapping.MappingError;
import cn.tongban.hub.mapping.MappingException;
import cn.tongban.hub.mapping.Mappings;
import cn.tongban.hub.sources.publicsecurity.PopulationLookup;

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

    private static final Logger log = LoggerFactory.getLogger(SiloGateway.class);

    private final ProducerTemplate producer;
    private final Mappings mappings;
    private final Crosswalk crosswalk;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    public SiloGateway(ProducerTemplate producer, Mappings mappings, Crosswalk crosswalk, ObjectMapper json) {
        this.producer = producer;
        this.mappings = mappings;
        this.crosswalk = crosswalk;
        this.json = json;
    }

    /** The mappings that can be looked up for an entity (those with a {@code lookup} entry). */
    public List<CompiledMapping> pullMappings(Entity entity) {
        return mappings.all().stream().filter(m -> m.entity() == entity && m.lookup() != null).toList();
    }

    public SiloAnswer fetch(String mappingId, String key, Map<String, List<String>> aliases) {
        CompiledMapping mapping = mappings.require(mappingId);
        if (mapping.lookup() == null) {
            throw new IllegalArgumentException("mapping " + mappingId + " has no lookup endpoint: its silo pushes data");
        }
        long started = System.nanoTime();
        Instant fetchedAt = clock.instant();
        Exchange reply;
        try {
            reply = producer.send(mapping.lookup().endpoint(), ExchangePattern.InOut, ex -> {
                ex.getMessage().setHeader(KEY_HEADER, key);
                ex.getMessage().setHeader(ALIASES_HEADER, aliases == null ? Map.of() : aliases);
            });
        } catch (CamelExecutionException e) {
            reply = e.getExchange();
            if (reply == null) {
                return failed(mapping, SourceStatus.ERROR, e.getCause() == null ? "ERROR" : e.getCause().getClass().getSimpleName(), started);
            }
        }
        Exception failure = reply.getException();
        if (failure != null) {
            Throwable cause = failure instanceof CamelExecutionException && failure.getCause() != null ? failure.getCause() : failure;
            while (cause.getCause() != null && !(cause instanceof IOException)) {
                cause = cause.getCause();
            }
            String status = cause instanceof InterruptedIOException ? SourceStatus.TIMEOUT : SourceStatus.ERROR;
            String code = cause instanceof InterruptedIOException ? PopulationLookup.TIMED_OUT
                    : cause instanceof IOException ? PopulationLookup.UNREACHABLE : cause.getClass().getSimpleName();
            log.warn("{} look-up failed: {} ({})", mapping.id(), code, cause.getClass().getSimpleName());
            return failed(mapping, status, code, started);
        }
        Object body = reply.getMessage().getBody();
        int http = reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (body instanceof PopulationLookup lookup) {
            if (lookup.status() != PopulationLookup.Status.OK) {
                return failed(mapping, lookup.status().hubStatus(), lookup.errorCode(), started);
            }
            return mapAll(mapping, new ArrayList<>(lookup.records()), fetchedAt, started);
        }
        if (http == 404) {
            return failed(mapping, SourceStatus.NOT_FOUND, null, started);
        }
        if (http >= 400) {
            return failed(mapping, SourceStatus.ERROR, PopulationLookup.HTTP_STATUS_PREFIX + http, started);
        }
        List<Object> records;
        try {
            records = records(mapping, body);
        } catch (MappingException e) {
            log.warn("{} answer rejected: {}", mapping.id(), e.getMessage());
            return failed(mapping, SourceStatus.ERROR, e.error().name(), started);
        }
        return mapAll(mapping, records, fetchedAt, started);
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
