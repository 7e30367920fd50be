package cn.tongban.hub.logging;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First filter of every request on the API port: takes the caller's {@value CorrelationId#HEADER}
 * (or a new one when it is absent or malformed; a malformed one is replaced, not refused, so a
 * caller with a sloppy id still gets its answer, and is never written to the log), puts it in
 * the MDC for the request's log lines and sets it on the answer before anything else can answer.
 */
final class CorrelationIdFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = CorrelationId.acceptOrGenerate(request.getHeader(CorrelationId.HEADER));
        String previous = MDC.get(CorrelationId.MDC_KEY);
        MDC.put(CorrelationId.MDC_KEY, id);
        response.setHeader(CorrelationId.HEADER, id);
        try {
            chain.doFilter(request, response);
        } finally {
            if (previous == null) {
                MDC.remove(CorrelationId.MDC_KEY);
            } else {
                MDC.put(CorrelationId.MDC_KEY, previous);
            }
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        // An async dispatch's log lines belong to the same request.
        return false;
    }
}
