package cn.tongban.hub.demo.silos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;

import cn.tongban.hub.demo.data.Ab01Row;
import cn.tongban.hub.demo.data.Ac01Row;
import cn.tongban.hub.demo.data.Ac02Row;
import cn.tongban.hub.demo.data.SyntheticDataSet;

/**
 * The simulated legacy social-insurance database (人社/社保): tables AB01 (units), AC01
 * (persons) and AC02 (person insurance) with upper-case VARCHAR2 columns, as a legacy Oracle
 * system holds them, in H2's Oracle mode behind a TCP server.
 */
public final class SocialInsuranceSimulator {

    public static final String USER = "si_reader";
    public static final String PASSWORD = "si-demo-password";

    private final String jdbcUrl;

    public SocialInsuranceSimulator(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** Creates the tables, a read-only account for the hub, and loads the data set's rows. */
    public void seed(SyntheticDataSet data) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "sa", "")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(createTable("AB01", Ab01Row.COLUMNS, "AAB001"));
                s.execute(createTable("AC01", Ac01Row.COLUMNS, "AAC001"));
                s.execute(createTable("AC02", Ac02Row.COLUMNS, null));
                // Legacy systems are reached through their indexes on the old keys.
                s.execute("CREATE INDEX AB01_AAB003 ON AB01 (AAB003)");
                s.execute("CREATE INDEX AB01_AAB007 ON AB01 (AAB007)");
                s.execute("CREATE INDEX AB01_AAB998 ON AB01 (AAB998)");
                s.execute("CREATE INDEX AC01_AAC002 ON AC01 (AAC002)");
                s.execute("CREATE INDEX AC02_AAC001 ON AC02 (AAC001)");
                s.execute("CREATE INDEX AC02_AAB001 ON AC02 (AAB001)");
                s.execute("CREATE USER IF NOT EXISTS " + USER + " PASSWORD '" + PASSWORD + "'");
                s.execute("GRANT SELECT ON AB01, AC01, AC02 TO " + USER);
            }
            insert(c, "AB01", Ab01Row.COLUMNS, data.ab01Rows(), Ab01Row::values);
            insert(c, "AC01", Ac01Row.COLUMNS, data.ac01Rows(), Ac01Row::values);
            insert(c, "AC02", Ac02Row.COLUMNS, data.ac02Rows(), Ac02Row::values);
            c.commit();
        }
    }

    /**
     * Fault rehearsals (the {@code error} mode): with {@code false} the hub's account loses
     * its read right, so every query on an open or new connection fails with an SQL error
     * (H2 90096, as Oracle's ORA-01031) while the database stays up; {@code true} gives it back.
     */
    public void allowReads(boolean allowed) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "sa", ""); Statement s = c.createStatement()) {
            s.execute(allowed ? "GRANT SELECT ON AB01, AC01, AC02 TO " + USER
                    : "REVOKE SELECT ON AB01, AC01, AC02 FROM " + USER);
        }
    }

    /**
     * Drops the in-memory database: it is kept alive on purpose (DB_CLOSE_DELAY=-1) and would
     * otherwise outlive its server for as long as the JVM runs.
     */
    public void shutdown() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "sa", ""); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    private static String createTable(String table, List<String> columns, String primaryKey) {
        StringBuilder b = new StringBuilder("CREATE TABLE ").append(table).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(columns.get(i)).append(" VARCHAR2(200)");
        }
        if (primaryKey != null) {
            b.append(", PRIMARY KEY (").append(primaryKey).append(')');
        }
        return b.append(')').toString();
    }

    private static <T> void insert(Connection c, String table, List<String> columns, List<T> rows,
                                   Function<T, List<String>> values) throws SQLException {
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(x -> "?").toList()) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int n = 0;
            for (T row : rows) {
                List<String> v = values.apply(row);
                for (int i = 0; i < v.size(); i++) {
                    ps.setString(i + 1, v.get(i));
                }
                ps.addBatch();
                if (++n % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }
}
