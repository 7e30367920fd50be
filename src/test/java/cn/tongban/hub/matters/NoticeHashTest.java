package cn.tongban.hub.matters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class NoticeHashTest {

    static Notice notice() {
        return new Notice("JF00601006", "生育医疗费用零星报销", "医疗保障经办机构", "CASE-1", "110105********002X", "self",
                List.of(new Notice.Item(1, "medical-invoices", "医疗费用收费票据", "original", "原件", "paper", "纸质", 1, "required",
                        "必要", "医疗机构", false, null, "NOT_SHAREABLE", Reason.NOT_SHAREABLE.text(), List.of())));
    }

    @Test
    void sameNoticeGivesTheSameHashAndBytes() {
        assertThat(CanonicalJson.hash(notice())).isEqualTo(CanonicalJson.hash(notice())).hasSize(64);
        assertThat(NoticeHtml.render(notice(), "h")).isEqualTo(NoticeHtml.render(notice(), "h"));
    }

    @Test
    void hashDoesNotDependOnMapInsertionOrder() {
        List<String> keys = new ArrayList<>(Arrays.asList("b", "a", "中", "c", "Z"));
        Map<String, Object> one = new LinkedHashMap<>();
        keys.forEach(k -> one.put(k, Map.of("x", k, "y", List.of(k, "1"))));
        Collections.reverse(keys);
        Map<String, Object> two = new LinkedHashMap<>();
        keys.forEach(k -> two.put(k, new TreeMap<>(Map.of("y", List.of(k, "1"), "x", k))));
        assertThat(CanonicalJson.hash(one)).isEqualTo(CanonicalJson.hash(two));
    }

    @Test
    void storedCanonicalTextRehashesToTheSameHash() {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("value", "0.00");
        content.put("nothing", null);
        content.put("list", List.of("b", "a"));
        String text = CanonicalJson.write(content);
        assertThat(CanonicalJson.rehash(text)).isEqualTo(CanonicalJson.sha256(text)).isEqualTo(CanonicalJson.hash(content));
    }

    @Test
    void anyChangeOfContentChangesTheHash() {
        Notice other = new Notice("JF00601006", "生育医疗费用零星报销", "医疗保障经办机构", "CASE-2", "110105********002X", "self",
                notice().items());
        assertThat(CanonicalJson.hash(other)).isNotEqualTo(CanonicalJson.hash(notice()));
    }

    @Test
    void htmlEscapesValuesAndNeedsNoExternalAssets() {
        Notice n = new Notice("X", "<script>", null, "A&B", "s", "agent", List.of());
        String html = NoticeHtml.render(n, "h");
        assertThat(html).contains("&lt;script&gt;").contains("A&amp;B").doesNotContain("<script>")
                .doesNotContain("http://").doesNotContain("https://").contains("无需另行提交材料");
    }
}
