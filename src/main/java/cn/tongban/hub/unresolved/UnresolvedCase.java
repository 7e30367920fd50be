package cn.tongban.hub.unresolved;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An unresolved case as answered: the subject key masked (first 6, last 4), its deadlines,
 * which of them have passed, and (for one case) its history.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UnresolvedCase(long id, String matterCode, String matterName, String materialId, String materialName,
                             String subject, Tag tag, String reason, String department, CaseStatus status, String assignee,
                             int occurrences, Instant openedAt, Instant lastSeenAt, Instant updatedAt,
                             ServiceLevels.Deadlines deadlines, @JsonIgnore Instant now, List<Event> history) {

    /** SLA stages of the targets: respond, coordinate, close. */
    public static final String RESPOND = "respond";
    public static final String COORDINATE = "coordinate";
    public static final String CLOSE = "close";

    /** One line of the history: a pre-check occurrence, a status change, a note or an assignment. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(Instant at, String kind, CaseStatus from, CaseStatus to, String operator, String note,
                        String caseNumber, String precheckId) {
        public static final String OCCURRENCE = "occurrence";
        public static final String STATUS = "status";
        public static final String NOTE = "note";
        public static final String ASSIGNEE = "assignee";
    }

    @JsonProperty
    public String tagLabel() {
        return tag.label();
    }

    /** The stages whose deadline passed before the case got beyond them. */
    @JsonProperty
    public List<String> overdueStages() {
        List<String> stages = new ArrayList<>();
        if (status == CaseStatus.OPEN && now.isAfter(deadlines.respondBy())) {
            stages.add(RESPOND);
        }
        if ((status == CaseStatus.OPEN || status == CaseStatus.RESPONDING) && now.isAfter(deadlines.coordinateBy())) {
            stages.add(COORDINATE);
        }
        if (!status.terminal() && now.isAfter(deadlines.closeBy())) {
            stages.add(CLOSE);
        }
        return stages;
    }

    @JsonProperty
    public boolean overdue() {
        return !overdueStages().isEmpty();
    }

    UnresolvedCase withHistory(List<Event> events) {
        return new UnresolvedCase(id, matterCode, matterName, materialId, materialName, subject, tag, reason, department, status,
                assignee, occurrences, openedAt, lastSeenAt, updatedAt, deadlines, now, List.copyOf(events));
    }

    /** The applicant's key as shown: first 6 and last 4 characters, the rest starred. */
    static String mask(String key) {
        if (key == null) {
            return null;
        }
        if (key.length() <= 10) {
            return "*".repeat(key.length());
        }
        return key.substring(0, 6) + "*".repeat(key.length() - 10) + key.substring(key.length() - 4);
    }
}
