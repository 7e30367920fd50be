package cn.tongban.hub.access;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import cn.tongban.hub.api.ProblemCodes;
import cn.tongban.hub.api.ProblemJson;

/**
 * Authenticates a client by its {@code X-Api-Key}. A key the hub does not know is refused at
 * once; a request without one goes on (a bearer token may follow, or the entry point answers 401).
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    private final ClientRegistry clients;

    ApiKeyFilter(ClientRegistry clients) {
        this.clients = clients;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(AccessHeaders.API_KEY);
        if (key == null) {
            chain.doFilter(request, response);
            return;
        }
        Client client = clients.byApiKey(key).orElse(null);
        if (client == null) {
            ProblemJson.write(request, response, HttpStatus.UNAUTHORIZED, ProblemCodes.CLIENT_UNAUTHENTICATED,
                    "Unknown client", "The API key is not one the hub knows.");
            return;
        }
        SecurityContextHolder.getContext().setAuthentication(new ClientAuthentication(client));
        chain.doFilter(request, response);
    }
}
