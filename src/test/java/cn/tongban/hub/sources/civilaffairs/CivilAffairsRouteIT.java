package cn.tongban.hub.sources.civilaffairs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.TruthMarriage;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.identifiers.CitizenId;
import cn.tongban.hub.mapping.CompiledMapping;
import cn.tongban.hub.mapping.MappedRecord;
import cn.tongban.hub.mapping.Mappings;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * The {@code civil-affairs} route (routes/civil-affairs.camel.yaml) against the simulated
 * marriage registry, its answer mapped by mappings/civil-affairs.yaml: the silo added with
 * data files only. Expectations come from the synthetic truth, never from the engine.
 */
@HubIntegrationTest
class CivilAffairsRouteIT {

    private static final String ENDPOINT = "direct:civil-affairs-person";
    private static final String KEY_HEADER = "HubKey";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    DemoInfrastructure demo;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    CamelContext camel;

    @Autowired
    Mappings mappings;

    private Exchange lookUp(String key) {
        return producer.send(ENDPOINT, ExchangePattern.InOut, ex -> ex.getMessage().setHeader(KEY_HEADER, key));
    }

    private List<MappedRecord> mapAnswer(Exchange reply) throws Exception {
        CompiledMapping mapping = mappings.require("civil-affairs");
        JsonNode answer = JSON.readTree(reply.getMessage().getBody(String.class));
        List<MappedRecord> out = new ArrayList<>();
        for (JsonNode record : answer.at(mapping.recordsPointer())) {
            out.add(mapping.map(record, Instant.now()));
        }
        return out;
    }

    @Test
    void mapsTheMarriageRegistrationOfAMarriedPersonAsTheTruthHasIt() throws Exception {
        TruthMarriage truth = demo.dataSet().civilAffairs().marriages().stream()
                .filter(m -> m.maritalStatus().equals("20") && m.spouseInDataSet() && m.spouseCitizenId() != null)
                .findFirst().orElseThrow();
        TruthPerson spouse = demo.dataSet().persons().stream()
                .filter(p -> p.citizenId().equals(truth.spouseCitizenId())).findFirst().orElseThrow();

        assertThat(camel.getRoute("civil-affairs")).isNotNull();
        Exchange reply = lookUp(truth.citizenId());

        assertThat(reply.getException()).isNull();
        assertThat(reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(200);
        assertThat(mapAnswer(reply)).singleElement().satisfies(r -> {
            assertThat(r.silo()).isEqualTo("civil-affairs");
            assertThat(r.recordId()).isEqualTo(truth.recordId());
            assertThat(r.text("citizenId")).isEqualTo(truth.citizenId());
            assertThat(r.text("maritalStatus")).isEqualTo("20");
            assertThat(r.text("maritalStatusLabel")).isEqualTo("已婚");
            assertThat(r.text("marriageRegistrationType")).isEqualTo(truth.registrationType());
            assertThat(r.text("marriageRegisteredOn")).isEqualTo(truth.registeredOn().toString());
            assertThat(r.text("marriageRegistrationAuthority")).isEqualTo(truth.authority());
            assertThat(r.text("marriageCertificateNumber")).isEqualTo(truth.certificateNumber());
            assertThat(r.text("spouseName")).isEqualTo(spouse.name());
            assertThat(r.text("spouseCitizenId")).isEqualTo(spouse.citizenId());
        });
    }

    @Test
    void everyQuirkOfTheRegistryMapsBackToTheTruth() throws Exception {
        // One person per kind of dirt the registry sends, so that the route and the mapping
        // together undo each of them.
        var view = demo.dataSet().civilAffairs();
        List<String> keys = view.injections().stream()
                .collect(Collectors.groupingBy(i -> i.quirk(), java.util.TreeMap::new,
                        Collectors.mapping(i -> i.truthKey(), Collectors.toList())))
                .values().stream().map(l -> l.get(0)).distinct().toList();
        assertThat(keys).hasSizeGreaterThanOrEqualTo(5);

        for (String key : keys) {
            TruthMarriage truth = view.marriage(key).orElseThrow();
            assertThat(mapAnswer(lookUp(key))).as(key).singleElement().satisfies(r -> {
                assertThat(r.text("maritalStatus")).isEqualTo(truth.maritalStatus());
                assertThat(r.text("marriageRegistrationType")).isEqualTo(truth.registrationType());
                assertThat(r.text("marriageRegisteredOn")).isEqualTo(truth.registeredOn().toString());
                assertThat(r.text("marriageCertificateNumber")).isEqualTo(truth.certificateNumber());
                assertThat(r.text("spouseName")).isEqualTo(truth.spouseName());
                assertThat(r.text("spouseCitizenId")).isEqualTo(truth.spouseCitizenId());
            });
        }
    }

    @Test
    void answersAnEmptyListForAPersonTheRegistryDoesNotKnow() throws Exception {
        Set<String> known = demo.dataSet().persons().stream().map(TruthPerson::citizenId).collect(Collectors.toSet());
        String unknown = null;
        for (int sequence = 1; unknown == null; sequence++) {
            String first17 = String.format("110105190101%02d%03d", 9, sequence);
            String id = first17 + CitizenId.checkCharacter(first17);
            unknown = known.contains(id) || demo.dataSet().civilAffairs().record(id).isPresent() ? null : id;
        }

        Exchange reply = lookUp(unknown);

        assertThat(reply.getException()).isNull();
        assertThat(reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(200);
        assertThat(JSON.readTree(reply.getMessage().getBody(String.class)).at("/data/total").asInt()).isZero();
        assertThat(mapAnswer(reply)).isEmpty();
    }

    @Test
    void answersNothingForANeverMarriedPersonOfTheDataSet() throws Exception {
        TruthPerson single = demo.dataSet().persons().stream()
                .filter(p -> p.maritalStatus().equals("10")).findFirst().orElseThrow();

        assertThat(mapAnswer(lookUp(single.citizenId()))).isEmpty();
    }

    @Test
    void refusesAKeyThatIsNotACitizenIdBeforeCallingTheSilo() {
        Exchange reply = lookUp("110105&sfzh=x");

        assertThat(reply.getException()).isInstanceOf(IllegalArgumentException.class);
    }
}
