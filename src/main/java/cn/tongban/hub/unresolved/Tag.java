package cn.tongban.hub.unresolved;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

import cn.tongban.hub.matters.Reason;

/**
 * What kind of shortfall an unresolved case (办不成事) is, from the pre-check reason of the
 * material; the id is the stable code in answers and filters. CONDITION_NOT_MET has no tag:
 * the data answered and said no, which is a decision on the application, not a case.
 */
public enum Tag {
    SOURCE_UNAVAILABLE("source_unavailable", "系统未联通/数据源不可用", Reason.SOURCE_UNAVAILABLE),
    DATA_MISSING("data_missing", "数据缺失", Reason.NO_RECORD),
    DEPARTMENTS_DISAGREE("departments_disagree", "部门数据不一致", Reason.DATA_CONFLICT),
    NOT_CONNECTED("not_connected", "系统未接入", Reason.NOT_SHAREABLE);

    private final String id;
    private final String label;
    private final Reason reason;

    Tag(String id, String label, Reason reason) {
        this.id = id;
        this.label = label;
        this.reason = reason;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** The tag of a case for a material the pre-check left for this reason; empty: no case. */
    public static Optional<Tag> of(Reason reason) {
        return Arrays.stream(values()).filter(t -> t.reason == reason).findFirst();
    }

    public static Optional<Tag> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
