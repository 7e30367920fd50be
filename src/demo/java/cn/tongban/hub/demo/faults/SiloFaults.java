package cn.tongban.hub.demo.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongban.hub.demo.silos.CivilAffairsSimulator;
import cn.tongban.hub.demo.silos.MarketRegulationPublisher;
import cn.tongban.hub.demo.silos.PublicSecuritySimulator;
import cn.tongban.hub.demo.silos.SocialInsuranceSimulator;

/**
 * The fault switches of the simulated silos (demo profile only), for rehearsing an outage:
 * each pull silo sits behind a {@link FaultProxy} whose address is the one the hub is given,
 * and the market-regulation publisher can be paused or made to publish garbage. Served on
 * the management port by {@link FaultController}; the modes per silo are described on
 * {@link HttpSiloFaults}, {@link JdbcSiloFaults}, {@link PublisherFaults} and {@link FaultProxy}.
 */
public final class SiloFaults implements AutoCloseable {

    public static final String PUBLIC_SECURITY = "public-security";
    public static final String CIVIL_AFFAIRS = "civil-affairs";
    public static final String SOCIAL_INSURANCE = "social-insurance";
    public static final String MARKET_REGULATION = "market-regulation";

    /** Per proxy; well above the hub's pools (5 JDBC connections, 20 HTTP ones per silo). */
    static final int MAX_CONNECTIONS = 64;
    private static final int CHECK_TIMEOUT_MS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(SiloFaults.class);

    private final Map<String, FaultTarget> targets;
    private final Map<String, FaultProxy> proxies;
    /** Guarded by this: one switch at a time, so a listing never shows half a switch. */
    private final Map<String, State> states = new LinkedHashMap<>();

    /**
     * A silo's fault in force.
     *
     * @param silo           the silo id
     * @param kind           how the hub reaches it: http, jdbc or kafka
     * @param fault          the mode (and delay when slow)
     * @param supportedModes the modes it can take
     * @param since          when this mode was put in force
     */
    public record State(String silo, String kind, Fault fault, List<FaultMode> supportedModes, Instant since) {
    }

    private SiloFaults(Map<String, FaultTarget> targets, Map<String, FaultProxy> proxies) {
        this.targets = Collections.unmodifiableMap(targets);
        this.proxies = Collections.unmodifiableMap(proxies);
        Instant now = Instant.now();
        targets.forEach((silo, t) -> states.put(silo, new State(silo, t.kind(), Fault.NONE, ordered(t.supportedModes()), now)));
    }

    /**
     * Puts a fault proxy in front of each simulated pull silo and takes control of the publisher.
     * On failure closes what it started.
     */
    public static SiloFaults start(PublicSecuritySimulator publicSecurity, CivilAffairsSimulator civilAffairs,
                                   int socialInsurancePort, SocialInsuranceSimulator socialInsurance,
                                   MarketRegulationPublisher marketRegulation) throws IOException {
        Map<String, FaultTarget> targets = new LinkedHashMap<>();
        Map<String, FaultProxy> proxies = new LinkedHashMap<>();
        try {
            FaultProxy ps = FaultProxy.start(PUBLIC_SECURITY, publicSecurity.server().port(), MAX_CONNECTIONS);
            proxies.put(PUBLIC_SECURITY, ps);
            targets.put(PUBLIC_SECURITY, new HttpSiloFaults(ps, publicSecurity.server(), PublicSecuritySimulator.serverError()));
            FaultProxy ca = FaultProxy.start(CIVIL_AFFAIRS, civilAffairs.server().port(), MAX_CONNECTIONS);
            proxies.put(CIVIL_AFFAIRS, ca);
            targets.put(CIVIL_AFFAIRS, new HttpSiloFaults(ca, civilAffairs.server(), CivilAffairsSimulator.serverError()));
            FaultProxy si = FaultProxy.start(SOCIAL_INSURANCE, socialInsurancePort, MAX_CONNECTIONS);
            proxies.put(SOCIAL_INSURANCE, si);
            targets.put(SOCIAL_INSURANCE, new JdbcSiloFaults(si, socialInsurance));
            targets.put(MARKET_REGULATION, new PublisherFaults(marketRegulation));
            return new SiloFaults(targets, proxies);
        } catch (IOException | RuntimeException e) {
            proxies.values().forEach(FaultProxy::close);
            targets.values().forEach(FaultTarget::close);
            throw e;
        }
    }

    /** The port of a pull silo's proxy, which the hub must use instead of the silo's own. */
    public int proxyPort(String silo) {
        FaultProxy p = proxies.get(silo);
        if (p == null) {
            throw new IllegalArgumentException("no fault proxy for " + silo);
        }
        return p.port();
    }

    /**
     * Sends one request through each HTTP silo's proxy and one query through the database's,
     * before the hub is given their addresses: the wiring is proven at start rather than by
     * the first window clerk, and the first pass through the proxy and the silo (threads,
     * class loading, the silo's own first request) is not paid inside a look-up's deadline.
     *
     * @throws IllegalStateException when a silo does not answer through its proxy
     */
    public void checkThroughProxies(String socialInsuranceJdbcUrl, String user, String password) {
        for (String silo : List.of(PUBLIC_SECURITY, CIVIL_AFFAIRS)) {
            int status = httpStatus(proxyPort(silo), "/health");
            if (status != 200) {
                throw new IllegalStateException(silo + " answered HTTP " + status + " through its fault proxy");
            }
        }
        try (Connection c = DriverManager.getConnection(socialInsuranceJdbcUrl, user, password);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM AC01")) {
            rs.next();
        } catch (SQLException e) {
            throw new IllegalStateException(SOCIAL_INSURANCE + " did not answer through its fault proxy: SQL state "
                    + e.getSQLState(), e);
        }
    }

    private static int httpStatus(int port, String path) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), CHECK_TIMEOUT_MS);
            s.setSoTimeout(CHECK_TIMEOUT_MS);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // "HTTP/1.1 200 OK": the status is all this check needs; the rest is read to the end.
            byte[] answer = s.getInputStream().readAllBytes();
            String statusLine = new String(answer, 0, Math.min(answer.length, 32), StandardCharsets.US_ASCII);
            String[] parts = statusLine.split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("no HTTP answer through the fault proxy on port " + port + ": " + e, e);
        }
    }

    /** Every silo's state, in a fixed order. */
    public synchronized List<State> states() {
        return List.copyOf(states.values());
    }

    public synchronized Optional<State> state(String silo) {
        return Optional.ofNullable(states.get(silo));
    }

    public boolean knows(String silo) {
        return targets.containsKey(silo);
    }

    public Set<FaultMode> supportedModes(String silo) {
        return targets.get(silo).supportedModes();
    }

    /**
     * Switches a silo. Setting the mode in force again re-applies it (a new delay for
     * {@code slow} applies from the next exchange).
     *
     * @throws IllegalArgumentException for an unknown silo or a mode it does not support
     * @throws FaultSwitchException     when the switch could not be made; the state then
     *                                  keeps the previous mode
     */
    public synchronized State apply(String silo, Fault fault) {
        FaultTarget target = targets.get(silo);
        if (target == null) {
            throw new IllegalArgumentException("unknown silo " + silo);
        }
        if (!target.supportedModes().contains(fault.mode())) {
            throw new IllegalArgumentException(silo + " does not support mode " + fault.mode().id());
        }
        State previous = states.get(silo);
        target.apply(previous.fault(), fault);
        State next = new State(silo, target.kind(), fault, previous.supportedModes(), Instant.now());
        states.put(silo, next);
        // Silo and mode only: nothing about the data the silo holds. A fault stands out in
        // the log (WARN), the way back does not need to.
        if (!previous.fault().equals(fault)) {
            String delay = fault.mode() == FaultMode.SLOW ? " (" + fault.delayMs() + " ms)" : "";
            if (fault.mode() == FaultMode.NONE) {
                log.info("Fault rehearsal: {} switched from {} back to none", silo, previous.fault().mode().id());
            } else {
                log.warn("Fault rehearsal: {} switched from {} to {}{}", silo, previous.fault().mode().id(), fault.mode().id(), delay);
            }
        }
        return next;
    }

    @Override
    public void close() {
        // Close only: a publisher that was paused stays paused, nothing more is published at shutdown.
        for (FaultTarget t : targets.values()) {
            try {
                t.close();
            } catch (RuntimeException e) {
                log.warn("Closing the fault switch of a silo failed: {}", e.toString());
            }
        }
    }

    private static List<FaultMode> ordered(Set<FaultMode> modes) {
        return List.of(FaultMode.values()).stream().filter(modes::contains).toList();
    }
}
