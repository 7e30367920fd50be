package cn.tongban.hub.mapping;

import java.util.Arrays;
import java.util.Optional;

import cn.tongban.hub.canonical.ValueType;

/** The {@code type} of a mapping rule and the canonical value type it produces. */
public enum RuleType {
    TEXT("text", ValueType.TEXT),
    DATE("date", ValueType.DATE),
    DATETIME("datetime", ValueType.DATETIME),
    DECIMAL("decimal", ValueType.DECIMAL),
    INTEGER("integer", ValueType.INTEGER),
    CODE("code", ValueType.CODE),
    USCC("uscc", ValueType.USCC),
    ORGANIZATION_CODE("organization-code", ValueType.ORGANIZATION_CODE),
    REGISTRATION_NUMBER("registration-number", ValueType.REGISTRATION_NUMBER),
    CITIZEN_ID("citizen-id", ValueType.CITIZEN_ID);

    private final String id;
    private final ValueType produces;

    RuleType(String id, ValueType produces) {
        this.id = id;
        this.produces = produces;
    }

    public String id() {
        return id;
    }

    public ValueType produces() {
        return produces;
    }

    static Optional<RuleType> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
