package cn.tongban.hub.demo.faults;

import java.util.Objects;

/**
 * A fault to put in force: a mode and, for {@link FaultMode#SLOW} only, the delay.
 *
 * @param mode    what the silo does
 * @param delayMs how long a slow silo takes to answer each exchange; 0 for any other mode
 */
public record Fault(FaultMode mode, long delayMs) {

    /** When {@code delayMs} is not given: slow enough to trip the hub's 1-1.5 s silo deadlines. */
    public static final long DEFAULT_DELAY_MS = 1500;
    /** Longer than this is a hang, not a slow silo; bounded so that a typo cannot park threads for hours. */
    public static final long MAX_DELAY_MS = 60_000;

    public static final Fault NONE = new Fault(FaultMode.NONE, 0);

    public Fault {
        Objects.requireNonNull(mode, "mode");
        if (mode == FaultMode.SLOW ? delayMs < 1 || delayMs > MAX_DELAY_MS : delayMs != 0) {
            throw new IllegalArgumentException("delayMs " + delayMs + " does not fit mode " + mode.id());
        }
    }

    public static Fault of(FaultMode mode) {
        return new Fault(mode, mode == FaultMode.SLOW ? DEFAULT_DELAY_MS : 0);
    }

    public static Fault slow(long delayMs) {
        return new Fault(FaultMode.SLOW, delayMs);
    }
}
