package cn.tongban.hub.unresolved;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Unresolved cases (办不成事): list, one case with its history, status changes, the report. */
@RestController
class UnresolvedController {

    /** Header naming the staff member who makes a change, recorded in the history. */
    static final String OPERATOR_HEADER = "X-Operator-Id";

    /** Body of a change: any of a new status, a note, an assignee. */
    record CaseChange(String status, String note, String assignee) {
    }

    private final UnresolvedCases cases;

    UnresolvedController(UnresolvedCases cases) {
        this.cases = cases;
    }

    @GetMapping("/api/v1/unresolved")
    Map<String, Object> list(@RequestParam(required = false) String status, @RequestParam(required = false) String tag,
                             @RequestParam(required = false) String department, @RequestParam(required = false) String matter,
                             @RequestParam(defaultValue = "false") boolean overdue, @RequestParam(required = false) Integer limit,
                             @RequestParam(required = false) Integer offset) {
        return cases.list(status, tag, department, matter, overdue, limit, offset);
    }

    @GetMapping("/api/v1/unresolved/report")
    Map<String, Object> report() {
        return cases.report();
    }

    @GetMapping("/api/v1/unresolved/{id}")
    UnresolvedCase get(@PathVariable String id) {
        return cases.get(id);
    }

    @PatchMapping("/api/v1/unresolved/{id}")
    UnresolvedCase update(@PathVariable String id, @RequestBody CaseChange change,
                          @RequestHeader(name = OPERATOR_HEADER, required = false) String operator) {
        return cases.update(id, change.status(), change.note(), change.assignee(), operator);
    }
}
