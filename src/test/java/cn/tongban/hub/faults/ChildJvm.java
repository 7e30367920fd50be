package cn.tongban.hub.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A Java process started from the test's own class path, with its output appended to a file
 * (never to the test's console: what a child logs stays in the file for diagnosis). It can be
 * stopped politely (SIGTERM) or killed (SIGKILL, {@link Process#destroyForcibly()} on Linux).
 * Every child still running when the test JVM exits is killed by a shutdown hook.
 */
final class ChildJvm {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "child-jvm-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path output;

    private ChildJvm(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /**
     * Starts {@code mainClass} with the test class path (passed through an argument file, it is
     * long), the given JVM options, arguments and environment (HUB_* and SPRING_* of the test's
     * own environment are not inherited).
     */
    static ChildJvm start(String name, Path classpathFile, List<String> jvmOptions, String mainClass, List<String> args,
                          Map<String, String> env, Path workDir, Path output) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("@" + classpathFile);
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("HUB_") || k.startsWith("SPRING_") || k.startsWith("JAVA_TOOL"));
        pb.environment().putAll(env);
        try {
            Files.createDirectories(output.getParent());
            Files.writeString(output, "==== " + name + " started at " + java.time.Instant.now() + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Process p = pb.start();
            RUNNING.add(p);
            p.onExit().thenRun(() -> RUNNING.remove(p));
            return new ChildJvm(name, p, output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Writes the class path of this JVM into an argument file for children ({@code -cp "..."}). */
    static Path classpathFile(Path dir) {
        String cp = System.getProperty("java.class.path");
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("classpath.args");
            Files.writeString(file, "-cp\n\"" + cp.replace("\\", "\\\\") + "\"\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** CPU time the process has used so far (zero once it is gone). */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, then waits (at most 10 s) until the process is gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
    void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!awaitExit(grace)) {
            kill();
        }
    }

    /** Waits for the exit; true when the process has exited. */
    boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    int exitValue() {
        return process.exitValue();
    }

    /** How many times the output holds the text. */
    int outputCount(String text) {
        try {
            String s = Files.readString(output, StandardCharsets.UTF_8);
            int n = 0;
            for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + text.length())) {
                n++;
            }
            return n;
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", output " + output + ")";
    }
}
