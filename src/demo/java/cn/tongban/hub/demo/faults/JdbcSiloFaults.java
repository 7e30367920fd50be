package cn.tongban.hub.demo.faults;

import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;

import cn.tongban.hub.demo.silos.SocialInsuranceSimulator;

/**
 * The social-insurance database (H2 over TCP) behind a {@link FaultProxy}. {@code slow},
 * {@code hang} and {@code down} happen in the proxy, on the JDBC wire protocol; {@code error}
 * takes the hub's read right away inside the database, so connections open and validate but
 * every query fails with an SQL error, as a legacy database does when a grant or a table is
 * broken.
 */
final class JdbcSiloFaults implements FaultTarget {

    private final FaultProxy proxy;
    private final SocialInsuranceSimulator database;

    JdbcSiloFaults(FaultProxy proxy, SocialInsuranceSimulator database) {
        this.proxy = proxy;
        this.database = database;
    }

    @Override
    public String kind() {
        return "jdbc";
    }

    @Override
    public Set<FaultMode> supportedModes() {
        return EnumSet.allOf(FaultMode.class);
    }

    @Override
    public void apply(Fault previous, Fault next) {
        try {
            // Grants first: when the proxy opens again after "down", queries must already behave.
            if (next.mode() == FaultMode.ERROR && previous.mode() != FaultMode.ERROR) {
                database.allowReads(false);
            } else if (next.mode() != FaultMode.ERROR && previous.mode() == FaultMode.ERROR) {
                database.allowReads(true);
            }
            proxy.apply(next.mode() == FaultMode.ERROR ? Fault.NONE : next);
        } catch (SQLException e) {
            throw new FaultSwitchException("the social-insurance database could not be switched: SQL state "
                    + e.getSQLState(), e);
        } catch (UncheckedIOException e) {
            throw new FaultSwitchException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        proxy.close();
    }
}
