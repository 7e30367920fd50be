package cn.tongban.hub.bench;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import cn.tongban.hub.demo.data.SyntheticDataSet;

/**
 * Benchmark 5, memory and start: the hub on its embedded default (demo profile) as a child
 * JVM with {@code -Xmx256m}, started {@code --starts} times. Each start is timed from process
 * start to the readiness probe answering UP. After the last start, once the market-regulation
 * backlog is in the replica, the idle resident memory (VmRSS) is the baseline; then benchmark
 * 2's look-ups run against it (closed loop, from this JVM) while VmRSS is sampled.
 *
 * <p>The first start runs with native memory tracking and a short load, to say where the memory
 * goes; the last one, without it, gives the figures.
 *
 * <p>The demo hub holds the Kafka broker and the simulated silos in the same JVM; PostgreSQL
 * is its own processes (reported beside, not in, the hub's figure).
 *
 * <p>Arguments: {@code --starts 3} {@code --seconds 15} (load) {@code --callers 16}
 * {@code --xmx 256m} {@code --quick} (2 starts, 8 s of load).
 */
public final class MemoryStartBenchmark {

    private static final double TARGET_MIB = 512;

    private MemoryStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchSupport.Args a = new BenchSupport.Args(args);
        boolean quick = a.flag("--quick");
        int starts = a.integer("--starts", quick ? 2 : 3);
        double seconds = a.decimal("--seconds", quick ? 8 : 15);
        int callers = a.integer("--callers", 16);
        String xmx = a.string("--xmx", "256m");
        List<String> usccs = SyntheticDataSet.generateDefault().enterprises().stream().map(e -> e.uscc()).toList();
        HttpClient http = BenchSupport.http(4);
        double[] ready = new double[starts];
        double idleRss = Double.NaN;
        double idlePg = Double.NaN;
        List<Double> loadRss = new ArrayList<>();
        List<Double> timeline = new ArrayList<>();
        List<String> timelineX = new ArrayList<>();
        LoadGenerator.Run load = null;
        String nmt = null;
        for (int s = 0; s < starts; s++) {
            boolean last = s == starts - 1;
            // The first start (when there are more) explains the memory: native memory tracking costs a few
            // MiB of its own, so the start whose RSS is reported runs without it.
            boolean explain = s == 0 && (starts > 1 || !last) || starts == 1;
            int port = freePort();
            int mgmt = freePort();
            Path pgDir = BenchSupport.OUT.resolve("memory-pg-" + s).toAbsolutePath();
            Path log = BenchSupport.OUT.resolve("memory-start-" + (s + 1) + ".log");
            Files.createDirectories(BenchSupport.OUT);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + xmx));
            if (explain) {
                cmd.add("-XX:NativeMemoryTracking=summary");
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "cn.tongban.hub.TongbanHubApplication",
                    "--server.port=" + port, "--management.server.port=" + mgmt,
                    "--hub.security.clients.restricted-demo.rate-limit=1000000"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("HUB_DEMO_DATA_DIR", pgDir.toString());
            long t0 = System.nanoTime();
            Process p = pb.start();
            try {
                ready[s] = awaitReady(http, p, mgmt, t0);
                System.out.printf(Locale.ROOT, "start %d: ready after %.2f s, RSS %.0f MiB%n", s + 1, ready[s], Profiling.rssMiB(p.pid()));
                String base = "http://127.0.0.1:" + port + "/api/v1/enterprises/";
                List<String> sample = usccs.subList(0, Math.min(1000, usccs.size()));
                LoadGenerator.Call call = seq -> BenchSupport.status(http, BenchSupport.request(
                        base + sample.get((int) (seq % sample.size())) + ReplicaBenchmark.FIELDS, ReplicaBenchmark.KEY).GET().build());
                if (explain && !last) {
                    awaitBacklog(http, base, sample);
                    LoadGenerator.closedLoop(call, callers, Math.min(5, seconds), 10);
                    nmt = nativeMemory(p.pid(), Profiling.rssMiB(p.pid()));
                    System.out.println(nmt);
                }
                if (!last) {
                    continue;
                }
                awaitBacklog(http, base, sample);
                ReplicaBenchmark.checkReplicaOnly(http, base + usccs.get(0) + ReplicaBenchmark.FIELDS);
                // Idle: a few seconds after the backlog, sampled.
                List<Double> idle = new ArrayList<>();
                // Ten samples half a second apart (Awaitility polls the sampling condition).
                await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).atMost(Duration.ofSeconds(30))
                        .pollInSameThread().until(() -> {
                            idle.add(Profiling.rssMiB(p.pid()));
                            timeline.add(idle.get(idle.size() - 1));
                            timelineX.add(String.format(Locale.ROOT, "%.1f", (idle.size() - 11) * 0.5));
                            return idle.size() >= 10;
                        });
                idleRss = BenchResult.median(idle);
                idlePg = postgresRss(pgDir);
                var pool = Executors.newSingleThreadExecutor();
                Future<LoadGenerator.Run> running = pool.submit(() -> LoadGenerator.closedLoop(call, callers, seconds, 10));
                long l0 = System.nanoTime();
                // RSS every half second until the load is over (bounded by the load's own length).
                await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).atMost(Duration.ofSeconds((long) seconds + 60))
                        .pollInSameThread().until(() -> {
                            double rss = Profiling.rssMiB(p.pid());
                            loadRss.add(rss);
                            timeline.add(rss);
                            timelineX.add(String.format(Locale.ROOT, "%.1f", (System.nanoTime() - l0) / 1e9));
                            return running.isDone();
                        });
                load = running.get();
                pool.shutdown();
                if (explain) {
                    nmt = nativeMemory(p.pid(), loadRss.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
                }
                System.out.printf(Locale.ROOT, "under load: %s; RSS idle %.0f MiB, under load max %.0f MiB%n", load, idleRss,
                        loadRss.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
            } finally {
                stop(p, pgDir);
                deleteTree(pgDir);
            }
        }
        write(ready, idleRss, idlePg, loadRss, timelineX, timeline, load, nmt, starts, seconds, callers, xmx, quick);
        System.exit(0);
    }

    private static void write(double[] ready, double idleRss, double idlePg, List<Double> loadRss, List<String> x, List<Double> timeline,
                              LoadGenerator.Run load, String nmt, int starts, double seconds, int callers, String xmx, boolean quick) {
        double maxLoad = loadRss.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        BenchResult out = new BenchResult("memory", "Memory and start (demo profile, -Xmx" + xmx + ")",
                "bench/run.sh (this one: java -cp ... cn.tongban.hub.bench.MemoryStartBenchmark" + (quick ? " --quick" : "") + ")",
                "MiB or s (per row)", false, starts);
        out.row("hub RSS under benchmark 2's load, max of samples (MiB)", false, new double[] {maxLoad},
                BenchResult.extra("median_MiB", BenchResult.median(loadRss), "samples", loadRss.size()));
        out.row("hub RSS idle after start and backlog (MiB)", true, new double[] {idleRss}, null);
        out.row("PostgreSQL processes RSS, idle (MiB; shared buffers counted once per process, an upper bound)", false,
                new double[] {idlePg}, null);
        out.row("time to ready, process start to readiness UP (s)", false, ready, null);
        boolean met = maxLoad <= TARGET_MIB;
        out.target("hub RSS <= 512 MiB under benchmark 2's load with -Xmx256m", met, String.format(Locale.ROOT,
                "%.0f MiB = %.2fx of the limit (%s by %.0f MiB); idle %.0f MiB; time to ready median %.1f s", maxLoad,
                maxLoad / TARGET_MIB, met ? "under" : "over", Math.abs(TARGET_MIB - maxLoad), idleRss, BenchResult.median(ready)));
        out.ratio("RSS under load / idle", maxLoad / idleRss);
        out.ratio("RSS under load / limit", maxLoad / TARGET_MIB);
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("hub VmRSS (MiB)", timeline);
        series.put("limit 512 MiB", timeline.stream().map(v -> TARGET_MIB).toList());
        out.chart("line", "seconds from the start of the load (negative: idle)", "MiB", x, series);
        out.note(String.format(Locale.ROOT, "The hub runs as a child JVM, `java -Xmx%s -cp ... cn.tongban.hub.TongbanHubApplication` "
                + "on its embedded default (demo profile: PostgreSQL as separate processes, the Kafka broker, the simulated silos "
                + "and their fault proxies inside the hub's JVM, so its RSS holds all of them). Time to ready: from process start "
                + "to GET /actuator/health/readiness answering UP, %d starts.", xmx, starts));
        if (load != null) {
            out.note(String.format(Locale.ROOT, "Load: benchmark 2's look-up, closed loop, %d callers for %.0f s from the benchmark's "
                    + "JVM: %s. VmRSS from /proc/<pid>/status every 0.5 s.", callers, seconds, load));
        }
        if (nmt != null) {
            out.note(nmt);
        }
        out.write(BenchSupport.OUT);
    }

    /** {@code jcmd <pid> VM.native_memory summary}, right after the load: the committed memory by JVM area. */
    private static String nativeMemory(long pid, double rss) {
        try {
            Process j = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid),
                    "VM.native_memory", "summary").redirectErrorStream(true).start();
            String text = new String(j.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            j.waitFor(30, TimeUnit.SECONDS);
            java.util.regex.Matcher total = java.util.regex.Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB").matcher(text);
            java.util.regex.Matcher area = java.util.regex.Pattern.compile("-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)")
                    .matcher(text);
            Map<String, Double> byArea = new LinkedHashMap<>();
            while (area.find()) {
                byArea.put(area.group(1).trim(), Long.parseLong(area.group(3)) / 1024.0);
            }
            if (!total.find() || byArea.isEmpty()) {
                return "Native memory tracking gave no summary: " + text.lines().limit(3).toList();
            }
            String top = byArea.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(9)
                    .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()))
                    .collect(java.util.stream.Collectors.joining(", "));
            return String.format(Locale.ROOT, "Where the hub's memory goes, right after a short load on the first start, which "
                    + "runs with -XX:NativeMemoryTracking=summary (its own bookkeeping included; RSS then %.0f MiB): JVM committed "
                    + "total %.0f MiB: %s (MiB). RSS minus this total is memory the JVM does not track (native libraries' malloc "
                    + "arenas, mapped jar files) or has committed but not touched.", rss, Long.parseLong(total.group(2)) / 1024.0, top);
        } catch (java.io.IOException | InterruptedException | RuntimeException e) {
            return "Native memory tracking failed: " + e;
        }
    }

    private static double awaitReady(HttpClient http, Process p, int mgmt, long t0) {
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mgmt + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        await("the hub ready within 4 minutes").pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .atMost(Duration.ofMinutes(4)).pollInSameThread().until(() -> {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("the hub exited with " + p.exitValue() + " before it was ready");
                    }
                    try {
                        HttpResponse<String> r = http.send(probe, HttpResponse.BodyHandlers.ofString());
                        return r.statusCode() == 200 && r.body().contains("UP");
                    } catch (java.io.IOException e) {
                        return false; // not listening yet
                    }
                });
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Every 50th enterprise of the load's sample answers: the publisher's backlog is in the replica. */
    private static void awaitBacklog(HttpClient http, String base, List<String> sample) {
        int[] next = {0};
        await("the market-regulation backlog in the replica within 3 minutes").pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500)).atMost(Duration.ofMinutes(3)).pollInSameThread().until(() -> {
                    while (next[0] < sample.size()) {
                        try {
                            if (http.send(BenchSupport.request(base + sample.get(next[0]) + ReplicaBenchmark.FIELDS, ReplicaBenchmark.KEY)
                                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                                return false;
                            }
                        } catch (java.io.IOException e) {
                            return false; // retried at the next poll
                        }
                        next[0] += 50;
                    }
                    return true;
                });
    }

    /** VmRSS of the PostgreSQL processes whose command line names the data directory, and their children. */
    private static double postgresRss(Path dataDir) {
        double sum = 0;
        File[] procs = new File("/proc").listFiles((d, n) -> n.matches("\\d+"));
        if (procs == null) {
            return Double.NaN;
        }
        for (File f : procs) {
            String cmd = Profiling.read(f.toPath().resolve("cmdline")).replace('\0', ' ');
            if (cmd.contains("postgres") && cmd.contains(dataDir.toString())) {
                long pid = Long.parseLong(f.getName());
                sum += Profiling.rssMiB(pid);
                sum += ProcessHandle.of(pid).map(h -> h.descendants().mapToDouble(d -> Profiling.rssMiB(d.pid())).sum()).orElse(0.0);
            }
        }
        return sum == 0 ? Double.NaN : sum;
    }

    /** SIGTERM (the hub closes PostgreSQL and the broker), then SIGKILL after 60 s, for it and anything it left. */
    private static void stop(Process p, Path pgDir) throws InterruptedException {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
        // PostgreSQL runs detached from the hub (pg_ctl): normally the hub stops it; if not, its postmaster goes here.
        File[] procs = new File("/proc").listFiles((d, n) -> n.matches("\\d+"));
        for (File f : procs == null ? new File[0] : procs) {
            String cmd = Profiling.read(f.toPath().resolve("cmdline")).replace('\0', ' ');
            if (cmd.contains("postgres") && cmd.contains(pgDir.toString())) {
                ProcessHandle.of(Long.parseLong(f.getName())).ifPresent(ProcessHandle::destroy);
            }
        }
    }

    /** The embedded PostgreSQL's files of one start (tens of MiB), once it has stopped. */
    private static void deleteTree(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException e) {
            System.out.println("could not delete " + dir + ": " + e);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
