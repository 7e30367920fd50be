package cn.tongban.hub.matters;

import java.util.List;
import java.util.Map;

import cn.tongban.hub.canonical.Provenance;

/** The application form of a matter, filled from shared data so nothing is typed twice. */
public record PrefillAnswer(String matterCode, String matterName, String subjectType, String subject,
                            Map<String, String> sources, List<Field> fields) {

    public static final String FILLED = "filled";
    public static final String EMPTY = "empty";
    public static final String CONFLICT = "conflict";
    public static final String SOURCE_UNAVAILABLE = "source_unavailable";
    /** Outside the client's field scope: neither value nor source is shown. */
    public static final String WITHHELD = "withheld";

    /**
     * @param status {@link #FILLED}, {@link #CONFLICT} (filled with the authoritative value; the
     *               sources disagree, so the applicant should confirm it), {@link #EMPTY} or
     *               {@link #SOURCE_UNAVAILABLE}
     */
    public record Field(String id, String label, String field, Object value, Provenance source, String status) {
    }
}
