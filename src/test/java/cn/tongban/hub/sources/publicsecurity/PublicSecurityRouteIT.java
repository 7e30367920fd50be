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

    @Autowired
    PublicSecurityClient client;

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

        PopulationLookup lookup = client.findByCitizenId(CitizenId.parse(person.citizenId()));

        assertThat(lookup.status()).isEqualTo(Status.OK);
        assertThat(lookup.records()).singleElement().satisfies(r -> {
            assertThat(r.get("XM")).isEqualTo(person.name());
            assertThat(CitizenId.parse(r.get("GMSFHM")).value()).isEqualTo(person.citizenId());
            assertThat(r.get("XB")).isEqualTo(person.sex());
        });
    }

    @Test
    void routeIsNamedAfterItsFileAndTakesTheIdInTheBody() {
        TruthPerson person = aPersonWithAName();

        assertThat(camel.getRoute("public-security")).isNotNull();
        PopulationLookup lookup = producer.requestBody(PublicSecurityClient.ENDPOINT, person.citizenId(), PopulationLookup.class);

        assertThat(lookup.status()).isEqualTo(Status.OK);
        assertThat(lookup.records()).singleElement().satisfies(r -> assertThat(r.get("XM")).isEqualTo(person.name()));
    }

    @Test
    void answersNotFoundForAPersonNotInTheRegistry() {
        PopulationLookup lookup = client.findByCitizenId(anIdNotInTheRegistry(1));

        assertThat(lookup.status()).isEqualTo(Status.NOT_FOUND);
        assertThat(lookup.status().hubStatus()).isEqualTo("not_found");
        assertThat(lookup.records()).isEmpty();
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
            PopulationLookup lookup = client.findByCitizenId(id);

            assertThat(lookup.status()).isEqualTo(Status.ERROR);
            assertThat(lookup.errorCode()).isEqualTo("MALFORMED_RECORD");
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
            PopulationLookup lookup = client.findByCitizenId(id);

            assertThat(lookup.status()).isEqualTo(Status.TIMEOUT);
            assertThat(lookup.status().hubStatus()).isEqualTo("timeout");
        } finally {
            silo.removeStub(stub);
        }
    }
}
