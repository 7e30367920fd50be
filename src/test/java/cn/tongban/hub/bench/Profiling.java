package cn.tongban.hub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time goes during a benchmark phase: a JFR recording of this JVM (execution
 * samples every 10 ms, summarised by thread, by library and by the nearest
 * hub frame, like {@code jfr print --events jdk.ExecutionSample} aggregated) and the CPU
 * seconds of this JVM, of the embedded PostgreSQL's processes and of the whole machine
 * (from /proc), so that work outside the JVM shows too.
 */
final class Profiling {

    /** Library groups: a sample counts in every group that has a frame on its stack. */
    private static final Map<String, List<String>> LIBRARIES = new LinkedHashMap<>();

    static {
        LIBRARIES.put("Tomcat (HTTP server)", List.of("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat."));
        LIBRARIES.put("Spring Security filter chain", List.of("org.springframework.security."));
        LIBRARIES.put("Spring MVC dispatch", List.of("org.springframework.web.servlet."));
        LIBRARIES.put("Jackson (JSON)", List.of("com.fasterxml.jackson."));
        LIBRARIES.put("hub: audit (cn.tongban.hub.audit)", List.of("cn.tongban.hub.audit."));
        LIBRARIES.put("hub: access, masking, auditing filter (cn.tongban.hub.access)", List.of("cn.tongban.hub.access."));
        LIBRARIES.put("hub: look-up (cn.tongban.hub.lookup)", List.of("cn.tongban.hub.lookup."));
        LIBRARIES.put("hub: registry replica read (cn.tongban.hub.registry)", List.of("cn.tongban.hub.registry."));
        LIBRARIES.put("PostgreSQL JDBC driver", List.of("org.postgresql."));
        LIBRARIES.put("HikariCP", List.of("com.zaxxer.hikari."));
        LIBRARIES.put("Micrometer / observation", List.of("io.micrometer."));
        LIBRARIES.put("logging", List.of("ch.qos.logback.", "org.slf4j.", "org.apache.logging."));
        LIBRARIES.put("load generator (JDK HttpClient)", List.of("jdk.internal.net.http.", "cn.tongban.hub.bench."));
        LIBRARIES.put("Kafka", List.of("org.apache.kafka.", "kafka."));
        LIBRARIES.put("Camel", List.of("org.apache.camel."));
        LIBRARIES.put("crypto (hashing, signatures)", List.of("sun.security.", "org.bouncycastle.", "com.sun.crypto."));
    }

    private Profiling() {
    }

    /**
     * Starts a JFR recording of this JVM with execution samples every 10 ms and nothing else:
     * the events with stack traces that the {@code default} and {@code profile} settings add
     * (parks, monitor waits, socket reads above a threshold) are frequent on a contended
     * request path, and profiled runs were several times slower with them in the trials.
     */
    static Recording startRecording() {
        Recording r = new Recording();
        r.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(10));
        r.enable("jdk.CPULoad").withPeriod(java.time.Duration.ofSeconds(1));
        r.setName("bench");
        r.start();
        return r;
    }

    /** Stops and dumps the recording, then summarises its execution samples in a few lines. */
    static List<String> stopAndSummarise(Recording r, Path file) throws IOException {
        r.stop();
        Files.createDirectories(file.getParent());
        r.dump(file);
        r.close();
        Map<String, Integer> byThread = new LinkedHashMap<>();
        Map<String, Integer> byLibrary = new LinkedHashMap<>();
        Map<String, Integer> byHubFrame = new LinkedHashMap<>();
        Map<String, Integer> byLeaf = new LinkedHashMap<>();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            total++;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            byThread.merge(threadGroup(thread), 1, Integer::sum);
            if (!frames.isEmpty()) {
                byLeaf.merge(name(frames.get(0)), 1, Integer::sum);
            }
            for (var lib : LIBRARIES.entrySet()) {
                if (frames.stream().anyMatch(f -> lib.getValue().stream().anyMatch(p -> cls(f).startsWith(p)))) {
                    byLibrary.merge(lib.getKey(), 1, Integer::sum);
                }
            }
            Optional<RecordedFrame> hub = frames.stream().filter(f -> cls(f).startsWith("cn.tongban.hub.")
                    && !cls(f).startsWith("cn.tongban.hub.bench.")).findFirst();
            byHubFrame.merge(hub.map(Profiling::name).orElse("(no hub frame on the stack)"), 1, Integer::sum);
        }
        List<String> lines = new ArrayList<>();
        int n = total;
        lines.add(String.format(Locale.ROOT, "JFR execution samples (%d, file %s; open it in JDK Mission Control or "
                + "`jfr print --events jdk.ExecutionSample`). By thread: %s.", total, file, top(byThread, n, 8)));
        lines.add("JFR, samples with a frame of each library on the stack (inclusive, so they overlap): " + top(byLibrary, n, 16) + ".");
        lines.add("JFR, by the nearest hub frame to the sampled leaf: " + top(byHubFrame, n, 10) + ".");
        lines.add("JFR, hottest leaf frames: " + top(byLeaf, n, 10) + ".");
        return lines;
    }

    private static String cls(RecordedFrame f) {
        return f.getMethod() == null || f.getMethod().getType() == null ? "" : f.getMethod().getType().getName();
    }

    private static String name(RecordedFrame f) {
        String c = cls(f);
        return c.substring(c.lastIndexOf('.') + 1) + "." + (f.getMethod() == null ? "?" : f.getMethod().getName());
    }

    private static String threadGroup(String t) {
        if (t.startsWith("http-nio-") && t.contains("exec")) {
            return "Tomcat workers";
        }
        if (t.startsWith("http-nio-")) {
            return "Tomcat acceptor/poller";
        }
        if (t.startsWith("HttpClient") || t.startsWith("bench-http") || t.startsWith("closed-loop")) {
            return "load generator";
        }
        if (t.toLowerCase(Locale.ROOT).contains("audit")) {
            return "audit writer";
        }
        if (t.contains("kafka") || t.contains("Kafka") || t.startsWith("broker-") || t.startsWith("data-plane")) {
            return "Kafka";
        }
        if (t.startsWith("C1 ") || t.startsWith("C2 ") || t.contains("Compiler")) {
            return "JIT";
        }
        return t.replaceAll("[-#]?\\d+", "");
    }

    private static String top(Map<String, Integer> counts, int total, int n) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100.0 * e.getValue() / Math.max(1, total)))
                .collect(Collectors.joining(", "));
    }

    // ------------------------------------------------------------------ CPU from /proc

    /** CPU seconds so far: this JVM, the PostgreSQL server listening on {@code pgPort} with its backends, the machine. */
    record Cpu(double jvm, double postgres, double machineBusy, double machineTotal) {

        static Cpu now(int pgPort) {
            double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1e9;
            double pg = postgresPids(pgPort).stream().mapToDouble(Profiling::cpuSeconds).sum();
            double[] machine = machine();
            return new Cpu(jvm, pg, machine[0], machine[1]);
        }

        /** One line on the CPU used between {@code before} and this, over {@code seconds} of wall time. */
        String since(Cpu before, double seconds) {
            int cores = Runtime.getRuntime().availableProcessors();
            double busy = machineBusy - before.machineBusy;
            double totalTicks = machineTotal - before.machineTotal;
            double jvmCores = (jvm - before.jvm) / seconds;
            double pgCores = (postgres - before.postgres) / seconds;
            double machineCores = totalTicks <= 0 ? Double.NaN : cores * busy / totalTicks;
            return String.format(Locale.ROOT, "CPU over %.0f s (%d cores): this JVM (hub + load generator) %.2f cores, "
                    + "PostgreSQL %.2f cores, everything else on the machine %.2f cores; machine busy %.0f%%.",
                    seconds, cores, jvmCores, pgCores, Math.max(0, machineCores - jvmCores - pgCores),
                    100.0 * machineCores / cores);
        }
    }

    /** The postmaster started with {@code -p port} and all its descendants (the backends). */
    static List<Long> postgresPids(int port) {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String cmd = read(p.resolve("cmdline")).replace('\0', ' ');
                if (cmd.contains("postgres") && cmd.matches(".*-p " + port + "( .*|$)")) {
                    long pid = Long.parseLong(p.getFileName().toString());
                    out.add(pid);
                    ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> out.add(d.pid())));
                }
            }
        } catch (IOException e) {
            // no /proc: no PostgreSQL figure
        }
        return out;
    }

    /** utime + stime of a process, in seconds (USER_HZ 100, as on every Linux this runs on). */
    static double cpuSeconds(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return 0;
        }
        String[] f = stat.substring(close + 2).split(" ");
        // after "pid (comm) ": state is f[0], utime is field 14 overall = f[11], stime f[12]
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    /** Busy and total jiffies of the whole machine. */
    private static double[] machine() {
        String first = read(Path.of("/proc/stat")).lines().findFirst().orElse("");
        String[] f = first.trim().split("\\s+");
        double total = 0;
        double idle = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            double v = Double.parseDouble(f[i]);
            total += v;
            if (i == 4 || i == 5) {
                idle += v;
            }
        }
        return new double[] {total - idle, total};
    }

    /** TCP connections established to a local listening port (both ends on this machine count once, the server side). */
    static int established(int port) {
        int n = 0;
        String hex = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : read(Path.of(table)).lines().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                // local_address is f[1] (ADDR:PORT), st is f[3]; 01 = ESTABLISHED
                if (f.length > 3 && f[1].endsWith(hex) && f[3].equals("01")) {
                    n++;
                }
            }
        }
        return n;
    }

    /** VmRSS of a process in MiB, or NaN. */
    static double rssMiB(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "status")).lines().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Double.parseDouble(l.replaceAll("[^0-9]", "")) / 1024.0).findFirst().orElse(Double.NaN);
    }

    static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
