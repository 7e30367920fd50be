package cn.tongban.hub.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One replica of the real hub ({@code cn.tongban.hub.TongbanHubApplication}, profile prod)
 * in its own JVM, configured through its environment variables as in production. Pull silos
 * point at closed ports on 127.0.0.1 and the social-insurance reconciliation is off: only
 * the market-regulation ingestion is under test.
 */
final class HubProcess {

    static final String STARTED = "Started TongbanHubApplication";

    private final String name;
    private final Path classpathFile;
    private final Path workDir;
    private final Path output;
    private final Map<String, String> env;
    private final List<String> args;
    private ChildJvm jvm;
    private int starts;

    HubProcess(String name, Path classpathFile, Path projectDir, Path output, Map<String, String> commonEnv,
               int apiPort, int managementPort, List<String> args) {
        this.name = name;
        this.classpathFile = classpathFile;
        this.workDir = projectDir;
        this.output = output;
        this.args = args;
        this.env = new LinkedHashMap<>(commonEnv);
        env.put("HUB_API_PORT", Integer.toString(apiPort));
        env.put("HUB_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("HUB_ROUTES_DIR", projectDir.resolve("routes").toString());
        env.put("HUB_MAPPINGS_DIR", projectDir.resolve("mappings").toString());
    }

    /** Starts the JVM; {@link #awaitStarted} waits for the application to be up. */
    void start() {
        if (jvm != null && jvm.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        starts++;
        List<String> all = new ArrayList<>(List.of("--spring.profiles.active=prod"));
        all.addAll(args);
        List<String> options = new ArrayList<>(List.of("-Xmx384m", "-XX:+UseSerialGC", "-Dfile.encoding=UTF-8"));
        // Diagnosis only, e.g. -Dfaults.hubJvmOptions=-XX:StartFlightRecording:filename=target/hub-%p.jfr
        String extra = System.getProperty("faults.hubJvmOptions", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        jvm = ChildJvm.start(name + "#" + starts, classpathFile, options,
                "cn.tongban.hub.TongbanHubApplication", all, env, workDir, output);
    }

    /** Waits until this start's log says the application started; fails when it exits or takes too long. */
    void awaitStarted(Duration timeout) {
        org.awaitility.Awaitility.await(name + " started (see " + output + ")").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .failFast(name + " exited while starting; see " + output, () -> !jvm.isAlive())
                .until(() -> jvm.outputCount(STARTED) >= starts);
    }

    /** SIGKILL: no shutdown hook, no offset commit, no leaving the consumer group. */
    void kill() {
        jvm.kill();
    }

    void stop() {
        if (jvm != null) {
            jvm.stop(Duration.ofSeconds(20));
        }
    }

    /** CPU time of the current JVM (a killed one's is lost). */
    Duration cpu() {
        return jvm == null ? Duration.ZERO : jvm.cpu();
    }
}
