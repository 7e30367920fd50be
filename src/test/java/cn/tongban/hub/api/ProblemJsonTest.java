package cn.tongban.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ProblemJsonTest {

    @Test
    void writesTheSameProblemShapeAsTheControllersWithTheCodeAtTopLevel() throws Exception {
        MockHttpServletRequest req = new MockHttpServletRequest("GET", "/api/v1/persons/1 2\"<x>");
        MockHttpServletResponse res = new MockHttpServletResponse();
        ProblemJson.write(req, res, HttpStatus.UNAUTHORIZED, ProblemCodes.CLIENT_UNAUTHENTICATED, "Client credentials required", "No key.");
        assertThat(res.getStatus()).isEqualTo(401);
        assertThat(res.getContentType()).startsWith("application/problem+json");
        JsonNode body = new ObjectMapper().readTree(res.getContentAsString());
        assertThat(body.path("code").asText()).isEqualTo("CLIENT_UNAUTHENTICATED");
        assertThat(body.path("type").asText()).isEqualTo("urn:tongban:problem:CLIENT_UNAUTHENTICATED");
        assertThat(body.path("title").asText()).isEqualTo("Client credentials required");
        assertThat(body.path("status").asInt()).isEqualTo(401);
        assertThat(body.path("detail").asText()).isEqualTo("No key.");
        assertThat(body.path("instance").asText()).isEqualTo("/api/v1/persons/1%202%22%3Cx%3E");
    }
}
