package cn.tongban.hub.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import cn.tongban.hub.canonical.Entity;
import cn.tongban.hub.canonical.Silo;
import cn.tongban.hub.mapping.Mappings;

/**
 * The configured clients, compiled and checked at start: a typo in a role, a field, a source,
 * a sharing class, a masking rule or a key hash stops the hub with the client's name, instead
 * of silently granting or denying. API keys are held only as SHA-256 hashes: they are long
 * random values, so a slow password hash would add nothing but latency to every request.
 */
@Component
public class ClientRegistry {

    private static final Pattern KEY_HASH = Pattern.compile("sha256:[0-9a-f]{64}");

    private final Map<String, Client> byId = new HashMap<>();
    private final Map<String, Client> byKeyHash = new HashMap<>();

    public ClientRegistry(SecurityProperties props, Mappings mappings) {
        Set<String> knownSilos = new TreeSet<>();
        for (Silo s : Silo.values()) {
            knownSilos.add(s.id());
        }
        mappings.all().forEach(m -> knownSilos.add(m.silo()));
        Masking.of(props.masking(), Map.of());
        for (Map.Entry<String, SecurityProperties.ClientSpec> e : props.clients().entrySet()) {
            if (e.getKey().equals(AuditingFilter.ANONYMOUS)) {
                throw new IllegalStateException("hub.security.clients: '" + AuditingFilter.ANONYMOUS
                        + "' is how the audit log names requests without a client; choose another id");
            }
            Client c = compile(e.getKey(), e.getValue(), props, knownSilos);
            byId.put(c.id(), c);
            String hash = e.getValue().apiKeyHash();
            if (hash != null && !hash.isBlank()) {
                if (!KEY_HASH.matcher(hash).matches()) {
                    throw new IllegalStateException("hub.security.clients." + c.id() + ".api-key-hash must be sha256:<64 hex digits>");
                }
                if (byKeyHash.put(hash, c) != null) {
                    throw new IllegalStateException("hub.security.clients." + c.id() + " shares its API key with another client");
                }
            }
        }
    }

    private static Client compile(String id, SecurityProperties.ClientSpec spec, SecurityProperties props, Set<String> knownSilos) {
        String where = "hub.security.clients." + id;
        Set<String> roles = new LinkedHashSet<>(spec.roles() == null ? List.of(Client.DATA) : spec.roles());
        for (String r : roles) {
            if (!Client.ROLES.contains(r)) {
                throw new IllegalStateException(where + ".roles: unknown role '" + r + "' (known: " + Client.ROLES + ")");
            }
        }
        String sharing = spec.sharingClass() == null ? Client.UNCONDITIONAL : spec.sharingClass().toLowerCase(Locale.ROOT);
        if (!sharing.equals(Client.UNCONDITIONAL) && !sharing.equals(Client.CONDITIONAL)) {
            throw new IllegalStateException(where + ".sharing-class must be unconditional or conditional, not '" + sharing + "'");
        }
        List<String> wanted = spec.sources() == null ? List.of() : spec.sources();
        for (String s : wanted) {
            if (!s.equals(Client.ALL) && !knownSilos.contains(s)) {
                throw new IllegalStateException(where + ".sources: unknown silo '" + s + "' (known: " + knownSilos + ")");
            }
        }
        Set<String> sources = new TreeSet<>();
        for (String silo : knownSilos) {
            boolean listed = wanted.contains(Client.ALL) || wanted.contains(silo);
            // An unconditional client gets only what is shared unconditionally, whatever it lists.
            boolean shared = sharing.equals(Client.CONDITIONAL)
                    || Client.UNCONDITIONAL.equals(props.sharing().getOrDefault(silo, Client.CONDITIONAL));
            if (listed && shared) {
                sources.add(silo);
            }
        }
        Set<String> fields = new LinkedHashSet<>(spec.fields() == null ? List.of() : spec.fields());
        for (String f : fields) {
            checkField(where, f);
        }
        Set<String> matters = new LinkedHashSet<>(spec.matters() == null ? List.of() : spec.matters());
        for (String m : matters) {
            if (!m.equals(Client.ALL) && !AccessHeaders.MATTER_CODE.matcher(m).matches()) {
                throw new IllegalStateException(where + ".matters: '" + m + "' is not a matter code");
            }
        }
        int rate = spec.rateLimit() == null ? 50 : spec.rateLimit();
        if (rate < 1) {
            throw new IllegalStateException(where + ".rate-limit must be at least 1 request per second");
        }
        Masking masking;
        try {
            masking = Masking.of(props.masking(), spec.masking());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ".masking: " + e.getMessage(), e);
        }
        return new Client(id, spec.name() == null ? id : spec.name(), Set.copyOf(roles), sharing, Set.copyOf(sources),
                Set.copyOf(fields), Set.copyOf(matters), rate, masking);
    }

    private static void checkField(String where, String f) {
        if (f.equals(Client.ALL)) {
            return;
        }
        int dot = f.indexOf('.');
        Entity entity = dot < 0 ? null : Entity.byId(f.substring(0, dot)).orElse(null);
        String name = dot < 0 ? f : f.substring(dot + 1);
        if (entity == null) {
            throw new IllegalStateException(where + ".fields: '" + f + "' is not entity.field (entity: enterprise, person, insurance)");
        }
        if (!name.equals("*") && entity.field(name).isEmpty() && !Sections.of(entity).contains(name)) {
            throw new IllegalStateException(where + ".fields: '" + f + "' is not a field of " + entity.id());
        }
    }

    public Optional<Client> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The client whose API key this is. */
    public Optional<Client> byApiKey(String apiKey) {
        if (apiKey == null || apiKey.isEmpty() || apiKey.length() > 256) {
            return Optional.empty();
        }
        return Optional.ofNullable(byKeyHash.get(hash(apiKey)));
    }

    /** {@code sha256:<hex>} of an API key, as {@code api-key-hash} takes it. */
    public static String hash(String apiKey) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
