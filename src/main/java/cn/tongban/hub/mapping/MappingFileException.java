package cn.tongban.hub.mapping;

/**
 * A mapping file that cannot be compiled. The message names the file, the line and the
 * reason, e.g. {@code mappings/market-regulation.yaml:42: unknown canonical field 'nmae'}.
 */
public class MappingFileException extends RuntimeException {

    private final String file;
    private final int line;
    private final String reason;

    public MappingFileException(String file, int line, String reason) {
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
