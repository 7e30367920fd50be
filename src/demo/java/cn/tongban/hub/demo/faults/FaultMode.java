package cn.tongban.hub.demo.faults;

import java.util.Locale;
import java.util.Optional;

/**
 * How a simulated silo misbehaves during a fault rehearsal. The wire-level meaning per silo
 * is in {@link SiloFaults} and the READMEs; the ids are what {@code PUT /demo/faults/{silo}}
 * takes and {@code GET /demo/faults} shows.
 */
public enum FaultMode {

    /** Normal service. */
    NONE,
    /** Every request/response exchange is answered only after a delay. */
    SLOW,
    /** Connections are accepted and nothing is ever answered, on pooled connections too. */
    HANG,
    /** The silo answers, with a failure (HTTP 500, an SQL error, malformed events). */
    ERROR,
    /** Nothing listens: connections are refused (for a publisher: it stops publishing). */
    DOWN;

    /** The lower-case id used on the wire. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode with this exact id; ids are lower case, so "Down" is not a mode. */
    public static Optional<FaultMode> byId(String id) {
        for (FaultMode m : values()) {
            if (m.id().equals(id)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
