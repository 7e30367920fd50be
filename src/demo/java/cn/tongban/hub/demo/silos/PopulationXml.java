package cn.tongban.hub.demo.silos;

import java.util.List;
import java.util.Map;

import cn.tongban.hub.identifiers.IdentifierNormalizer;

/** The XML envelope of the simulated population service, as such exchange platforms write it. */
final class PopulationXml {

    private PopulationXml() {
    }

    /** Records are found by their normalised ID as the silo would (case-insensitive x). */
    static String lookupKey(String id) {
        return IdentifierNormalizer.normalize(id);
    }

    static String success(List<Map<String, String>> records) {
        StringBuilder b = new StringBuilder(512);
        b.append("<?xml version=\"1.0\" encoding=\"GBK\"?>\n<response>")
                .append("<success>true</success><code>0000</code><message>查询成功</message>")
                .append("<total>").append(records.size()).append("</total><records>");
        for (Map<String, String> r : records) {
            b.append("<record>");
            r.forEach((k, v) -> b.append('<').append(k).append('>').append(escape(v)).append("</").append(k).append('>'));
            b.append("</record>");
        }
        return b.append("</records></response>").toString();
    }

    static String failure(String code, String message) {
        return "<?xml version=\"1.0\" encoding=\"GBK\"?>\n<response><success>false</success><code>" + code
                + "</code><message>" + escape(message) + "</message><total>0</total><records/></response>";
    }

    static String escape(String v) {
        if (v == null) {
            return "";
        }
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
