package cn.tongban.hub.access;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hub.security}: the calling systems (clients) with their credentials and what each may
 * read, the operators of the management port, and the sharing class of every source.
 * Documented property by property in docs/access.md.
 *
 * @param clients         calling systems by id
 * @param operators       users of the management port by user name
 * @param sharing         sharing class of each source silo (国发〔2016〕51号): unconditional or conditional;
 *                        a silo not listed is conditional
 * @param masking         the default masking rule per kind of personal data ({@link Masking.Kind}); a
 *                        client's own rules override these kind by kind
 * @param jwtClientClaims the JWT claims that name the client, first present wins
 * @param maxRequestBytes largest request body the API accepts
 */
@ConfigurationProperties("hub.security")
public record SecurityProperties(Map<String, ClientSpec> clients, Map<String, OperatorSpec> operators,
                                 Map<String, String> sharing, Map<String, String> masking, List<String> jwtClientClaims,
                                 Integer maxRequestBytes) {

    public SecurityProperties {
        clients = clients == null ? Map.of() : Map.copyOf(clients);
        operators = operators == null ? Map.of() : Map.copyOf(operators);
        sharing = sharing == null ? Map.of() : Map.copyOf(sharing);
        masking = masking == null ? Map.of() : Map.copyOf(masking);
        jwtClientClaims = jwtClientClaims == null || jwtClientClaims.isEmpty() ? List.of("client_id", "azp") : List.copyOf(jwtClientClaims);
        maxRequestBytes = maxRequestBytes == null ? 65_536 : maxRequestBytes;
    }

    /**
     * One calling system.
     *
     * @param name         who it is (e.g. 市政务服务中心综合窗口), for the audit report
     * @param apiKeyHash   {@code sha256:<hex>} of its API key; absent for a client that only uses JWTs
     * @param roles        data, admin, auditor (GB/T 39477: separate roles)
     * @param sharingClass unconditional (base data only) or conditional
     * @param sources      source silos it may use, {@code *} for all its sharing class allows
     * @param fields       canonical fields it may read as {@code entity.field} ({@code person.name}),
     *                     {@code entity.*} or {@code *}
     * @param matters      matter codes it may act for, {@code *} for the whole catalogue
     * @param rateLimit    requests per second
     * @param masking      masking rule per kind of personal data, overriding the defaults
     */
    public record ClientSpec(String name, String apiKeyHash, List<String> roles, String sharingClass, List<String> sources,
                             List<String> fields, List<String> matters, Integer rateLimit, Map<String, String> masking) {
    }

    /**
     * A management-port user.
     *
     * @param passwordHash in Spring Security's {@code {id}hash} form, e.g. {@code {bcrypt}$2a$10$...};
     *                     an empty hash disables the user
     */
    public record OperatorSpec(String passwordHash) {
    }
}
