package cn.tongban.hub.matters;

import java.util.Map;

/**
 * Renders a one-time notice as a printable Chinese HTML page: self-contained (inline style,
 * no scripts, fonts or images from elsewhere), every value escaped, nothing that varies
 * between two renderings of the same notice.
 */
final class NoticeHtml {

    private static final Map<String, String> APPLICANT = Map.of("self", "申请人本人", "agent", "委托代理人");

    private NoticeHtml() {
    }

    static String render(Notice n, String hash) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"UTF-8\">\n")
                .append("<title>一次性告知清单 - ").append(esc(n.matterName())).append("</title>\n")
                .append("<style>\n")
                .append("body{font-family:\"SimSun\",\"Songti SC\",serif;margin:2em auto;max-width:60em;color:#000}\n")
                .append("h1{text-align:center;font-size:1.6em;letter-spacing:.3em}\n")
                .append("table{border-collapse:collapse;width:100%;margin:1em 0}\n")
                .append("th,td{border:1px solid #000;padding:.35em .5em;font-size:.95em;vertical-align:top}\n")
                .append("th{background:#eee}\n.meta td{border:none;padding:.15em .5em}\n")
                .append(".note{font-size:.9em}\n.hash{font-family:monospace;font-size:.8em;word-break:break-all}\n")
                .append("@media print{body{margin:0}}\n</style>\n</head>\n<body>\n");
        b.append("<h1>一次性告知清单</h1>\n<table class=\"meta\">\n");
        row(b, "事项名称", n.matterName());
        row(b, "事项编码", n.matterCode());
        if (n.department() != null) {
            row(b, "受理部门", n.department());
        }
        row(b, "办件编号", n.caseNumber());
        row(b, "申请主体", n.subject());
        row(b, "申请方式", APPLICANT.getOrDefault(n.applicantType(), n.applicantType()));
        b.append("</table>\n");
        if (n.items().isEmpty()) {
            b.append("<p>经部门间数据共享核验，本事项所需材料均已通过共享数据获取，申请人无需另行提交材料。</p>\n");
        } else {
            b.append("<p>经部门间数据共享核验，下列 ").append(n.items().size())
                    .append(" 项材料无法通过共享数据获取，请申请人一次性提交：</p>\n");
            b.append("<table class=\"items\">\n<thead><tr><th>序号</th><th>材料名称</th><th>原件/复印件</th><th>纸质/电子</th>"
                    + "<th>份数</th><th>必要性</th><th>材料来源</th><th>告知承诺</th><th>需提交原因</th></tr></thead>\n<tbody>\n");
            for (Notice.Item i : n.items()) {
                b.append("<tr data-material=\"").append(esc(i.materialId())).append("\" data-reason=\"").append(esc(i.reason())).append("\">")
                        .append("<td>").append(i.seq()).append("</td>")
                        .append("<td>").append(esc(i.name()));
                if (i.note() != null && !i.note().isBlank()) {
                    b.append("<div class=\"note\">").append(esc(i.note())).append("</div>");
                }
                b.append("</td>")
                        .append("<td>").append(esc(i.formLabel())).append("</td>")
                        .append("<td>").append(esc(i.mediumLabel())).append("</td>")
                        .append("<td>").append(i.count()).append("</td>")
                        .append("<td>").append(esc(i.necessityLabel())).append("</td>")
                        .append("<td>").append(esc("applicant".equals(i.source()) ? "申请人" : i.source())).append("</td>")
                        .append("<td>").append(i.commitment() ? "可告知承诺" : "否").append("</td>")
                        .append("<td>").append(esc(i.reasonText())).append("</td></tr>\n");
            }
            b.append("</tbody>\n</table>\n");
            b.append("<p class=\"note\">标注“容缺”的材料可在受理后补交；标注“可告知承诺”的材料可由申请人书面承诺代替，由部门事后核查。</p>\n");
        }
        b.append("<p class=\"note\">本清单为一次性告知，受理部门不得在清单之外要求申请人补充其他材料。</p>\n");
        b.append("<p class=\"hash\">清单校验码（SHA-256）：").append(esc(hash)).append("</p>\n");
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    private static void row(StringBuilder b, String label, String value) {
        b.append("<tr><td>").append(label).append("：</td><td>").append(esc(value)).append("</td></tr>\n");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
