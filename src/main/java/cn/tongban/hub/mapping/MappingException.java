package cn.tongban.hub.mapping;

/** A source value that cannot be turned into a canonical one. Never carries the value itself. */
public class MappingException extends RuntimeException {

    private final MappingError error;

    public MappingException(MappingError error, String detail) {
        super(error.name() + ": " + detail);
        this.error = error;
    }

    public MappingError error() {
        return error;
    }
}
