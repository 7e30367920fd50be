package cn.tongban.hub.matters;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import cn.tongban.hub.canonical.CanonicalField;
import cn.tongban.hub.canonical.Entity;
import cn.tongban.hub.canonical.Silo;
import cn.tongban.hub.canonical.SourcedValue;
import cn.tongban.hub.canonical.ValueType;
import cn.tongban.hub.crosswalk.Crosswalk;
import cn.tongban.hub.lookup.SourceStatus;
import cn.tongban.hub.mapping.CompiledMapping;
import cn.tongban.hub.mapping.MappedRecord;
import cn.tongban.hub.registry.EnterpriseReplicaRepository;
import cn.tongban.hub.registry.ReplicaEnterprise;
import cn.tongban.hub.sources.SiloAnswer;
import cn.tongban.hub.sources.SiloGateway;

/**
 * The default {@link SubjectData}: asks the pull silos through {@link SiloGateway} in
 * parallel (a bounded pool and one deadline per subject) and reads enterprises from the
 * registry replica. A merge of its own, kept in this one class so that the merged profile
 * service can replace it (a {@code @Primary} {@link SubjectData} bean) without touching the
 * pre-check.
 *
 * <p>Merge rule (一数一源): a field takes the value of its authoritative silo when that silo
 * has one, otherwise the first other silo's in silo-id order; a field two silos give
 * different values for is a conflict. Labels are derived from codes and never compared.
 */
@Component
class SiloSubjectData implements SubjectData, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SiloSubjectData.class);

    private final SiloGateway gateway;
    private final Crosswalk crosswalk;
    private final EnterpriseReplicaRepository replica;
    private final long deadlineMillis;
    private final ThreadPoolExecutor pool;

    SiloSubjectData(SiloGateway gateway, Crosswalk crosswalk, EnterpriseReplicaRepository replica,
                    // Enough for the four person look-ups of two concurrent pre-checks on the 2-core host.
                    @Value("${hub.matters.subject-threads:8}") int threads,
                    // Above the silos' own 3 s timeouts, so that a slow silo reports its timeout itself.
                    @Value("${hub.matters.subject-deadline-ms:4000}") long deadlineMillis) {
        this.gateway = gateway;
        this.crosswalk = crosswalk;
        this.replica = replica;
        this.deadlineMillis = deadlineMillis;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(threads * 16), r -> {
            Thread t = new Thread(r, "subject-data-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public Optional<Subject> fetch(String subjectType, String key) {
        Entity entity = Condition.entityOf(subjectType);
        List<CompiledMapping> mappings = new ArrayList<>(gateway.pullMappings(entity));
        if (entity == Entity.PERSON) {
            mappings.addAll(gateway.pullMappings(Entity.INSURANCE));
        }
        mappings.sort(Comparator.comparing(CompiledMapping::id));
        Map<String, List<String>> aliases = new LinkedHashMap<>(SiloGateway.aliasMap(crosswalk.aliasesOf(entity.keySpace(), key)));

        Map<String, String> status = new TreeMap<>();
        Map<String, Map<String, SourcedValue>> bySilo = new TreeMap<>();
        if (entity == Entity.ENTERPRISE) {
            Optional<ReplicaEnterprise> e = replica.findByUscc(key);
            status.put(Silo.MARKET_REGULATION.id(), e.isPresent() ? SourceStatus.OK : SourceStatus.NOT_FOUND);
            e.ifPresent(r -> {
                bySilo.put(Silo.MARKET_REGULATION.id(), new LinkedHashMap<>(r.fields()));
                addAlias(aliases, "organizationCode", r.organizationCode());
                addAlias(aliases, "registrationNumber", r.registrationNumber());
            });
        }

        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
        Map<CompiledMapping, Future<SiloAnswer>> calls = new LinkedHashMap<>();
        for (CompiledMapping m : mappings) {
            try {
                calls.put(m, pool.submit(() -> gateway.fetch(m.id(), key, aliases)));
            } catch (RejectedExecutionException e) {
                log.warn("{} look-up not started: the subject-data pool is full", m.id());
                merge(status, m.silo(), SourceStatus.ERROR);
            }
        }
        List<Map<String, SourcedValue>> insurances = new ArrayList<>();
        for (Map.Entry<CompiledMapping, Future<SiloAnswer>> c : calls.entrySet()) {
            CompiledMapping m = c.getKey();
            SiloAnswer answer;
            try {
                answer = c.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                c.getValue().cancel(true);
                log.warn("{} look-up passed the {} ms deadline", m.id(), deadlineMillis);
                merge(status, m.silo(), SourceStatus.TIMEOUT);
                continue;
            } catch (ExecutionException e) {
                log.warn("{} look-up failed: {}", m.id(), e.getCause() == null ? "?" : e.getCause().getClass().getSimpleName());
                merge(status, m.silo(), SourceStatus.ERROR);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                merge(status, m.silo(), SourceStatus.ERROR);
                continue;
            }
            merge(status, m.silo(), answer.status());
            List<MappedRecord> records = answer.records().stream().sorted(Comparator.comparing(r -> String.valueOf(r.recordId()))).toList();
            if (m.entity() == Entity.INSURANCE) {
                records.forEach(r -> insurances.add(r.fields()));
            } else if (!records.isEmpty()) {
                // One record per silo: the first by record id (a silo holding two is a data problem of its own).
                bySilo.computeIfAbsent(m.silo(), s -> new LinkedHashMap<>()).putAll(records.get(0).fields());
            }
        }
        if (status.values().stream().allMatch(SourceStatus.NOT_FOUND::equals)) {
            return Optional.empty();
        }
        Map<String, SourcedValue> fields = new LinkedHashMap<>();
        Set<String> conflicts = new TreeSet<>();
        for (CanonicalField f : entity.fields()) {
            Map<String, String> texts = new TreeMap<>();
            SourcedValue chosen = null;
            for (Map.Entry<String, Map<String, SourcedValue>> s : bySilo.entrySet()) {
                SourcedValue v = s.getValue().get(f.json());
                if (v == null || v.value() == null) {
                    continue;
                }
                texts.put(s.getKey(), v.value().toString());
                if (chosen == null || s.getKey().equals(f.authority())) {
                    chosen = v;
                }
            }
            if (chosen != null) {
                fields.put(f.json(), chosen);
            }
            if (f.type() != ValueType.LABEL && f != entity.key() && texts.values().stream().distinct().count() > 1) {
                conflicts.add(f.json());
            }
        }
        return Optional.of(new Subject(subjectType, key, fields, insurances, status, conflicts));
    }

    /** A silo answering through several mappings gets the worst of their statuses: one failed part leaves its data incomplete. */
    private static void merge(Map<String, String> status, String silo, String next) {
        status.merge(silo, next, (a, b) -> rank(b) > rank(a) ? b : a);
    }

    private static int rank(String s) {
        if (Condition.UNAVAILABLE.contains(s)) {
            return 3;
        }
        return SourceStatus.NOT_FOUND.equals(s) ? 1 : 2;
    }

    private static void addAlias(Map<String, List<String>> aliases, String kind, String value) {
        if (value != null && !value.isBlank()) {
            List<String> values = aliases.computeIfAbsent(kind, k -> new ArrayList<>());
            if (!values.contains(value)) {
                values.add(value);
            }
        }
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
