package cn.tongban.hub.demo.faults;

import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * A pull silo behind a {@link FaultProxy}: {@code slow}, {@code hang} and {@code down} happen
 * on the wire in the proxy; {@code error} happens inside the silo ({@link #failInside}), so
 * connections stay healthy and only the answers fail.
 */
abstract class ProxiedSiloFaults implements FaultTarget {

    private final FaultProxy proxy;

    ProxiedSiloFaults(FaultProxy proxy) {
        this.proxy = proxy;
    }

    /** Makes the silo fail its answers ({@code true}) or answer normally again. */
    abstract void failInside(boolean on);

    @Override
    public Set<FaultMode> supportedModes() {
        return EnumSet.allOf(FaultMode.class);
    }

    @Override
    public void apply(Fault previous, Fault next) {
        boolean error = next.mode() == FaultMode.ERROR;
        // The silo first: when the proxy opens again after "down", answers must already behave.
        if (error != (previous.mode() == FaultMode.ERROR)) {
            failInside(error);
        }
        try {
            proxy.apply(error ? Fault.NONE : next);
        } catch (UncheckedIOException e) {
            throw new FaultSwitchException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        proxy.close();
    }
}
