package cn.tongban.hub.lookup;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/verifications}: claimed values in, match or differ out, never the recorded values. */
@RestController
@RequestMapping(path = "/api/v1/verifications", produces = MediaType.APPLICATION_JSON_VALUE)
class VerificationController {

    private final VerificationService service;

    VerificationController(VerificationService service) {
        this.service = service;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Verification.Answer verify(@RequestBody Verification.Request request) {
        return service.verify(request);
    }
}
