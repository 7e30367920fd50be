package cn.tongban.hub.lookup;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/persons/{idNumber}}: the merged person profile from every person silo. */
@RestController
@RequestMapping(path = "/api/v1/persons", produces = MediaType.APPLICATION_JSON_VALUE)
class PersonProfileController {

    private final PersonProfileService service;

    PersonProfileController(PersonProfileService service) {
        this.service = service;
    }

    @GetMapping("/{idNumber}")
    PersonProfile person(@PathVariable String idNumber, @RequestParam(required = false) List<String> fields) {
        return service.lookUp(idNumber, fields);
    }
}
