package cn.tongban.hub.sources;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import cn.tongban.hub.access.Access;
import cn.tongban.hub.api.ApiProblem;
import cn.tongban.hub.api.ProblemCodes;
import cn.tongban.hub.canonical.Entity;
import cn.tongban.hub.config.OpenApiConfiguration;
import cn.tongban.hub.crosswalk.Crosswalk;
import cn.tongban.hub.identifiers.CitizenId;
import cn.tongban.hub.identifiers.Uscc;
import cn.tongban.hub.mapping.CompiledMapping;
import cn.tongban.hub.mapping.DryRunService;
import cn.tongban.hub.mapping.Mappings;
import cn.tongban.hub.mapping.RecordView;

/**
 * For integration developers and operators: the mappings in force, a look-up through one
 * silo's route and mapping, and the dry run of a pasted source record.
 */
@RestController
@Tag(name = "mappings", description = "映射与来源调试（集成开发与运维） / Mappings and silo diagnostics (integrators, operators)")
@RequestMapping("/api/v1/mappings")
class MappingsController {

    /** One mapping as listed. */
    record MappingInfo(String id, String silo, String entity, String format, String file, String description,
                       String lookupEndpoint, List<String> keyAliases, Map<String, String> sources) {
    }

    /** A look-up through one silo, with the records shown with provenance. */
    record FetchView(String mapping, String silo, String status, String errorCode, long elapsedMillis,
                     List<RecordView> records, List<SiloAnswer.Rejected> rejected) {
    }

    private final Mappings mappings;
    private final SiloGateway gateway;
    private final Crosswalk crosswalk;
    private final DryRunService dryRun;

    MappingsController(Mappings mappings, SiloGateway gateway, Crosswalk crosswalk, DryRunService dryRun) {
        this.mappings = mappings;
        this.gateway = gateway;
        this.crosswalk = crosswalk;
        this.dryRun = dryRun;
    }

    @Operation(operationId = "listMappings", summary = "生效的映射 / The mappings in force")
    @GetMapping
    List<MappingInfo> list() {
        return mappings.all().stream().map(MappingsController::info).toList();
    }

    @Operation(operationId = "getMapping", summary = "一个映射 / One mapping")
    @ApiResponse(responseCode = "404", description = "无此映射（MAPPING_NOT_FOUND） / No such mapping (MAPPING_NOT_FOUND)",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @ApiResponse(responseCode = "200", description = "映射 / The mapping")
    @GetMapping("/{id}")
    MappingInfo one(@PathVariable String id) {
        return info(mapping(id));
    }

    /** Looks the key up through the silo's route now (no cache), with the crosswalk's aliases of the key. */
    @Operation(operationId = "fetchRecords", summary = "经该来源的路由与映射即时查询（不走缓存） / Look a key up through one silo's route and mapping now (no cache)")
    @ApiResponse(responseCode = "400", description = "标识无效（code 说明规则）或该来源只推送（NOT_PULLABLE） / Invalid key (code names the rule) or a push-only silo (NOT_PULLABLE)",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @ApiResponse(responseCode = "404", description = "无此映射 / No such mapping",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @ApiResponse(responseCode = "200", description = "该来源的回答与记录 / The silo's answer and records")
    @GetMapping("/{id}/records/{key}")
    FetchView fetch(@PathVariable String id, @PathVariable String key) {
        CompiledMapping m = mapping(id);
        if (m.lookup() == null) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, ProblemCodes.NOT_PULLABLE, "Silo pushes its data",
                    "mapping " + id + " has no lookup endpoint; its records arrive as events");
        }
        String normalized = m.entity().keySpace().equals(Entity.PERSON.id()) ? CitizenId.parse(key).value() : Uscc.parse(key).value();
        Access.subject(normalized);
        Access.calling(m.silo());
        SiloAnswer a = gateway.fetch(id, normalized, SiloGateway.aliasMap(crosswalk.aliasesOf(m.entity().keySpace(), normalized)));
        return new FetchView(a.mapping(), a.silo(), a.status(), a.errorCode(), a.elapsedMillis(),
                a.records().stream().map(RecordView::of).toList(), a.rejected());
    }

    /** Maps a pasted source record with the mapping in force; writes nothing. */
    @Operation(operationId = "dryRun", summary = "用生效的映射试映射一条源记录，不写入 / Map a pasted source record with the mapping in force; writes nothing")
    @ApiResponse(responseCode = "404", description = "无此映射 / No such mapping",
            content = @Content(mediaType = OpenApiConfiguration.PROBLEM_JSON, schema = @Schema(implementation = OpenApiConfiguration.Problem.class)))
    @ApiResponse(responseCode = "200", description = "映射结果 / The mapping outcome")
    @PostMapping(path = "/{id}/dry-run", consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_XML_VALUE,
            MediaType.TEXT_XML_VALUE, MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE})
    DryRunService.Result dryRun(@PathVariable String id, @RequestBody byte[] body) {
        mapping(id);
        return dryRun.run(id, body);
    }

    private CompiledMapping mapping(String id) {
        return mappings.byId(id).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, ProblemCodes.MAPPING_NOT_FOUND,
                "No such mapping", "no mapping '" + id + "' (see GET /api/v1/mappings)"));
    }

    private static MappingInfo info(CompiledMapping m) {
        return new MappingInfo(m.id(), m.silo(), m.entity().id(), m.format().id(), String.valueOf(m.file()), m.description(),
                m.lookup() == null ? null : m.lookup().endpoint(),
                m.key().aliases().stream().map(f -> f.json()).toList(), new LinkedHashMap<>(m.sources()));
    }
}
