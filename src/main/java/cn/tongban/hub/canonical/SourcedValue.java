package cn.tongban.hub.canonical;

/** A canonical value with its provenance. */
public record SourcedValue(Object value, Provenance provenance) {
}
