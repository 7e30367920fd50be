package cn.tongban.hub.sources.publicsecurity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.util.Set;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import cn.tongban.hub.demo.DemoInfrastructure;
import cn.tongban.hub.demo.data.TruthPerson;
import cn.tongban.hub.demo.silos.PublicSecuritySimulator;
import cn.tongban.hub.identifiers.CitizenId;
import cn.tongban.hub.sources.publicsecurity.PopulationLookup.Status;
import cn.tongban.hub.sources.SiloAnswer;
import cn.tongban.hub.sources.SiloGateway;
import cn.tongban.hub.testing.HubIntegrationTest;

/**
 * The {@code public-security} route against the simulated population service: a signed
 * request, a GBK XML answer, and the failures the silo can produce.
 */
@HubIntegrationTest
class PublicSecurityRouteIT {

    private static final Charset GBK = PublicSecuritySimulator.GBK;

    @Autowired
    DemoInfrastructure demo;

    /** Pull silos are called through the one gateway; public security's mapping names this route. */
    @Autowired
    SiloGateway gateway;

    private SiloAnswer lookUp(CitizenId id) {
        return gateway.fetch("public-security", id.value(), java.util.Map.of());
    }

    @Autowired
    ProducerTemplate producer;

    @Autowired
    CamelContext camel;

    private TruthPerson aPersonWithAName() {
        return demo.dataSet().persons().stream().filter(p -> !p.name().isBlank()).findFirst().orElseThrow();
    }

    /** A valid citizen ID the data set does not hold; {@code day} keeps the IDs of tests apart. */
    private CitizenId anIdNotInTheRegistry(int day) {
        Set<String> known = demo.dataSet().persons().stream().map(TruthPerson::citizenId).collect(Collectors.toSet());
        for (int sequence = 1; sequence < 1000; sequence++) {
            String first17 = String.format("110105190101%02d%03d", day, sequence);
            String id = first17 + CitizenId.checkCharacter(first17);
            if (!known.contains(id)) {
                return CitizenId.parse(id);
            }
        }
        throw new IllegalStateException("no free citizen ID");
    }

    @Test
    void returnsTheRegistryRecordOfAPersonWithTheirAuthoritativeName() {
        TruthPerson person = aPersonWithAName();

        SiloAnswer answer = lookUp(CitizenId.parse(person.citizenId()));

        assertThat(answer.status()).isEqualTo("ok");
        assertThat(answer.records()).singleElement().satisfies(r -> {
            assertThat(r.text("name")).isEqualTo(person.name());
            assertThat(r.text("citizenId")).isEqualTo(person.citizenId());
            assertThat(r.text("sex")).isEqualTo(person.sex());
            assertThat(r.fields().get("name").provenance().sourceField()).isEqualTo("XM");
        });
    }

    @Test
    void routeIsNamedAfterItsFileAndTakesTheIdInTheBody() {
        TruthPerson person = aPersonWithAName();

        assertThat(camel.getRoute("public-security")).isNotNull();
        PopulationLookup lookup = producer.requestBody("direct:public-security-person", person.citizenId(), PopulationLookup.class);

        assertThat(lookup.status()).isEqualTo(Status.OK);
        assertThat(lookup.records()).singleElement().satisfies(r -> assertThat(r.get("XM")).isEqualTo(person.name()));
    }

    @Test
    void answersNotFoundForAPersonNotInTheRegistry() {
        SiloAnswer answer = lookUp(anIdNotInTheRegistry(1));

        assertThat(answer.status()).isEqualTo(Status.NOT_FOUND.hubStatus()).isEqualTo("not_found");
        assertThat(answer.records()).isEmpty();
    }

    @Test
    void reportsAMalformedRecordWhenTheSiloAnswersAnXxePayload() {
        CitizenId id = anIdNotInTheRegistry(2);
        String body = "<?xml version=\"1.0\" encoding=\"GBK\"?>\n"
                + "<!DOCTYPE response [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<response><success>true</success><code>0000</code><total>1</total>"
                + "<records><record><XM>&xxe;</XM></record></records></response>";
        WireMockServer silo = demo.publicSecurity().server();
        StubMapping stub = silo.stubFor(get(urlPathEqualTo(PublicSecuritySimulator.QUERY_PATH))
                .withQueryParam(PublicSecuritySigner.ID_PARAMETER, equalTo(id.value()))
                .atPriority(1)
                .willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/xml; charset=GBK")
                        .withBody(body.getBytes(GBK))));
        try {
            SiloAnswer answer = lookUp(id);

            assertThat(answer.status()).isEqualTo(Status.ERROR.hubStatus());
            assertThat(answer.errorCode()).isEqualTo("MALFORMED_RECORD");
        } finally {
            silo.removeStub(stub);
        }
    }

    @Test
    void reportsATimeoutWhenTheSiloAnswersTooLate() {
        CitizenId id = anIdNotInTheRegistry(3);
        WireMockServer silo = demo.publicSecurity().server();
        // Longer than hub.silos.public-security.timeout-ms (3000 by default).
        StubMapping stub = silo.stubFor(get(urlPathEqualTo(PublicSecuritySimulator.QUERY_PATH))
                .withQueryParam(PublicSecuritySigner.ID_PARAMETER, equalTo(id.value()))
                .atPriority(1)
                .willReturn(aResponse().withStatus(200).withFixedDelay(5000)
                        .withHeader("Content-Type", "application/xml; charset=GBK")
                        .withBody("<?xml version=\"1.0\" encoding=\"GBK\"?><response/>".getBytes(GBK))));
        try {
            SiloAnswer answer = lookUp(id);

            assertThat(answer.status()).isEqualTo(Status.TIMEOUT.hubStatus()).isEqualTo("timeout");
            assertThat(answer.errorCode()).isEqualTo(PopulationLookup.TIMED_OUT);
        } finally {
            silo.removeStub(stub);
        }
    }
}
