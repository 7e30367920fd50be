package cn.tongban.hub.quarantine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import cn.tongban.hub.api.ApiProblem;
import cn.tongban.hub.api.ProblemCodes;

/**
 * The quarantine for operators: what sits there by silo and reason, and the replay of
 * records after the mapping or the crosswalk was fixed. Payloads are never shown here:
 * they carry personal data.
 */
@RestController
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
    @PostMapping("/replay")
    ReplayReport replay(@RequestParam String silo, @RequestParam(required = false) String reason,
                        @RequestParam(defaultValue = "1000") int limit) {
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
