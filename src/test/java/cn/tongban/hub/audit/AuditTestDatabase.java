package cn.tongban.hub.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL (io.zonky embedded binaries, as the demo profile runs it) with the hub's
 * migrations applied, without the rest of the hub; pools on it play the parts of hub replicas.
 */
final class AuditTestDatabase implements AutoCloseable {

    private final Path dataDir;
    private final EmbeddedPostgres postgres;
    private final String jdbcUrl;

    private AuditTestDatabase(Path dataDir, EmbeddedPostgres postgres) {
        this.dataDir = dataDir;
        this.postgres = postgres;
        this.jdbcUrl = postgres.getJdbcUrl("postgres", "hub").replace("localhost", "127.0.0.1");
    }

    static AuditTestDatabase start() throws IOException, SQLException {
        Path dir = Files.createTempDirectory("audit-pg");
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("shared_buffers", "64MB")
                .setServerConfig("max_connections", "50")
                // As in production: a commit is on disk when it returns (the audit writer asks
                // for synchronous_commit itself, whatever this says).
                .setServerConfig("fsync", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database hub");
        }
        AuditTestDatabase db = new AuditTestDatabase(dir, pg);
        try (HikariDataSource ds = db.pool("flyway", 2)) {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        }
        return db;
    }

    /** A separate connection pool, as a separate hub replica has. */
    HikariDataSource pool(String name, int size) {
        HikariDataSource ds = new HikariDataSource();
        ds.setPoolName(name);
        ds.setJdbcUrl(jdbcUrl);
        ds.setUsername("postgres");
        ds.setPassword("");
        ds.setMaximumPoolSize(size);
        ds.setConnectionTimeout(5000);
        return ds;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    /** Back to an empty audit log. */
    void reset(javax.sql.DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("truncate audit_log, audit_checkpoint, audit_archive");
            s.execute("update audit_head set last_seq = 0, last_hash = null");
            s.execute("alter sequence audit_checkpoint_id_seq restart");
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        if (!Files.exists(dataDir)) {
            return; // removed by the server's clean-up
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
