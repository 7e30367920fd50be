package cn.tongban.hub.mapping;

/**
 * A data file of the hub (mapping, code list, matter) that cannot be compiled. The message
 * names the file, the 1-based line and the reason: {@code mappings/x.yaml:42: unknown field 'nmae'}.
 */
public class DataFileException extends RuntimeException {

    private final String file;
    private final int line;
    private final String reason;

    public DataFileException(String file, int line, String reason) {
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
