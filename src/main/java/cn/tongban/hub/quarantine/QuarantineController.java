package cn.tongban.hub.quarantine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.tongban.hub.api.ApiProblem;
import cn.tongban.hub.api.ProblemCodes;
import cn.tongban.hub.config.OpenApiConfiguration;

/**
 * The quarantine for operators: what sits there by silo and reason, and the replay of
 * records after the mapping or the crosswalk was fixed. Payloads are never shown here:
 * they carry personal data.
 */
@RestController
@Tag(name = "quarantine", description = "隔离区（运维） / Quarantine (operators)")
@RequestMapping("/api/v1/quarantine")
class QuarantineController {

    private static final Logger log = LoggerFactory.getLogger(QuarantineController.class);
    private static final int MAX_BATCH = 10_000;

    /** The outcome of a replay run. */
    record ReplayReport(String silo, String reason, int replayed, int through, Map<String, Integer> stillQuarantinedByReason) {
    }

    private final QuarantineRepository quarantine;
    private final Map<String, QuarantineReplayer> replayers;

    QuarantineController(QuarantineRepository quarantine, List<QuarantineReplayer> replayers) {
        this.quarantine = quarantine;
        this.replayers = replayers.stream().collect(Collectors.toMap(QuarantineReplayer::silo, Function.identity()));
    }

    @Operation(operationId = "quarantineSummary", summary = "按来源和原因统计隔离记录 / Quarantined records by silo and reason")
    @GetMapping
    Map<String, Map<String, Long>> summary() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (String silo : replayers.keySet()) {
            out.put(silo, quarantine.countByReason(silo));
        }
        return out;
    }

    /**
     * Replays the open records of a silo (optionally of one reason, at most {@code limit}).
     * Those that now go through leave the quarantine; the others stay with their new reason.
     */
    @Operation(operationId = "replayQuarantine", summary = "修正映射或对照后重放隔离记录 / Replay quarantined records after the mapping or crosswalk was fixed")
    @ApiResponse(responseCode = "400", description = "未知来源（UNKNOWN_SILO）或 limit 越界 / Unknown silo (UNKNOWN_SILO) or limit out of range",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @ApiResponse(responseCode = "200", description = "重放结果 / The replay report")
    @PostMapping("/replay")
    ReplayReport replay(@Parameter(description = "来源 / Silo") @RequestParam String silo,
                        @Parameter(description = "只重放此原因 / Only this reason") @RequestParam(required = false) String reason,
                        @Parameter(description = "最多条数 1..10000 / At most this many, 1..10000") @RequestParam(defaultValue = "1000") int limit) {
        QuarantineReplayer replayer = replayers.get(silo);
        if (replayer == null) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.UNKNOWN_SILO, "No replay for this silo",
                    "silo '" + silo + "' has no replay (known: " + new TreeMap<>(replayers).keySet() + ")");
        }
        if (limit < 1 || limit > MAX_BATCH) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.BAD_REQUEST, "Bad limit", "limit must be 1.." + MAX_BATCH);
        }
        // The open records are taken before prepare(): a silo that replays by re-reading its
        // source lets them leave quarantine there, and each must still be counted.
        List<QuarantineRepository.Entry> entries = quarantine.open(silo, reason, limit);
        replayer.prepare();
        int through = 0;
        Map<String, Integer> still = new LinkedHashMap<>();
        for (QuarantineRepository.Entry e : entries) {
            QuarantineReplayer.Result r = replayer.replay(e);
            if (r.through()) {
                quarantine.markReplayed(e.id());
                through++;
            } else {
                if (!r.reasonCode().equals(e.reasonCode())) {
                    quarantine.updateReason(e.id(), r.reasonCode(), r.reason());
                }
                still.merge(r.reasonCode(), 1, Integer::sum);
            }
        }
        log.info("Replayed {} quarantined {} records (reason {}): {} went through", entries.size(), silo, reason, through);
        return new ReplayReport(silo, reason, entries.size(), through, still);
    }
}
