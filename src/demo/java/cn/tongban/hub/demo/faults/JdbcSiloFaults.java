package cn.tongban.hub.demo.faults;

import java.sql.SQLException;

import cn.tongban.hub.demo.silos.SocialInsuranceSimulator;

/**
 * The social-insurance database (H2 over TCP) behind a {@link FaultProxy}. {@code slow},
 * {@code hang} and {@code down} happen in the proxy, on the JDBC wire protocol; {@code error}
 * takes the hub's read right away inside the database, so connections open and validate but
 * every query fails with an SQL error, as a legacy database does when a grant or a table is
 * broken.
 */
final class JdbcSiloFaults extends ProxiedSiloFaults {

    private final SocialInsuranceSimulator database;

    JdbcSiloFaults(FaultProxy proxy, SocialInsuranceSimulator database) {
        super(proxy);
        this.database = database;
    }

    @Override
    public String kind() {
        return "jdbc";
    }

    @Override
    void failInside(boolean on) {
        try {
            database.allowReads(!on);
        } catch (SQLException e) {
            throw new FaultSwitchException("the social-insurance database could not be switched: SQL state "
                    + e.getSQLState(), e);
        }
    }
}
