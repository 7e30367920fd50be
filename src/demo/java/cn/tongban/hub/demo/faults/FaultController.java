package cn.tongban.hub.demo.faults;

import java.net.URI;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import cn.tongban.hub.demo.DemoInfrastructure;

/**
 * The fault switches on the management port (demo only):
 * <ul>
 * <li>{@code GET /demo/faults}: the mode in force for every simulated silo;
 * <li>{@code GET /demo/faults/{silo}}: one silo's;
 * <li>{@code PUT /demo/faults/{silo}} with {@code {"mode":"none|slow|hang|error|down"}} and,
 *     for slow only, {@code "delayMs"} (1 to 60000, default 1500): switches it.
 * </ul>
 * Refusals are {@code application/problem+json} with a stable {@code code}: {@value #BAD_SILO}
 * (not a silo id), {@value #UNKNOWN_SILO} (404), {@value #BAD_BODY}, {@value #BAD_MODE},
 * {@value #MODE_NOT_SUPPORTED}, {@value #BAD_DELAY}, and {@value #SWITCH_FAILED} (503) when
 * the switch could not be made. The body is read whatever its content type, so a bare
 * {@code curl -X PUT -d '{"mode":"down"}'} works.
 *
 * <p>Only ever a bean of the management child context ({@link FaultManagementConfiguration}):
 * the condition keeps the application's component scan from putting it on the API port.
 */
@RestController
@RequestMapping("/demo/faults")
@Conditional(FaultManagementConfiguration.OnManagementChildContext.class)
class FaultController {

    static final String BAD_SILO = "FAULT_BAD_SILO";
    static final String UNKNOWN_SILO = "FAULT_UNKNOWN_SILO";
    static final String BAD_BODY = "FAULT_BAD_BODY";
    static final String BAD_MODE = "FAULT_BAD_MODE";
    static final String MODE_NOT_SUPPORTED = "FAULT_MODE_NOT_SUPPORTED";
    static final String BAD_DELAY = "FAULT_BAD_DELAY";
    static final String SWITCH_FAILED = "FAULT_SWITCH_FAILED";

    private static final Logger log = LoggerFactory.getLogger(FaultController.class);
    /** Silo ids as the hub spells them (routes, mappings): lower case words joined by hyphens. */
    private static final Pattern SILO_ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final int MAX_SILO_ID = 64;
    /** A switch is a few dozen bytes; anything much larger is not one. */
    private static final int MAX_BODY_BYTES = 4096;
    private static final String MODES = "none, slow, hang, error, down";

    private final SiloFaults faults;
    /** Its own reader: strict about the body whatever the application's JSON settings are. */
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    FaultController(DemoInfrastructure demo) {
        this.faults = demo.faults();
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> list() {
        Map<String, Object> silos = new LinkedHashMap<>();
        faults.states().forEach(s -> silos.put(s.silo(), view(s)));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("silos", silos);
        return answer;
    }

    @GetMapping(path = "/{silo}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> one(@PathVariable("silo") String silo) {
        return view(faults.state(requireSilo(silo)).orElseThrow());
    }

    @PutMapping(path = "/{silo}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> put(@PathVariable("silo") String silo, @RequestBody(required = false) byte[] body) {
        String id = requireSilo(silo);
        Fault fault = readFault(body);
        if (!faults.supportedModes(id).contains(fault.mode())) {
            throw new Refusal(HttpStatus.BAD_REQUEST, MODE_NOT_SUPPORTED, "Mode not supported",
                    id + " cannot be " + fault.mode().id() + "; it supports "
                            + faults.supportedModes(id).stream().map(FaultMode::id).collect(Collectors.joining(", ")));
        }
        try {
            return view(faults.apply(id, fault));
        } catch (FaultSwitchException e) {
            log.warn("Fault switch of {} to {} failed: {}", id, fault.mode().id(), e.getMessage());
            throw new Refusal(HttpStatus.SERVICE_UNAVAILABLE, SWITCH_FAILED, "Fault switch failed",
                    id + " could not be switched to " + fault.mode().id() + "; it stays "
                            + faults.state(id).map(s -> s.fault().mode().id()).orElse("unknown"));
        }
    }

    @ExceptionHandler(Refusal.class)
    ResponseEntity<ProblemDetail> refusal(Refusal r) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(r.status, r.getMessage());
        pd.setType(URI.create("urn:tongban:problem:" + r.code));
        pd.setTitle(r.title);
        pd.setProperty("code", r.code);
        return ResponseEntity.status(r.status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }

    private String requireSilo(String silo) {
        if (silo == null || silo.length() > MAX_SILO_ID || !SILO_ID.matcher(silo).matches()) {
            // The bad id is not echoed: it is caller input of any shape.
            throw new Refusal(HttpStatus.BAD_REQUEST, BAD_SILO, "Invalid silo id",
                    "A silo id is lower-case words joined by hyphens, such as public-security.");
        }
        if (!faults.knows(silo)) {
            throw new Refusal(HttpStatus.NOT_FOUND, UNKNOWN_SILO, "Unknown silo",
                    "No simulated silo " + silo + "; the silos are "
                            + faults.states().stream().map(SiloFaults.State::silo).collect(Collectors.joining(", ")));
        }
        return silo;
    }

    private Fault readFault(byte[] body) {
        if (body == null || body.length == 0 || body.length > MAX_BODY_BYTES) {
            throw badBody("The body must be a JSON object such as {\"mode\":\"down\"}.");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw badBody("The body is not JSON; send a JSON object such as {\"mode\":\"down\"}.");
        } catch (java.io.IOException e) {
            throw badBody("The body could not be read.");
        }
        if (root == null || !root.isObject()) {
            throw badBody("The body must be a JSON object such as {\"mode\":\"down\"}.");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("mode") && !name.equals("delayMs")) {
                throw badBody("Unknown property in the body; only mode and delayMs are read.");
            }
        }
        JsonNode modeNode = root.get("mode");
        if (modeNode == null || !modeNode.isTextual()) {
            throw badBody("The body needs \"mode\", a string: one of " + MODES + ".");
        }
        FaultMode mode = FaultMode.byId(modeNode.asText()).orElseThrow(() ->
                new Refusal(HttpStatus.BAD_REQUEST, BAD_MODE, "Unknown fault mode", "mode must be one of " + MODES + "."));
        JsonNode delay = root.get("delayMs");
        if (delay == null || delay.isNull()) {
            return Fault.of(mode);
        }
        if (mode != FaultMode.SLOW) {
            throw new Refusal(HttpStatus.BAD_REQUEST, BAD_DELAY, "Invalid delay", "delayMs applies to mode slow only.");
        }
        if (!delay.isIntegralNumber() || !delay.canConvertToLong()
                || delay.asLong() < 1 || delay.asLong() > Fault.MAX_DELAY_MS) {
            throw new Refusal(HttpStatus.BAD_REQUEST, BAD_DELAY, "Invalid delay",
                    "delayMs must be a whole number of milliseconds from 1 to " + Fault.MAX_DELAY_MS + ".");
        }
        return Fault.slow(delay.asLong());
    }

    private static Refusal badBody(String detail) {
        return new Refusal(HttpStatus.BAD_REQUEST, BAD_BODY, "Invalid fault switch", detail);
    }

    private static Map<String, Object> view(SiloFaults.State s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("silo", s.silo());
        v.put("kind", s.kind());
        v.put("mode", s.fault().mode().id());
        if (s.fault().mode() == FaultMode.SLOW) {
            v.put("delayMs", s.fault().delayMs());
        }
        v.put("since", s.since().toString());
        v.put("supportedModes", s.supportedModes().stream().map(FaultMode::id).toList());
        return v;
    }

    /** A refused switch; rendered by {@link #refusal}, ahead of the application's advice. */
    static final class Refusal extends RuntimeException {

        final HttpStatus status;
        final String code;
        final String title;

        Refusal(HttpStatus status, String code, String title, String detail) {
            super(detail, null, false, false);
            this.status = status;
            this.code = code;
            this.title = title;
        }
    }
}
