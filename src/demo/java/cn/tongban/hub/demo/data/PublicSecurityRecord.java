package cn.tongban.hub.demo.data;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * A person record as the public-security population registry sends it, with the GA/T 543
 * data element names (DOMAIN.md 2.1). All values are text as they appear in the XML answer;
 * an absent value is the empty string, never null.
 */
public record PublicSecurityRecord(
        String XM,
        String GMSFHM,
        String XB,
        String MZ,
        String CSRQ,
        String HJDZ,
        String SSXQ,
        String HH,
        String YHZGX,
        String HYZK,
        String RYZT,
        String SWRQ,
        String GXSJ) {

    /** Element names in document order. */
    public static final List<String> FIELDS = List.of(
            "XM", "GMSFHM", "XB", "MZ", "CSRQ", "HJDZ", "SSXQ", "HH", "YHZGX", "HYZK", "RYZT", "SWRQ", "GXSJ");

    /** The values in {@link #FIELDS} order. */
    public List<String> values() {
        return List.of(XM, GMSFHM, XB, MZ, CSRQ, HJDZ, SSXQ, HH, YHZGX, HYZK, RYZT, SWRQ, GXSJ);
    }

    /** A fresh ordered map from element name to value. */
    public LinkedHashMap<String, String> toMap() {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        List<String> v = values();
        for (int i = 0; i < FIELDS.size(); i++) {
            m.put(FIELDS.get(i), v.get(i));
        }
        return m;
    }
}
