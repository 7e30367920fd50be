package cn.tongban.hub.matters;

import cn.tongban.hub.mapping.DataFileException;

/**
 * A matter file that cannot be compiled: {@code mappings/matters/<file>.yaml:<line>: <reason>}.
 * Thrown at start, so a broken catalogue stops the hub instead of giving wrong notices.
 */
public class MatterFileException extends DataFileException {

    public MatterFileException(String file, int line, String reason) {
        super(file, line, reason);
    }
}
