package cn.tongban.hub.access;

import java.util.Set;

import cn.tongban.hub.canonical.Entity;

/**
 * A calling system as configured: its roles and what it may read, compiled from
 * {@link SecurityProperties.ClientSpec} by {@link ClientRegistry}.
 *
 * @param sources silos it may call: its own allow-list narrowed by its sharing class
 * @param fields  {@code entity.field} names it may read; {@code entity.*} and {@code *} as configured
 * @param matters matter codes it may act for; contains {@code *} for all
 */
public record Client(String id, String name, Set<String> roles, String sharingClass, Set<String> sources, Set<String> fields,
                     Set<String> matters, int rateLimit, Masking masking) {

    public static final String DATA = "data";
    public static final String ADMIN = "admin";
    public static final String AUDITOR = "auditor";
    static final Set<String> ROLES = Set.of(DATA, ADMIN, AUDITOR);

    public static final String UNCONDITIONAL = "unconditional";
    public static final String CONDITIONAL = "conditional";

    static final String ALL = "*";

    public boolean mayUse(String silo) {
        return sources.contains(silo);
    }

    /** Whether the client may read a canonical field (or a section such as {@code socialInsurance}) of an entity. */
    public boolean mayRead(Entity entity, String field) {
        return fields.contains(ALL) || fields.contains(entity.id() + ".*") || fields.contains(entity.id() + "." + field);
    }

    public boolean mayActFor(String matterCode) {
        return matters.contains(ALL) || matters.contains(matterCode);
    }
}
