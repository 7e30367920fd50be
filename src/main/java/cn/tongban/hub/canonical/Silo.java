package cn.tongban.hub.canonical;

/** The silos the hub links; {@link #id()} is the name used in routes, mappings, health and answers. */
public enum Silo {
    PUBLIC_SECURITY("public-security"),
    SOCIAL_INSURANCE("social-insurance"),
    MARKET_REGULATION("market-regulation");

    private final String id;

    Silo(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
