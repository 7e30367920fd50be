package cn.tongban.hub.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker (KRaft, broker and controller in one node) in its own JVM, on a fixed
 * port and log directory, so that it can be killed (SIGKILL) and started again as the same
 * broker: a real broker restart, with log recovery. The broker jars come with
 * spring-kafka-test on the test class path; {@code kafka.tools.StorageTool format} prepares
 * the log directory once.
 */
final class KafkaBrokerProcess {

    private final Path dir;
    private final Path classpathFile;
    private final Path output;
    private final int port;
    private final int controllerPort;
    private ChildJvm jvm;
    private int starts;

    KafkaBrokerProcess(Path dir, Path classpathFile, Path output, int port, int controllerPort) {
        this.dir = dir;
        this.classpathFile = classpathFile;
        this.output = output;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Writes server.properties and a quiet logging configuration, and formats the log directory. */
    void format() throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(serverProperties(), String.join("\n", List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("logs"),
                "num.partitions=1",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=3",
                "group.initial.rebalance.delay.ms=0",
                "num.network.threads=2",
                "num.io.threads=4",
                // A restarted broker registers again only once its previous incarnation's
                // session is over: keep that short so a restart is seconds, not tens of seconds.
                "broker.session.timeout.ms=3000",
                "broker.heartbeat.interval.ms=500",
                "")), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("logback.xml"), """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """, StandardCharsets.UTF_8);
        ChildJvm tool = ChildJvm.start("kafka-storage-format", classpathFile, jvmOptions(128), "kafka.tools.StorageTool",
                List.of("format", "-t", Uuid.randomUuid().toString(), "-c", serverProperties().toString()),
                Map.of(), dir, output);
        if (!tool.awaitExit(Duration.ofSeconds(60))) {
            tool.kill();
            throw new IllegalStateException("formatting the Kafka log directory took over 60 s; see " + output);
        }
        if (tool.exitValue() != 0) {
            throw new IllegalStateException("formatting the Kafka log directory failed (" + tool.exitValue() + "); see " + output);
        }
    }

    /** Starts the broker and waits (at most {@code timeout}) until it answers. */
    void start(Duration timeout) {
        if (jvm != null && jvm.isAlive()) {
            throw new IllegalStateException("the broker is running");
        }
        starts++;
        jvm = ChildJvm.start("kafka-broker#" + starts, classpathFile, jvmOptions(512), "kafka.Kafka",
                List.of(serverProperties().toString()), Map.of(), dir, output);
        awaitReady(timeout);
    }

    /** SIGKILL: the broker gets no chance to flush or to leave cleanly. */
    void kill() {
        if (jvm != null) {
            jvm.kill();
        }
    }

    void stop() {
        if (jvm != null) {
            jvm.stop(Duration.ofSeconds(15));
        }
    }

    /** CPU time of the current broker JVM. */
    Duration cpu() {
        return jvm == null ? Duration.ZERO : jvm.cpu();
    }

    private void awaitReady(Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        try (Admin admin = Admin.create(p)) {
            org.awaitility.Awaitility.await("the broker answering (see " + output + ")").atMost(timeout)
                    .pollInterval(java.time.Duration.ofMillis(200))
                    .failFast("the broker exited while starting; see " + output, () -> !jvm.isAlive())
                    .ignoreExceptions()
                    .until(() -> !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get(3, TimeUnit.SECONDS).isEmpty());
        }
    }

    private Path serverProperties() {
        return dir.resolve("server.properties");
    }

    private List<String> jvmOptions(int heapMb) {
        return List.of("-Xmx" + heapMb + "m", "-XX:+UseSerialGC", "-Dfile.encoding=UTF-8",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"));
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
