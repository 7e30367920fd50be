package cn.tongban.hub.lookup;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/enterprises/{id}}: the enterprise profile by USCC or alias. */
@RestController
@RequestMapping(path = "/api/v1/enterprises", produces = MediaType.APPLICATION_JSON_VALUE)
class EnterpriseLookupController {

    private final EnterpriseLookupService service;

    EnterpriseLookupController(EnterpriseLookupService service) {
        this.service = service;
    }

    @GetMapping("/{id}")
    EnterpriseProfile enterprise(@PathVariable String id, @RequestParam(required = false) List<String> fields) {
        return service.lookUp(id, fields);
    }
}
