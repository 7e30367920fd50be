package cn.tongban.hub.sources.socialinsurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import cn.tongban.hub.sources.SiloGateway;

class LookupParametersTest {

    private final LookupParameters parameters = new LookupParameters();

    private static Exchange exchange(String key, Object aliases) {
        Exchange ex = new DefaultExchange(new DefaultCamelContext());
        ex.getMessage().setHeader(SiloGateway.KEY_HEADER, key);
        ex.getMessage().setHeader(SiloGateway.ALIASES_HEADER, aliases);
        return ex;
    }

    @Test
    void neverLeavesAnInListEmpty() {
        Exchange ex = exchange(null, null);
        parameters.unit(ex);
        assertThat(ex.getMessage().getBody(Map.class)).containsEntry("key", LookupParameters.NO_MATCH)
                .containsEntry("unitNumbers", List.of(LookupParameters.NO_MATCH))
                .containsEntry("orgCodes", List.of(LookupParameters.NO_MATCH))
                .containsEntry("regNos", List.of(LookupParameters.NO_MATCH));
        Exchange person = exchange("", Map.of("socialInsurancePersonNumber", List.of()));
        parameters.person(person);
        assertThat(person.getMessage().getBody(Map.class)).containsEntry("citizenIds", List.of(LookupParameters.NO_MATCH))
                .containsEntry("personNumbers", List.of(LookupParameters.NO_MATCH));
    }

    @Test
    void asksForOrganisationCodesInBothPrintedForms() {
        Exchange ex = exchange("91340000711771143J", Map.of("organizationCode", List.of("711771143")));
        parameters.unit(ex);
        assertThat(ex.getMessage().getBody(Map.class)).containsEntry("orgCodes", List.of("711771143", "71177114-3"));
    }

    @Test
    void asksForEveryStoredFormOfACitizenId() {
        Exchange ex = exchange("34052419800101001X", Map.of("socialInsurancePersonNumber", List.of("1000000001")));
        parameters.person(ex);
        assertThat(ex.getMessage().getBody(Map.class))
                .containsEntry("citizenIds", List.of("34052419800101001X", "34052419800101001x", "340524800101001"))
                .containsEntry("personNumbers", List.of("1000000001"));
    }

    @Test
    void passesHostileValuesThroughUnchangedAsValuesOnly() {
        String hostile = "x'); DROP TABLE AB01;--";
        Exchange ex = exchange(hostile, Map.of("registrationNumber", List.of(hostile)));
        parameters.unit(ex);
        assertThat(ex.getMessage().getBody(Map.class)).containsEntry("key", hostile).containsEntry("regNos", List.of(hostile));
    }
}
