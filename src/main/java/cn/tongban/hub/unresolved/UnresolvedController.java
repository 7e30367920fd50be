package cn.tongban.hub.unresolved;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import cn.tongban.hub.access.PurposeBound;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Unresolved cases (办不成事): list, one case with its history, status changes, the report. */
@RestController
@Tag(name = "unresolved", description = "办不成事：预审中数据无法满足的材料、责任部门与时限 / Unresolved cases: materials data could not satisfy, owning department and deadlines")
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

    @Operation(operationId = "listUnresolved", summary = "查询办不成事案件 / List unresolved cases",
            description = "按状态、标签、责任部门、事项、是否超时筛选，分页；申请人证件号脱敏显示。 / Filter by status, tag, "
                    + "department, matter and overdue, paged; the applicant's key is masked.")
    @GetMapping("/api/v1/unresolved")
    @PurposeBound
    Map<String, Object> list(@RequestParam(required = false) String status, @RequestParam(required = false) String tag,
                             @RequestParam(required = false) String department, @RequestParam(required = false) String matter,
                             @RequestParam(defaultValue = "false") boolean overdue, @RequestParam(required = false) Integer limit,
                             @RequestParam(required = false) Integer offset) {
        return cases.list(status, tag, department, matter, overdue, limit, offset);
    }

    @Operation(operationId = "unresolvedReport", summary = "办不成事统计：按标签、部门、事项与时限阶段 / Report by tag, department, matter and deadline stage")
    @GetMapping("/api/v1/unresolved/report")
    Map<String, Object> report() {
        return cases.report();
    }

    @Operation(operationId = "getUnresolved", summary = "一个案件及其处理记录 / One case with its history")
    @GetMapping("/api/v1/unresolved/{id}")
    @PurposeBound
    UnresolvedCase get(@PathVariable String id) {
        return cases.get(id);
    }

    @Operation(operationId = "updateUnresolved", summary = "更新案件状态、备注或经办人 / Update a case's status, note or assignee",
            description = "状态按 open → responding → coordinating → closed 逐级推进，或取消；非法变更返回 409。 / Status moves one "
                    + "step at a time (open → responding → coordinating → closed) or to cancelled; an invalid move is a 409.")
    @PatchMapping("/api/v1/unresolved/{id}")
    @PurposeBound
    UnresolvedCase update(@PathVariable String id, @RequestBody CaseChange change,
                          @RequestHeader(name = OPERATOR_HEADER, required = false) String operator) {
        return cases.update(id, change.status(), change.note(), change.assignee(), operator);
    }
}
