package cn.tongban.hub.unresolved;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where an unresolved case stands. It moves one stage at a time along the service-level
 * targets (open → responding within 1 hour → coordinating within 3 working days → closed
 * within 7), so that each stage's time is in the history; any active case may be cancelled.
 * Closed and cancelled are final: the same shortfall seen again opens a new case.
 */
public enum CaseStatus {
    OPEN("open"), RESPONDING("responding"), COORDINATING("coordinating"), CLOSED("closed"), CANCELLED("cancelled");

    private final String id;

    CaseStatus(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public boolean terminal() {
        return this == CLOSED || this == CANCELLED;
    }

    /** Whether a case in this status may move to {@code to}. */
    public boolean canMoveTo(CaseStatus to) {
        if (terminal()) {
            return false;
        }
        return to == CANCELLED || to.ordinal() == ordinal() + 1;
    }

    /** The statuses this one may move to, for the 409 answer. */
    public Set<CaseStatus> next() {
        return Arrays.stream(values()).filter(this::canMoveTo).collect(java.util.stream.Collectors.toCollection(
                () -> java.util.EnumSet.noneOf(CaseStatus.class)));
    }

    public static Optional<CaseStatus> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }
}
