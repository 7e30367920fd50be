package cn.tongban.hub.access;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated calling system; its roles become {@code ROLE_DATA}, {@code ROLE_ADMIN}, {@code ROLE_AUDITOR}. */
final class ClientAuthentication extends AbstractAuthenticationToken {

    private final Client client;

    ClientAuthentication(Client client) {
        super(client.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.toUpperCase(java.util.Locale.ROOT))).toList());
        this.client = client;
        setAuthenticated(true);
    }

    Client client() {
        return client;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return client.id();
    }

    @Override
    public List<org.springframework.security.core.GrantedAuthority> getAuthorities() {
        return List.copyOf(super.getAuthorities());
    }
}
