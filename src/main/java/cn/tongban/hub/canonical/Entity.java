package cn.tongban.hub.canonical;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The kinds of canonical record a mapping can produce, with their fields and key field. */
public enum Entity {
    ENTERPRISE("enterprise", EnterpriseField.values(), EnterpriseField.USCC),
    PERSON("person", PersonField.values(), PersonField.CITIZEN_ID),
    INSURANCE("insurance", InsuranceField.values(), InsuranceField.CITIZEN_ID);

    private final String id;
    private final Map<String, CanonicalField> fields = new LinkedHashMap<>();
    private final CanonicalField key;

    Entity(String id, CanonicalField[] fields, CanonicalField key) {
        this.id = id;
        for (CanonicalField f : fields) {
            this.fields.put(f.json(), f);
        }
        this.key = key;
    }

    public String id() {
        return id;
    }

    /**
     * The space the key lives in: persons and their insurances share the citizen ID, so they
     * share crosswalk links ({@code person}); enterprises have theirs ({@code enterprise}).
     */
    public String keySpace() {
        return this == INSURANCE ? PERSON.id : id;
    }

    public CanonicalField key() {
        return key;
    }

    public Optional<CanonicalField> field(String json) {
        return Optional.ofNullable(fields.get(json));
    }

    public List<CanonicalField> fields() {
        return List.copyOf(fields.values());
    }

    public static Optional<Entity> byId(String id) {
        return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst();
    }
}
