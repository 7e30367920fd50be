package cn.tongban.hub.demo.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;


import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

/**
 * An HTTP silo served by WireMock behind a {@link FaultProxy}. {@code slow}, {@code hang}
 * and {@code down} happen in the proxy; {@code error} is a WireMock stub of the highest
 * priority answering every request, the health path included, with the silo's own HTTP 500
 * envelope, so the connections stay healthy and only the answers fail.
 */
final class HttpSiloFaults extends ProxiedSiloFaults {

    private final WireMockServer server;
    private final ResponseDefinitionBuilder serverError;
    private StubMapping errorStub;

    HttpSiloFaults(FaultProxy proxy, WireMockServer server, ResponseDefinitionBuilder serverError) {
        super(proxy);
        this.server = server;
        this.serverError = serverError;
    }

    @Override
    public String kind() {
        return "http";
    }

    @Override
    void failInside(boolean on) {
        if (on && errorStub == null) {
            // Priority 1 wins over the silo's own stubs (default priority 5) and over any a test adds.
            errorStub = server.stubFor(any(anyUrl()).atPriority(1).willReturn(serverError));
        } else if (!on && errorStub != null) {
            server.removeStub(errorStub);
            errorStub = null;
        }
    }
}
