package cn.tongban.hub.logging;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.slf4j.MDC;

/**
 * The correlation id of a request: read from {@value #HEADER} (or made up when the caller sent
 * none or one that is not safe to log), held in the logging MDC under {@value #MDC_KEY} so that
 * every log line of the request carries it, echoed in the answer and sent to every silo the
 * request calls. It names a request, never a person: callers must not put identifiers in it.
 */
public final class CorrelationId {

    /** The request, answer and silo-call header. */
    public static final String HEADER = "X-Correlation-Id";
    /** The MDC key; JSON log lines (prod) carry it as a field of that name. */
    public static final String MDC_KEY = "correlationId";
    /**
     * A UUID is 36 characters; 64 leaves room for the ids other systems make (a trace id, a
     * prefix with the caller's name) while keeping a flood of long headers out of the logs.
     */
    static final int MAX_LENGTH = 64;
    /** Nothing that could break a log line or a header: no spaces, quotes, control characters. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

    private CorrelationId() {
    }

    /** The caller's id when it is safe to log and to pass on, otherwise a new random UUID. */
    public static String acceptOrGenerate(String received) {
        return isAcceptable(received) ? received : generate();
    }

    /** Whether a received id is used as it is: 1 to {@value #MAX_LENGTH} of {@code A-Z a-z 0-9 . _ : -}. */
    public static boolean isAcceptable(String received) {
        return received != null && SAFE.matcher(received).matches();
    }

    public static String generate() {
        return UUID.randomUUID().toString();
    }

    /** The id of the request this thread works for, or {@code null} outside a request. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }

    /**
     * The task with this thread's logging context (the correlation id among it), for a task
     * that runs on another thread: the silo calls of a look-up run on each silo's own pool.
     * The running thread's own context is restored afterwards, pooled threads keep none.
     */
    public static <T> Supplier<T> propagating(Supplier<T> task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            set(context);
            try {
                return task.get();
            } finally {
                set(previous);
            }
        };
    }

    /** As {@link #propagating(Supplier)}, for a function (e.g. a completion stage's fallback). */
    public static <A, T> Function<A, T> propagating(Function<A, T> task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return a -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            set(context);
            try {
                return task.apply(a);
            } finally {
                set(previous);
            }
        };
    }

    private static void set(Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }
}
