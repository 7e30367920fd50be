package cn.tongban.hub.demo.faults;

/** A fault switch that could not be made (a port that cannot be bound again, a failed grant). */
public class FaultSwitchException extends RuntimeException {

    public FaultSwitchException(String message, Throwable cause) {
        super(message, cause);
    }
}
