package cn.tongban.hub.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.Ab01Row;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.demo.faults.Fault;
import cn.tongban.hub.demo.faults.SiloFaults;
import cn.tongban.hub.demo.silos.CivilAffairsSimulator;
import cn.tongban.hub.demo.silos.PublicSecuritySimulator;
import cn.tongban.hub.identifiers.Uscc;
import cn.tongban.hub.sources.publicsecurity.RequestSigner;
import cn.tongban.hub.testing.DemoClients;
import cn.tongban.hub.testing.DemoSubjects;

/**
 * Benchmark 1, fan-out overhead: the person pre-check (four silo mappings in parallel,
 * evidence written) and the enterprise profile (registry replica and AB01, then public
 * security for the legal representative) at fixed open-loop rates, next to the floor (the
 * slowest silo called directly by the client) and the sequential baseline (the same silos
 * called one after another by the client, as a window without the hub would), with the same
 * generator and the same schedule. The silos get fixed latencies through the demo's fault
 * proxies (mode {@code slow}), so hub and client meet the same silos on the same wire.
 *
 * <p>Arguments: {@code --rates 50,200,500} {@code --seconds 3} (measured per run)
 * {@code --warmup 2} (per series and rate, first repetition only) {@code --reps 3}
 * {@code --delays 20,40,20} (public security, civil affairs, social insurance per JDBC
 * exchange, ms) {@code --store-pool 10} (the hub's store connections) {@code --quick} (1 repetition, 3 s, rates 50
 * and 200).
 */
public final class FanoutBenchmark {

    private static final String MATTER = "QR00401004";
    private static final int MAX_IN_FLIGHT = 2000;
    /** Bulkheads, the social-insurance pool and the HTTP pools sized for 500/s at these latencies (Little's law). */
    private static final int SILO_THREADS = 48;
    private static final int SI_POOL = 32;
    private static final int DIRECT_SI_POOL = 24;
    private static final String[] DEGRADED = {":\"timeout\"", ":\"circuit_open\"", ":\"error\"", ":\"stale\""};
    /** A source's degraded status in a pre-check ({@code "silo":"timeout"}) or a profile ({@code "silo":{"status":"timeout"}). */
    private static final java.util.regex.Pattern DEGRADED_SOURCE = java.util.regex.Pattern.compile(
            "\"([a-z.-]+)\":(?:\\{\"status\":)?\"(timeout|circuit_open|error|stale)\"");
    /** Degraded sources seen in the current run, e.g. {@code social-insurance.person timeout -> 12}. */
    private static final Map<String, Long> DEGRADED_SOURCES = new java.util.concurrent.ConcurrentHashMap<>();

    private FanoutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchSupport.Args a = new BenchSupport.Args(args);
        boolean quick = a.flag("--quick");
        List<Double> rates = a.decimals("--rates", quick ? "50,200" : "50,200,500");
        double seconds = a.decimal("--seconds", 3);
        double warmup = a.decimal("--warmup", 2);
        int reps = a.integer("--reps", quick ? 1 : 3);
        // A social-insurance query is about 3 JDBC exchanges through the proxy (trials: ~95 ms at 30 ms each), so 20 gives ~60 ms.
        List<Double> delays = a.decimals("--delays", "20,40,20");
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String silo : List.of("public-security", "civil-affairs", "social-insurance")) {
            overrides.put("resilience4j.thread-pool-bulkhead.instances." + silo + ".core-thread-pool-size", "" + SILO_THREADS);
            overrides.put("resilience4j.thread-pool-bulkhead.instances." + silo + ".max-thread-pool-size", "" + SILO_THREADS);
        }
        overrides.put("camel.component.http.connections-per-route", "32");
        overrides.put("hub.security.clients.backoffice-demo.rate-limit", "1000000");
        // The hub's store pool: shipped 10 (HUB_DB_POOL_SIZE); --store-pool tries another size.
        int storePool = a.integer("--store-pool", 10);
        overrides.put("spring.datasource.hikari.maximum-pool-size", Integer.toString(storePool));
        try (ConfigurableApplicationContext ctx = BenchSupport.startHub(overrides)) {
            HikariDataSource hubSi = ctx.getBean("socialInsuranceDataSource", HikariDataSource.class);
            hubSi.getHikariConfigMXBean().setMaximumPoolSize(SI_POOL);
            BenchSupport.awaitReplica(ctx);
            DemoInfrastructure demo = ctx.getBean(DemoInfrastructure.class);
            SiloFaults faults = demo.faults();
            faults.apply(SiloFaults.PUBLIC_SECURITY, Fault.slow(Math.round(delays.get(0))));
            faults.apply(SiloFaults.CIVIL_AFFAIRS, Fault.slow(Math.round(delays.get(1))));
            faults.apply(SiloFaults.SOCIAL_INSURANCE, Fault.slow(Math.round(delays.get(2))));
            try (Direct direct = new Direct(ctx.getEnvironment())) {
                run(ctx, demo, direct, rates, seconds, warmup, reps, delays, quick, storePool);
            } finally {
                for (String silo : List.of(SiloFaults.PUBLIC_SECURITY, SiloFaults.CIVIL_AFFAIRS, SiloFaults.SOCIAL_INSURANCE)) {
                    faults.apply(silo, Fault.NONE);
                }
            }
        }
        System.exit(0);
    }

    private static void run(ConfigurableApplicationContext ctx, DemoInfrastructure demo, Direct direct, List<Double> rates,
                            double seconds, double warmup, int reps, List<Double> delays, boolean quick, int storePool) {
        int port = BenchSupport.port(ctx);
        HttpClient http = BenchSupport.http(4);
        List<String> persons = DemoSubjects.cleanPersons(demo.dataSet()).stream().filter(TruthPerson::insured)
                .map(TruthPerson::citizenId).limit(300).toList();
        List<Ab01Row> units = demo.dataSet().ab01Rows().stream()
                .filter(r -> r.AAB998() != null && r.AAB998().matches("[0-9A-Z]{18}") && Uscc.isValid(r.AAB998()))
                .filter(r -> r.AAB014() != null && r.AAB014().matches("[0-9]{17}[0-9X]")).limit(300).toList();
        String base = "http://127.0.0.1:" + port;
        // The demo's fault proxies, which the hub and the client both go through (at most 64 connections each).
        Map<String, Integer> proxies = new LinkedHashMap<>();
        for (String silo : List.of(SiloFaults.PUBLIC_SECURITY, SiloFaults.CIVIL_AFFAIRS, SiloFaults.SOCIAL_INSURANCE)) {
            proxies.put(silo, demo.faults().proxyPort(silo));
        }
        // The hub's own pools: its store (audit, evidence, last-known-good cache) and the social-insurance silo's.
        Map<String, HikariDataSource> pools = new LinkedHashMap<>();
        pools.put("hub-store", (HikariDataSource) ctx.getBean(javax.sql.DataSource.class));
        pools.put("social-insurance", ctx.getBean("socialInsuranceDataSource", HikariDataSource.class));
        long runId = System.currentTimeMillis() % 1_000_000;

        LoadGenerator.Call precheck = seq -> {
            String caseNumber = "BENCH-" + runId + "-" + seq;
            String person = persons.get((int) (seq % persons.size()));
            HttpRequest r = BenchSupport.purpose(HttpRequest.newBuilder(URI.create(base + "/api/v1/matters/" + MATTER + "/prechecks")),
                            DemoClients.BACKOFFICE_KEY, MATTER, caseNumber)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"subject\":\"" + person + "\",\"caseNumber\":\"" + caseNumber + "\"}"))
                    .build();
            return checked(http, r);
        };
        LoadGenerator.Call enterprise = seq -> checked(http, BenchSupport.request(base + "/api/v1/enterprises/"
                + units.get((int) (seq % units.size())).AAB998(), DemoClients.BACKOFFICE_KEY).GET().build());
        // The same silos, called by the client.
        Function<Long, String> person = seq -> persons.get((int) (seq % persons.size()));
        Map<String, LoadGenerator.Call> silo = new LinkedHashMap<>();
        silo.put("public security", seq -> direct.publicSecurity(person.apply(seq)));
        silo.put("social insurance AC01", seq -> direct.person(person.apply(seq)));
        silo.put("social insurance AC02", seq -> direct.insurance(person.apply(seq)));
        silo.put("civil affairs", seq -> direct.civilAffairs(person.apply(seq)));
        LoadGenerator.Call sequential = seq -> direct.publicSecurity(person.apply(seq))
                .thenCompose(s -> direct.person(person.apply(seq)))
                .thenCompose(s -> direct.insurance(person.apply(seq)))
                .thenCompose(s -> direct.civilAffairs(person.apply(seq)));
        LoadGenerator.Call chain = seq -> direct.unitThenLegalRepresentative(units.get((int) (seq % units.size())).AAB998());

        // Each silo alone, one call at a time: which one is the slowest (the floor of the pre-check).
        Map<String, Double> alone = new LinkedHashMap<>();
        for (var e : silo.entrySet()) {
            LoadGenerator.closedLoop(e.getValue(), 1, 1, 10);
            LoadGenerator.Run r = LoadGenerator.closedLoop(e.getValue(), 1, 3, 10);
            alone.put(e.getKey(), r.p50());
            System.out.printf(Locale.ROOT, "%s alone, one caller: p50 %.2f ms p99 %.2f ms (%d calls)%n", e.getKey(), r.p50(), r.p99(), r.ok());
        }
        String slowest = alone.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();

        Map<String, LoadGenerator.Call> series = new LinkedHashMap<>();
        String preName = "hub: pre-check " + MATTER + " (person; 4 silo mappings in parallel, evidence written)";
        String floorName = "floor: slowest silo called directly (" + slowest + ")";
        String seqName = "baseline: the 4 person silos called one after another by the client";
        String entName = "hub: enterprise profile (replica + AB01, then public security)";
        String chainName = "floor = baseline for the enterprise: AB01 then public security, called directly";
        series.put(preName, precheck);
        series.put(floorName, silo.get(slowest));
        series.put(seqName, sequential);
        series.put(entName, enterprise);
        series.put(chainName, chain);

        // Warm-up, a few callers in a closed loop: a cold hub (JIT, pools) is slow enough to open its breakers.
        for (var s : series.entrySet()) {
            System.out.println("warm-up " + shortName(s.getKey()) + ": " + LoadGenerator.closedLoop(s.getValue(), 4, warmup * 2, 10));
        }
        var breakers = ctx.getBean(io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.class);
        java.util.concurrent.atomic.AtomicLong transitions = new java.util.concurrent.atomic.AtomicLong();
        breakers.getAllCircuitBreakers().forEach(b -> b.getEventPublisher().onStateTransition(e -> transitions.incrementAndGet()));
        // results[series][rate] = runs over repetitions
        Map<String, Map<Double, List<LoadGenerator.Run>>> results = new LinkedHashMap<>();
        List<String> errorNotes = new ArrayList<>();
        series.keySet().forEach(s -> results.put(s, new LinkedHashMap<>()));
        for (int rep = 0; rep < reps; rep++) {
            for (double rate : rates) {
                for (var s : series.entrySet()) {
                    if (rep == 0 && warmup > 0) {
                        LoadGenerator.openLoop(s.getValue(), rate, warmup, MAX_IN_FLIGHT, 10);
                    }
                    // Each run starts from healthy breakers: an overload in the run before must not carry over.
                    breakers.getAllCircuitBreakers().forEach(io.github.resilience4j.circuitbreaker.CircuitBreaker::reset);
                    transitions.set(0);
                    DEGRADED_SOURCES.clear();
                    Map<String, Integer> maxConnections = new java.util.concurrent.ConcurrentHashMap<>();
                    Map<String, Integer> maxPool = new java.util.concurrent.ConcurrentHashMap<>();
                    var sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "connection-sampler");
                        t.setDaemon(true);
                        return t;
                    });
                    sampler.scheduleAtFixedRate(() -> {
                        proxies.forEach((name, proxyPort) -> maxConnections.merge(name, Profiling.established(proxyPort), Math::max));
                        pools.forEach((name, pool) -> {
                            var mx = pool.getHikariPoolMXBean();
                            if (mx != null) {
                                maxPool.merge(name + " active", mx.getActiveConnections(), Math::max);
                                maxPool.merge(name + " waiting", mx.getThreadsAwaitingConnection(), Math::max);
                            }
                        });
                    }, 0, 250, java.util.concurrent.TimeUnit.MILLISECONDS);
                    LoadGenerator.Run r = LoadGenerator.openLoop(s.getValue(), rate, seconds, MAX_IN_FLIGHT, 10);
                    sampler.shutdownNow();
                    String degraded = (DEGRADED_SOURCES.isEmpty() ? "" : "; degraded sources " + new java.util.TreeMap<>(DEGRADED_SOURCES))
                            + "; most connections open on the silo proxies (limit 64 each) " + new java.util.TreeMap<>(maxConnections)
                            + "; hub pools at most (hub-store " + pools.get("hub-store").getMaximumPoolSize() + ", social-insurance "
                            + SI_POOL + ") " + new java.util.TreeMap<>(maxPool) + "; circuit breaker transitions " + transitions.get();
                    System.out.printf(Locale.ROOT, "rep %d  %-90s %s%s%n", rep + 1, s.getKey(), r, degraded);
                    if (r.errors() + r.dropped() > 0 && errorNotes.size() < 8) {
                        errorNotes.add(String.format(Locale.ROOT, "Errors, repetition %d, %s at %.0f/s: %d of %d, %s%s.", rep + 1,
                                shortName(s.getKey()), rate, r.errors() + r.dropped(), r.sent() + r.dropped(), r.errorKinds(), degraded));
                    }
                    results.get(s.getKey()).computeIfAbsent(rate, k -> new ArrayList<>()).add(r);
                }
            }
        }

        BenchResult out = new BenchResult("fanout", "Fan-out look-up overhead (open loop, fixed silo latencies)",
                "bench/run.sh (this one: java -Xmx768m -cp ... cn.tongban.hub.bench.FanoutBenchmark"
                        + (quick ? " --quick" : "") + ")", "ms (p99)", false, reps);
        Map<String, List<Double>> chartSeries = new LinkedHashMap<>();
        for (var s : results.entrySet()) {
            List<Double> p99s = new ArrayList<>();
            for (double rate : rates) {
                List<LoadGenerator.Run> runs = s.getValue().get(rate);
                double[] p99 = runs.stream().mapToDouble(LoadGenerator.Run::p99).toArray();
                out.row(String.format(Locale.ROOT, "%s @ %.0f/s", s.getKey(), rate), !s.getKey().startsWith("hub"), p99,
                        BenchResult.extra("rate_per_s", rate,
                                "p50_ms", med(runs, LoadGenerator.Run::p50), "p99_ms", BenchResult.median(p99),
                                "p999_ms", med(runs, LoadGenerator.Run::p999), "max_ms", med(runs, LoadGenerator.Run::max),
                                "achieved_per_s", med(runs, LoadGenerator.Run::achievedPerSecond),
                                "errors", runs.stream().mapToLong(r -> r.errors() + r.dropped()).sum()));
                p99s.add(BenchResult.median(p99));
            }
            chartSeries.put(shortName(s.getKey()), p99s);
        }
        out.chart("line", "offered rate (requests/s)", "p99 latency (ms)", rates.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList(),
                chartSeries);
        double at = rates.contains(200.0) ? 200.0 : rates.get(rates.size() / 2);
        double pre = p99(results.get(preName).get(at));
        double floor = p99(results.get(floorName).get(at));
        double ent = p99(results.get(entName).get(at));
        double entFloor = p99(results.get(chainName).get(at));
        double ratio = pre / floor;
        out.ratio(String.format(Locale.ROOT, "pre-check p99 / floor p99 @ %.0f/s", at), ratio);
        out.ratio(String.format(Locale.ROOT, "pre-check p99 / sequential p99 @ %.0f/s", at), pre / p99(results.get(seqName).get(at)));
        out.ratio(String.format(Locale.ROOT, "enterprise p99 / its floor (AB01 then PS) p99 @ %.0f/s", at), ent / entFloor);
        for (double rate : rates) {
            out.ratio(String.format(Locale.ROOT, "pre-check p50 / floor p50 @ %.0f/s", rate),
                    med(results.get(preName).get(rate), LoadGenerator.Run::p50) / med(results.get(floorName).get(rate), LoadGenerator.Run::p50));
        }
        boolean met = ratio <= 1.05;
        out.target(String.format(Locale.ROOT, "hub p99 <= 1.05x the floor's p99 at %.0f requests/s", at), met,
                String.format(Locale.ROOT, "pre-check p99 %.0f ms = %.2fx the floor's %.0f ms (%s by %.0f ms); enterprise profile %.2fx its floor",
                        pre, ratio, floor, met ? "within" : "over", Math.abs(pre - 1.05 * floor), ent / entFloor));
        out.note(String.format(Locale.ROOT, "Silo latencies put in through the demo fault proxies (mode slow): public security %.0f ms, "
                + "civil affairs %.0f ms, social insurance %.0f ms per JDBC exchange. Each alone, one caller, p50: %s.",
                delays.get(0), delays.get(1), delays.get(2), alone.entrySet().stream()
                        .map(e -> e.getKey() + " " + BenchSupport.fmt(e.getValue()) + " ms").toList()));
        out.note("Open loop: each request's latency runs from its intended send time (schedule start + i/rate), into an "
                + "HdrHistogram, so stalls are charged to every request that should have left during them. Values per "
                + "repetition are the p99 of a " + seconds + " s run; p50/p99/p99.9 are medians over repetitions. Answers that "
                + "are HTTP 200 but report a source as timeout, circuit_open, error or stale count as errors.");
        out.note("Pools sized for the offered load (Little's law), not the shipped defaults: silo bulkheads " + SILO_THREADS
                + " threads (shipped 8, 12 for social insurance), social-insurance JDBC pool " + SI_POOL
                + " (shipped 5: at ~60 ms a query that caps the silo at ~80 queries/s, i.e. ~40 pre-checks/s), HTTP "
                + "connections per silo 32 (shipped 20). The hub's store pool: " + storePool + " (shipped 10, HUB_DB_POOL_SIZE; "
                + "--store-pool changes it): audit records, pre-check evidence, unresolved cases and last-known-good cache "
                + "writes share it. Circuit breakers are reset before each run, after a closed-loop warm-up of every series. The client's direct calls use their own pool of " + DIRECT_SI_POOL
                + " JDBC connections and the same HTTP client as the hub calls.");
        errorNotes.forEach(out::note);
        out.note("Everything shares the 2 cores: the hub, PostgreSQL, the simulated silos and their proxies, and the load generator.");
        out.write(BenchSupport.OUT);
    }

    /** The series' label in the chart and the notes. */
    private static String shortName(String s) {
        if (s.startsWith("floor = baseline")) {
            return "enterprise floor (AB01 then public security, direct)";
        }
        if (s.startsWith("baseline:")) {
            return "sequential (4 person silos one after another)";
        }
        int paren = s.indexOf(" (");
        String head = s.substring(0, paren > 0 ? paren : s.length());
        return s.startsWith("floor:") ? "floor: " + s.substring(s.indexOf('(') + 1, s.lastIndexOf(')')) + ", direct" : head;
    }

    private static double p99(List<LoadGenerator.Run> runs) {
        return med(runs, LoadGenerator.Run::p99);
    }

    private static double med(List<LoadGenerator.Run> runs, java.util.function.ToDoubleFunction<LoadGenerator.Run> f) {
        return BenchResult.median(runs.stream().mapToDouble(f).toArray());
    }

    /** HTTP 200 with no source degraded, else the status (599 for a degraded 200). */
    private static CompletableFuture<Integer> checked(HttpClient http, HttpRequest r) {
        return http.sendAsync(r, HttpResponse.BodyHandlers.ofString()).thenApply(res -> {
            if (res.statusCode() != 200) {
                return res.statusCode();
            }
            String body = res.body();
            for (String d : DEGRADED) {
                if (body.contains(d)) {
                    java.util.regex.Matcher m = DEGRADED_SOURCE.matcher(body);
                    while (m.find()) {
                        DEGRADED_SOURCES.merge(m.group(1) + " " + m.group(2), 1L, Long::sum);
                    }
                    return 599;
                }
            }
            return 200;
        });
    }

    /** The silos as a window client would call them, without the hub: same proxies, same delays. */
    static final class Direct implements AutoCloseable {
        private final HttpClient http = BenchSupport.http(4);
        private final HikariDataSource si = new HikariDataSource();
        private final ExecutorService jdbc = Executors.newFixedThreadPool(DIRECT_SI_POOL, r -> {
            Thread t = new Thread(r, "direct-jdbc");
            t.setDaemon(true);
            return t;
        });
        private final String psBase;
        private final String psKey;
        private final String psSecret;
        private final String caBase;
        private final String caId;
        private final String caToken;

        Direct(Environment env) {
            psBase = env.getRequiredProperty("hub.silos.public-security.base-url");
            psKey = env.getRequiredProperty("hub.silos.public-security.app-key");
            psSecret = env.getRequiredProperty("hub.silos.public-security.app-secret");
            caBase = env.getRequiredProperty("hub.silos.civil-affairs.base-url");
            caId = env.getRequiredProperty("hub.silos.civil-affairs.app-id");
            caToken = env.getRequiredProperty("hub.silos.civil-affairs.token");
            si.setPoolName("bench-direct-social-insurance");
            si.setJdbcUrl(env.getRequiredProperty("hub.silos.social-insurance.jdbc-url"));
            si.setUsername(env.getRequiredProperty("hub.silos.social-insurance.username"));
            si.setPassword(env.getRequiredProperty("hub.silos.social-insurance.password"));
            si.setReadOnly(true);
            si.setMaximumPoolSize(DIRECT_SI_POOL);
        }

        CompletableFuture<Integer> publicSecurity(String citizenId) {
            String query = "gmsfhm=" + URLEncoder.encode(citizenId, StandardCharsets.UTF_8);
            long ts = System.currentTimeMillis();
            String path = PublicSecuritySimulator.QUERY_PATH;
            HttpRequest r = HttpRequest.newBuilder(URI.create(psBase + path + "?" + query))
                    .header(RequestSigner.APP_KEY_HEADER, psKey).header(RequestSigner.TIMESTAMP_HEADER, Long.toString(ts))
                    .header(RequestSigner.SIGNATURE_HEADER, RequestSigner.sign(psSecret, "GET", path + "?" + query, psKey, ts))
                    .timeout(java.time.Duration.ofSeconds(10)).GET().build();
            return http.sendAsync(r, HttpResponse.BodyHandlers.ofByteArray()).thenApply(HttpResponse::statusCode);
        }

        CompletableFuture<Integer> civilAffairs(String citizenId) {
            HttpRequest r = HttpRequest.newBuilder(URI.create(caBase + CivilAffairsSimulator.QUERY_PATH + "?"
                            + CivilAffairsSimulator.ID_PARAMETER + "=" + URLEncoder.encode(citizenId, StandardCharsets.UTF_8)))
                    .header(CivilAffairsSimulator.APP_ID_HEADER, caId).header(CivilAffairsSimulator.TOKEN_HEADER, caToken)
                    .timeout(java.time.Duration.ofSeconds(10)).GET().build();
            // Civil affairs answers 404 for a person it has no record of; that is an answer, not an error.
            return http.sendAsync(r, HttpResponse.BodyHandlers.ofByteArray()).thenApply(res -> res.statusCode() == 404 ? 200 : res.statusCode());
        }

        /** AC01 as the hub's social-insurance-person route selects it. */
        CompletableFuture<Integer> person(String citizenId) {
            return query("SELECT AAC001, AAC002, AAC003, AAC004, AAC006, AAC008 FROM AC01 WHERE AAC002 IN (?) OR AAC001 IN (?)",
                    citizenId, rs -> null);
        }

        /** AC02 joined to AC01, as the hub's social-insurance-insurance route selects it. */
        CompletableFuture<Integer> insurance(String citizenId) {
            return query("SELECT AC02.AAC001, AC02.AAB001, AC02.AAE140, AC02.AAC031, AC02.AAC049, AC02.AAC030, AC02.LJJFYS, "
                    + "AC02.QFJE, AC01.AAC002, AC02.AAC001 || '/' || AC02.AAB001 || '/' || AC02.AAE140 AS RECORD_ID "
                    + "FROM AC02 JOIN AC01 ON AC01.AAC001 = AC02.AAC001 WHERE AC01.AAC002 IN (?) OR AC01.AAC001 IN (?)",
                    citizenId, rs -> null);
        }

        /** AB01 by the USCC, then public security for the legal representative's ID it holds. */
        CompletableFuture<Integer> unitThenLegalRepresentative(String uscc) {
            String[] id = new String[1];
            return query("SELECT AAB001, AAB002, AAB003, AAB004, AAB007, AAB013, AAB014, AAB019, AAB034, ZCZB, AAB998 FROM AB01 "
                    + "WHERE AAB998 = ? OR AAB001 IN (?)", uscc, rs -> id[0] = rs.getString("AAB014"))
                    .thenCompose(s -> s == 200 && id[0] != null ? publicSecurity(id[0]) : CompletableFuture.completedFuture(500));
        }

        interface RowReader {
            Object read(ResultSet rs) throws SQLException;
        }

        private CompletableFuture<Integer> query(String sql, String key, RowReader reader) {
            return CompletableFuture.supplyAsync(() -> {
                try (Connection c = si.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setQueryTimeout(2);
                    ps.setString(1, key);
                    ps.setString(2, "");
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            reader.read(rs);
                        }
                    }
                    return 200;
                } catch (SQLException e) {
                    return 500;
                }
            }, jdbc);
        }

        @Override
        public void close() {
            jdbc.shutdownNow();
            si.close();
        }
    }
}
