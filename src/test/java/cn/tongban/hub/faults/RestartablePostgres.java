package cn.tongban.hub.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL (io.zonky embedded binaries, as the demo profile runs it) on a fixed
 * port and data directory, listening on 127.0.0.1 only, that can be stopped (a fast
 * shutdown: every client connection is cut) and started again on the same data.
 */
final class RestartablePostgres implements AutoCloseable {

    static final String DATABASE = "hub";

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    RestartablePostgres(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** First start: an empty data directory, then the hub's database. */
    void create() throws IOException, SQLException {
        KafkaBrokerProcess.deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + DATABASE);
        }
    }

    /** Starts on the existing data directory (no initdb when it is already there). */
    void start() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("shared_buffers", "64MB")
                .setServerConfig("max_connections", "100")
                .setServerConfig("fsync", "on")
                // io.zonky's default (as in the demo profile), stated here because the test
                // relies on it: a commit returns before its WAL reaches the disk (flushed within
                // ~0.6 s); with "on" a commit costs ~3.3 ms instead of ~0.35 ms on this machine's
                // disk. Safe for the faults injected here: a stop is a fast shutdown, which
                // flushes the WAL first, so no commit the hub was told about is lost. (A kill -9
                // of PostgreSQL would need synchronous_commit=on to keep that promise.)
                .setServerConfig("synchronous_commit", System.getProperty("faults.pgSynchronousCommit", "off"))
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    /** Stops the server (fast shutdown); clients see their connections cut. */
    void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /**
     * CPU time of the server's live processes (postmaster and backends; a backend that has
     * exited, e.g. across a restart, no longer counts).
     */
    Duration cpu() {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            return ProcessHandle.of(pid).map(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants())
                    .map(h -> h.info().totalCpuDuration().orElse(Duration.ZERO)).reduce(Duration.ZERO, Duration::plus))
                    .orElse(Duration.ZERO);
        } catch (IOException | RuntimeException e) {
            return Duration.ZERO;
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** A data source on the hub's database; valid only while the server runs. */
    DataSource hubDatabase() {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL is stopped");
        }
        return postgres.getDatabase("postgres", DATABASE);
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
