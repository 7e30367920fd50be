package cn.tongban.hub.canonical;

/**
 * A field of the canonical model. Its {@link #json()} name is what answers, mapping files
 * and field allow-lists use; {@link #authority()} is the one silo whose value wins when
 * silos disagree (一数一源).
 */
public interface CanonicalField {

    String json();

    ValueType type();

    String authority();
}
