package cn.tongban.hub.quality;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/data-quality}: what the hub made of each silo's records, counted from
 * the store (so it survives restarts and re-runs do not add up): per mapping the records
 * mapped, keyed through an alias (by kind), quarantined (by reason) and flagged (by code);
 * the conflicts with the authoritative silo by field; the quarantine of every silo; and the
 * crosswalk links by kind and asserting silo. Counts only, never a value.
 */
@RestController
@Tag(name = "data-quality", description = "数据质量 / Data quality")
@RequestMapping(path = "/api/v1/data-quality", produces = MediaType.APPLICATION_JSON_VALUE)
class DataQualityController {

    private final DataQualityRepository repository;
    private final Clock clock = Clock.systemUTC();

    DataQualityController(DataQualityRepository repository) {
        this.repository = repository;
    }

    @Operation(operationId = "dataQuality", summary = "各来源数据质量统计（只有计数，不含值） / Data quality per silo (counts only, never a value)")
    @GetMapping
    Map<String, Object> summary() {
        Map<String, Map<String, Object>> mappings = repository.mappingTotals();
        Map<String, Map<String, Long>> linked = repository.linkedBy();
        Map<String, Map<String, Long>> reasons = repository.quarantinedByReason();
        Map<String, Map<String, Long>> flags = repository.flagsByCode();
        Map<String, Map<String, Long>> flagsByField = repository.flagsByField();
        mappings.forEach((id, m) -> {
            m.put("linkedThroughAlias", linked.getOrDefault(id, Map.of()));
            m.put("quarantinedByReason", reasons.getOrDefault(id, Map.of()));
            m.put("flags", flags.getOrDefault(id, Map.of()));
            m.put("flagsByField", flagsByField.getOrDefault(id, Map.of()));
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("generatedAt", clock.instant().toString());
        out.put("mappings", mappings);
        out.put("conflicts", repository.conflicts());
        out.put("quarantine", repository.openQuarantine());
        out.put("crosswalk", repository.crosswalk());
        return out;
    }
}
