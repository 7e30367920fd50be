package cn.tongban.hub.lookup;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import cn.tongban.hub.mapping.CompiledMapping;
import cn.tongban.hub.mapping.Mappings;
import cn.tongban.hub.ops.metrics.HubMetrics;
import cn.tongban.hub.ops.metrics.HubMetrics.Endpoint;
import cn.tongban.hub.ops.metrics.HubMetrics.LookupOutcome;

/**
 * Look-up metrics: {@code hub.lookups} timed around the whole request (a filter outside the
 * audit and Spring Security, so a refusal and the audit write are in it, as the caller sees
 * them), and, from each profile the services build, {@code hub.lookup.sources} per source and
 * {@code hub.conflicts} per disagreeing field. A verification or a pre-check builds its
 * profile through the same services, so its sources and conflicts are counted the same way.
 */
@Component
class LookupMetrics {

    /** Request attribute: at least one source of the answer was not ok or not found. */
    static final String DEGRADED = LookupMetrics.class.getName() + ".degraded";

    /** Source statuses that make an answer degraded: it was given without that source's current data. */
    private static final Set<String> DEGRADING = Set.of(SourceStatus.TIMEOUT, SourceStatus.CIRCUIT_OPEN, SourceStatus.ERROR,
            SourceStatus.STALE);

    private final HubMetrics metrics;
    private final Mappings mappings;

    LookupMetrics(HubMetrics metrics, Mappings mappings) {
        this.metrics = metrics;
        this.mappings = mappings;
    }

    /** Counts one profile's sources (by silo) and conflicts (by field); marks the request degraded when a source was. */
    void answered(Map<String, SourceStatus> sources, List<Conflict> conflicts) {
        boolean degraded = false;
        for (Map.Entry<String, SourceStatus> e : sources.entrySet()) {
            String status = e.getValue().status();
            metrics.lookupSource(siloOf(e.getKey()), status);
            degraded |= DEGRADING.contains(status);
        }
        if (conflicts != null) {
            conflicts.forEach(c -> metrics.conflict(c.field()));
        }
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (degraded && request != null) {
            request.setAttribute(DEGRADED, Boolean.TRUE, RequestAttributes.SCOPE_REQUEST);
        }
    }

    /** A source is named by its mapping id (social-insurance.unit) or its silo id (market-regulation). */
    private String siloOf(String source) {
        return mappings.byId(source).map(CompiledMapping::silo).orElse(source);
    }

    /** Outermost on the API's look-up paths: before the body limit, the audit and Spring Security. */
    @Bean
    FilterRegistrationBean<TimingFilter> lookupTimingFilter() {
        FilterRegistrationBean<TimingFilter> r = new FilterRegistrationBean<>(new TimingFilter(metrics));
        r.addUrlPatterns("/api/v1/enterprises/*", "/api/v1/persons/*", "/api/v1/verifications", "/api/v1/verifications/",
                "/api/v1/matters/*");
        r.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
        return r;
    }

    /** Times the four look-up endpoints; any other path under the patterns passes untimed. */
    static final class TimingFilter extends OncePerRequestFilter {

        private static final Pattern ENTERPRISE = Pattern.compile("/api/v1/enterprises/[^/]+/?");
        private static final Pattern PERSON = Pattern.compile("/api/v1/persons/[^/]+/?");
        private static final Pattern VERIFICATION = Pattern.compile("/api/v1/verifications/?");
        private static final Pattern PRECHECK = Pattern.compile("/api/v1/matters/[^/]+/prechecks/?");

        private final HubMetrics metrics;

        TimingFilter(HubMetrics metrics) {
            this.metrics = metrics;
        }

        static Endpoint endpoint(String method, String path) {
            if ("GET".equals(method)) {
                if (ENTERPRISE.matcher(path).matches()) {
                    return Endpoint.ENTERPRISE;
                }
                if (PERSON.matcher(path).matches()) {
                    return Endpoint.PERSON;
                }
            } else if ("POST".equals(method)) {
                if (VERIFICATION.matcher(path).matches()) {
                    return Endpoint.VERIFICATION;
                }
                if (PRECHECK.matcher(path).matches()) {
                    return Endpoint.PRECHECK;
                }
            }
            return null;
        }

        static LookupOutcome outcome(int status, boolean degraded) {
            if (status >= 500) {
                return LookupOutcome.ERROR;
            }
            if (status >= 400) {
                return LookupOutcome.REFUSED;
            }
            return degraded ? LookupOutcome.DEGRADED : LookupOutcome.OK;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Endpoint endpoint = endpoint(request.getMethod(), request.getRequestURI());
            if (endpoint == null) {
                chain.doFilter(request, response);
                return;
            }
            long started = System.nanoTime();
            boolean failed = true;
            try {
                chain.doFilter(request, response);
                failed = false;
            } finally {
                int status = failed ? 500 : response.getStatus();
                metrics.lookup(endpoint, outcome(status, Boolean.TRUE.equals(request.getAttribute(DEGRADED))),
                        System.nanoTime() - started);
            }
        }
    }
}
