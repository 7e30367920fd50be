package cn.tongban.hub.matters;

/**
 * A matter file that cannot be compiled: {@code mappings/matters/<file>.yaml:<line>: <reason>}.
 * Thrown at start, so a broken catalogue stops the hub instead of giving wrong notices.
 */
public class MatterFileException extends RuntimeException {

    private final String file;
    private final int line;
    private final String reason;

    public MatterFileException(String file, int line, String reason) {
        super(file + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    /** 1-based line of the offending entry. */
    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
