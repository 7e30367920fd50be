package cn.tongban.hub.sources;

/**
 * A pull silo's call failed in a way that says something about the silo's health (timed out,
 * unreachable, a server error, an answer that is not what the silo's contract promises), as
 * opposed to a business answer (not found, a refused key). Only these count against the
 * silo's circuit breaker, and only the {@link #retryable()} ones are tried again.
 *
 * <p>No stack trace: it is a result, raised on every failed call of a hanging silo.
 */
public final class SiloFailure extends RuntimeException {

    private final String status;
    private final String code;
    private final boolean retryable;

    public SiloFailure(String status, String code, boolean retryable) {
        super(code, null, false, false);
        this.status = status;
        this.code = code;
        this.retryable = retryable;
    }

    /** The per-source status it becomes when nothing can be served instead: timeout or error. */
    public String status() {
        return status;
    }

    /** The stable error code: TIMED_OUT, UNREACHABLE, HTTP_503, MALFORMED_RECORD, a silo's own code ... */
    public String code() {
        return code;
    }

    /** Whether trying again may help: a refused or reset connection, 502/503/504. Never a timeout. */
    public boolean retryable() {
        return retryable;
    }

    /** The retry predicate named in application.yaml ({@code resilience4j.retry.*.retry-exception-predicate}). */
    public static final class Retryable implements java.util.function.Predicate<Throwable> {
        @Override
        public boolean test(Throwable t) {
            return t instanceof SiloFailure f && f.retryable;
        }
    }
}
