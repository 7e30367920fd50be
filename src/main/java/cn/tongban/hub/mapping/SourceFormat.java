package cn.tongban.hub.mapping;

/**
 * The shape of a silo's records, which decides how a mapping rule's {@code source} is read:
 * a JSON pointer ({@code /payload/uniscid}), a column name ({@code AAB004}), or an XPath
 * relative to the record element ({@code XM}, {@code addr/@code}).
 */
public enum SourceFormat {
    JSON("json"),
    ROW("row"),
    XML("xml");

    private final String id;

    SourceFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
