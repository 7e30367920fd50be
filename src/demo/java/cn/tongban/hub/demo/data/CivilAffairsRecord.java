package cn.tongban.hub.demo.data;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * A marriage registration record as the civil-affairs marriage registry (民政 婚姻登记) sends
 * it in its JSON answer, field names in the registry's pinyin initials. All values are text as
 * sent; an absent value is the empty string or {@code 无}, never null.
 *
 * @param ywlsh  业务流水号, the registry's record id
 * @param sfzh   身份证号 of the person asked about (always the clean 18 characters)
 * @param xm     姓名
 * @param xb     性别, GB/T 2261.1
 * @param hyzk   婚姻状况, GB/T 2261.2 code or (quirk) its words
 * @param ywlx   业务类型: IA 结婚登记, IB 离婚登记, IC 补领结婚证, ID 补领离婚证
 * @param djrq   登记日期, YYYY-MM-DD or (quirks) YYYYMMDD, YYYY年M月D日
 * @param djjg   登记机关
 * @param zsbh   证书编号 (结婚证/离婚证字号)
 * @param poxm   配偶姓名
 * @param posfzh 配偶身份证号
 */
public record CivilAffairsRecord(
        String ywlsh,
        String sfzh,
        String xm,
        String xb,
        String hyzk,
        String ywlx,
        String djrq,
        String djjg,
        String zsbh,
        String poxm,
        String posfzh) {

    /** Field names in answer order. */
    public static final List<String> FIELDS = List.of(
            "ywlsh", "sfzh", "xm", "xb", "hyzk", "ywlx", "djrq", "djjg", "zsbh", "poxm", "posfzh");

    public List<String> values() {
        return List.of(ywlsh, sfzh, xm, xb, hyzk, ywlx, djrq, djjg, zsbh, poxm, posfzh);
    }

    /** A fresh ordered map from field name to value, as one element of {@code data.list}. */
    public LinkedHashMap<String, String> toMap() {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        List<String> v = values();
        for (int i = 0; i < FIELDS.size(); i++) {
            m.put(FIELDS.get(i), v.get(i));
        }
        return m;
    }
}
