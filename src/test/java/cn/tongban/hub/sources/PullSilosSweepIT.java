package cn.tongban.hub.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import cn.tongban.hub.canonical.Silo;
import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.Quirk;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.mapping.MappedRecord;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * The whole person side of the synthetic data set through the pull silos: every person is
 * looked up in public security and in the civil-affairs registry through their routes,
 * the gateway and the mappings, over real HTTP. Every answer is checked against the
 * generator's truth and the injected quirks are counted back.
 */
@HubIntegrationTest
class PullSilosSweepIT {

    private static final Logger log = LoggerFactory.getLogger(PullSilosSweepIT.class);

    @Autowired
    DemoInfrastructure demo;

    @Autowired
    SiloGateway gateway;

    @Test
    void everyPersonFlowsThroughPublicSecurityAndCivilAffairs() throws Exception {
        List<TruthPerson> persons = demo.dataSet().persons();
        Map<String, MappedRecord> ps = new ConcurrentHashMap<>();
        Map<String, MappedRecord> ca = new ConcurrentHashMap<>();
        Map<String, String> failures = new ConcurrentHashMap<>();
        AtomicInteger caNotFound = new AtomicInteger();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            persons.forEach(p -> done.add(pool.submit(() -> {
                SiloAnswer a = gateway.fetch("public-security", p.citizenId(), Map.of());
                if (a.status().equals("ok") && a.records().size() == 1) {
                    ps.put(p.citizenId(), a.records().get(0));
                } else {
                    failures.put("public-security " + p.citizenId().substring(0, 6), a.status() + " " + a.errorCode());
                }
                SiloAnswer c = gateway.fetch("civil-affairs", p.citizenId(), Map.of());
                if (c.status().equals("ok")) {
                    ca.put(p.citizenId(), c.records().get(0));
                } else if (c.status().equals("not_found")) {
                    caNotFound.incrementAndGet();
                } else {
                    failures.put("civil-affairs " + p.citizenId().substring(0, 6), c.status() + " " + c.errorCode());
                }
            })));
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.info("Swept {} persons through public-security and civil-affairs in {} ms", persons.size(), took.toMillis());

        assertThat(failures).as("look-ups that failed").isEmpty();
        assertThat(ps).hasSize(persons.size());
        for (TruthPerson p : persons) {
            MappedRecord r = ps.get(p.citizenId());
            assertThat(r.text("name")).as("name").isEqualTo(p.name());
            assertThat(r.text("birthDate")).as("birth date").isEqualTo(p.birthDate().toString());
            assertThat(r.text("maritalStatus")).as("marital status").isEqualTo(p.maritalStatus());
            assertThat(r.text("personStatus")).as("person status").isEqualTo(p.personStatus());
        }
        // Quirks of the public-security view, counted back: an empty household number is left out.
        Set<String> emptyHousehold = demo.dataSet().manifest().truthKeys(Quirk.EMPTY_STRING, Silo.PUBLIC_SECURITY);
        assertThat(ps.values().stream().filter(r -> !r.has("householdNumber")).count()).isEqualTo(emptyHousehold.size());
        assertThat(ps.values().stream().filter(r -> !r.flags().isEmpty()).map(r -> r.flags().toString()).toList())
                .as("flags on public-security records").isEmpty();

        // Civil affairs: a record for exactly the persons the registry holds.
        var registry = demo.dataSet().civilAffairs();
        assertThat(ca.size()).isEqualTo(registry.records().size());
        assertThat(caNotFound.get()).isEqualTo(persons.size() - registry.records().size());
        for (Map.Entry<String, MappedRecord> e : ca.entrySet()) {
            var sent = registry.record(e.getKey()).orElseThrow();
            MappedRecord r = e.getValue();
            assertThat(r.text("citizenId")).isEqualTo(e.getKey());
            // The record the registry holds for this person, with its business type as sent.
            assertThat(r.recordId()).as("record of %s", e.getKey().substring(0, 6)).isEqualTo(sent.ywlsh());
            assertThat(r.text("marriageRegistrationType")).isEqualTo(sent.ywlx());
        }
    }
}
