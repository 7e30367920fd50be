package cn.tongban.hub.access;

import java.util.List;
import java.util.Map;

import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

import cn.tongban.hub.api.ProblemCodes;
import cn.tongban.hub.api.ProblemJson;

/**
 * Who may call what. Three filter chains, tried in order:
 * <ol>
 * <li>the management port (actuator, the status page, the Hawtio console and Jolokia, the demo
 * fault switches): HTTP Basic operators with role OPERATOR, except the liveness and readiness
 * probes a load balancer needs, and Hawtio and Jolokia where {@code hub.security.open-console}
 * is on (the demo profile only; Hawtio's own login is off, this chain is its login);</li>
 * <li>the API ({@code /api/**}): a client by API key or JWT bearer token; the audit log needs
 * role AUDITOR, quarantine, data quality and mappings need ADMIN, everything else DATA;</li>
 * <li>the rest of the API port (OpenAPI document, Swagger UI): public.</li>
 * </ol>
 * Every refusal is a problem answer with a stable code. Sessions are never created.
 */
@Configuration
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    static final String OPERATOR_ROLE = "OPERATOR";

    @Bean
    @Order(1)
    SecurityFilterChain managementChain(HttpSecurity http, Environment env, UserDetailsService operators) throws Exception {
        AuthenticationEntryPoint unauthenticated = (req, res, e) -> {
            res.setHeader("WWW-Authenticate", "Basic realm=\"tongban-hub management\"");
            ProblemJson.write(req, res, HttpStatus.UNAUTHORIZED, ProblemCodes.OPERATOR_UNAUTHENTICATED, "Operator credentials required",
                    "The management port needs an operator's user name and password (HTTP Basic).");
        };
        AccessDeniedHandler denied = (req, res, e) -> ProblemJson.write(req, res, HttpStatus.FORBIDDEN, ProblemCodes.OPERATOR_FORBIDDEN,
                "Operator role required", "This user may not use the management port.");
        String base = env.getProperty("management.endpoints.web.base-path", "/actuator");
        boolean openConsole = env.getProperty("hub.security.open-console", Boolean.class, false);
        if (openConsole) {
            log.warn("The Hawtio console ({}/hawtio) and Jolokia are open without operator credentials"
                    + " (hub.security.open-console, demo only)", base);
        }
        http.securityMatcher(new ManagementPort(env))
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .userDetailsService(operators)
                .httpBasic(b -> b.authenticationEntryPoint(unauthenticated))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .authorizeHttpRequests(a -> {
                    a.requestMatchers(base + "/health/liveness", base + "/health/readiness").permitAll();
                    if (openConsole) {
                        a.requestMatchers(base + "/hawtio", base + "/hawtio/**", base + "/jolokia", base + "/jolokia/**").permitAll();
                    }
                    a.anyRequest().hasRole(OPERATOR_ROLE);
                });
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http, ClientRegistry clients, RateLimiterRegistry limiters,
                                 ObjectProvider<JwtDecoder> jwtDecoder, SecurityProperties props) throws Exception {
        AuthenticationEntryPoint unauthenticated = (req, res, e) -> ProblemJson.write(req, res, HttpStatus.UNAUTHORIZED,
                ProblemCodes.CLIENT_UNAUTHENTICATED, "Client credentials required",
                "Name the calling system with an " + AccessHeaders.API_KEY + " header or a bearer token.");
        AccessDeniedHandler denied = (req, res, e) -> ProblemJson.write(req, res, HttpStatus.FORBIDDEN, ProblemCodes.CLIENT_FORBIDDEN,
                "Not allowed for this client", "This client's roles do not include the one this endpoint needs.");
        http.securityMatcher("/api/**")
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .addFilterBefore(new ApiKeyFilter(clients), AnonymousAuthenticationFilter.class)
                .addFilterBefore(new AccessFilter(limiters), AuthorizationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/v1/audit/**").hasRole("AUDITOR")
                        .requestMatchers("/api/v1/quarantine/**", "/api/v1/data-quality/**", "/api/v1/mappings/**").hasRole("ADMIN")
                        .anyRequest().hasRole("DATA"));
        JwtDecoder decoder = jwtDecoder.getIfAvailable();
        if (decoder != null) {
            http.oauth2ResourceServer(o -> o.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied)
                    .jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(jwt -> fromJwt(jwt, clients, props.jwtClientClaims()))));
            log.info("API clients authenticate by API key or JWT bearer token");
        } else {
            log.info("API clients authenticate by API key (no JWT issuer configured)");
        }
        return http.build();
    }

    private static ClientAuthentication fromJwt(Jwt jwt, ClientRegistry clients, List<String> claims) {
        for (String claim : claims) {
            String id = jwt.getClaimAsString(claim);
            if (id != null) {
                return clients.byId(id).map(c -> new ClientAuthentication(c))
                        .orElseThrow(() -> new BadCredentialsException("the token's client is not configured"));
            }
        }
        throw new BadCredentialsException("the token names no client (claims " + claims + ")");
    }

    @Bean
    @Order(3)
    SecurityFilterChain publicChain(HttpSecurity http) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }

    /** The firewall's refusals (encoded slashes, control characters in headers, ...) as problem answers. */
    @Bean
    org.springframework.security.web.firewall.RequestRejectedHandler requestRejectedHandler() {
        return (req, res, e) -> ProblemJson.write(req, res, HttpStatus.BAD_REQUEST, ProblemCodes.BAD_REQUEST, "Request rejected",
                "The request is malformed.");
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** The management-port operators of {@code hub.security.operators}; one with an empty hash is left out. */
    @Bean
    UserDetailsService operators(SecurityProperties props) {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        for (Map.Entry<String, SecurityProperties.OperatorSpec> e : props.operators().entrySet()) {
            String hash = e.getValue() == null ? null : e.getValue().passwordHash();
            if (hash == null || hash.isBlank()) {
                log.warn("Management operator {} has no password hash and is disabled", e.getKey());
                continue;
            }
            if (!hash.startsWith("{")) {
                throw new IllegalStateException("hub.security.operators." + e.getKey()
                        + ".password-hash must name its algorithm, e.g. {bcrypt}$2a$10$...");
            }
            UserDetails u = User.withUsername(e.getKey()).password(hash).roles(OPERATOR_ROLE).build();
            users.createUser(u);
        }
        return users;
    }

    /**
     * Requests that arrived on the management port. Paths cannot tell the ports apart (a path
     * the management chain does not know would otherwise fall through to the public chain),
     * the local port can. Fails closed: while neither port is known yet, a request is treated
     * as a management request. With both on one port, only {@code /actuator/**} is management.
     */
    static final class ManagementPort implements RequestMatcher {
        private final Environment env;

        ManagementPort(Environment env) {
            this.env = env;
        }

        /** Both ports once both servers are up; they do not change afterwards, and this runs on every request. */
        private volatile int[] known;

        @Override
        public boolean matches(HttpServletRequest request) {
            int[] ports = known;
            if (ports != null) {
                return ports[0] == ports[1] ? request.getRequestURI().startsWith("/actuator") : request.getLocalPort() == ports[0];
            }
            Integer management = env.getProperty("local.management.port", Integer.class);
            Integer api = env.getProperty("local.server.port", Integer.class);
            if (management != null && api != null) {
                known = new int[] {management, api};
            }
            if (management != null && management.equals(api)) {
                return request.getRequestURI().startsWith("/actuator");
            }
            if (management != null) {
                return request.getLocalPort() == management;
            }
            return api == null || request.getLocalPort() != api;
        }
    }
}
