package cn.tongban.hub.access;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import cn.tongban.hub.api.ProblemCodes;
import cn.tongban.hub.api.ProblemJson;

/**
 * After authentication: attaches the request's {@link Access} (what the services and the
 * audit read) and applies the client's rate limit, one resilience4j rate limiter per client
 * (exported as {@code resilience4j_ratelimiter_*{name="client-<id>"}}).
 */
final class AccessFilter extends OncePerRequestFilter {

    private final RateLimiterRegistry limiters;
    private final ConcurrentMap<String, RateLimiter> byClient = new ConcurrentHashMap<>();

    AccessFilter(RateLimiterRegistry limiters) {
        this.limiters = limiters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth instanceof ClientAuthentication ca) {
            Access access = new Access(ca.client());
            String operator = request.getHeader(AccessHeaders.OPERATOR);
            if (operator != null && AccessHeaders.OPERATOR_ID.matcher(operator).matches()) {
                access.operator(operator);
            }
            request.setAttribute(Access.ATTRIBUTE, access);
            if (!limiter(ca.client()).acquirePermission()) {
                response.setHeader("Retry-After", "1");
                ProblemJson.write(request, response, HttpStatus.TOO_MANY_REQUESTS, ProblemCodes.RATE_LIMITED, "Rate limit exceeded",
                        "This client may make " + ca.client().rateLimit() + " requests per second.");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private RateLimiter limiter(Client client) {
        return byClient.computeIfAbsent(client.id(), id -> limiters.rateLimiter("client-" + id, RateLimiterConfig.custom()
                .limitForPeriod(client.rateLimit()).limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build()));
    }
}
