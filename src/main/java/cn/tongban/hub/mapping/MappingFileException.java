package cn.tongban.hub.mapping;

/**
 * A mapping file that cannot be compiled. The message names the file, the line and the
 * reason, e.g. {@code mappings/market-regulation.yaml:42: unknown canonical field 'nmae'}.
 */
public class MappingFileException extends DataFileException {

    public MappingFileException(String file, int line, String reason) {
        super(file, line, reason);
    }
}
