package cn.tongban.hub.identifiers;

import java.util.Objects;

/**
 * Thrown when a value is not a valid identifier; carries the stable {@link IdentifierError} code.
 *
 * <p>The message describes the rule that failed and never the input itself: inputs may be
 * personal ID numbers and exceptions end up in logs. Callers passing a {@code detail} must
 * keep to the same rule (a length or a position is fine, the value is not).
 */
public final class InvalidIdentifierException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final IdentifierError error;

    public InvalidIdentifierException(IdentifierError error) {
        this(error, null);
    }

    public InvalidIdentifierException(IdentifierError error, String detail) {
        super(message(Objects.requireNonNull(error, "error"), detail));
        this.error = error;
    }

    private static String message(IdentifierError error, String detail) {
        String base = error.name() + ": " + error.description();
        return detail == null || detail.isEmpty() ? base : base + " (" + detail + ")";
    }

    public IdentifierError error() {
        return error;
    }

    /** The stable code, equal to {@code error().name()}. */
    public String code() {
        return error.name();
    }
}
