package cn.tongban.hub.demo.faults;

import java.util.Set;

/** One simulated silo whose behaviour a rehearsal can switch. */
interface FaultTarget extends AutoCloseable {

    /** {@code http}, {@code jdbc} or {@code kafka}: how the hub reaches the silo. */
    String kind();

    /** The modes this silo can take; {@code none} always. */
    Set<FaultMode> supportedModes();

    /**
     * Leaves {@code previous} and puts {@code next} in force. Called one switch at a time.
     *
     * @throws FaultSwitchException when the silo could not be switched
     */
    void apply(Fault previous, Fault next);

    @Override
    void close();
}
