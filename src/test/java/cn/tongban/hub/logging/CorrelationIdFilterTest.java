package cn.tongban.hub.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The correlation id filter: echoed, generated when absent, replaced when malformed, in the MDC meanwhile. */
class CorrelationIdFilterTest {

    private static final String UUID_FORM = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @AfterEach
    void clear() {
        MDC.clear();
    }

    /** Runs the filter; returns the id the request's thread saw in the MDC while the chain ran. */
    private static String[] filter(String received) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/persons/x");
        if (received != null) {
            request.addHeader(CorrelationId.HEADER, received);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<String> inChain = new AtomicReference<>();
        new CorrelationIdFilter().doFilter(request, response, (req, res) -> inChain.set(MDC.get(CorrelationId.MDC_KEY)));
        return new String[] {inChain.get(), response.getHeader(CorrelationId.HEADER)};
    }

    @Test
    void echoesTheCallersIdAndHoldsItInTheMdcWhileTheRequestRuns() throws Exception {
        String[] seen = filter("window-0042:REQ-2026.000001_a");
        assertThat(seen[0]).isEqualTo("window-0042:REQ-2026.000001_a");
        assertThat(seen[1]).isEqualTo("window-0042:REQ-2026.000001_a");
        assertThat(MDC.get(CorrelationId.MDC_KEY)).as("nothing left on the pooled thread").isNull();
    }

    @Test
    void generatesAUuidWhenTheCallerSentNone() throws Exception {
        String[] seen = filter(null);
        assertThat(seen[1]).matches(UUID_FORM);
        assertThat(seen[0]).isEqualTo(seen[1]);
        assertThat(filter(null)[1]).as("a new one per request").isNotEqualTo(seen[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "has space", "line\nbreak", "quote\"d", "<script>", "身份证", "a;b",
            "0123456789012345678901234567890123456789012345678901234567890123456789"})
    void replacesAMalformedOrOverlongIdWithANewOne(String malformed) throws Exception {
        String[] seen = filter(malformed);
        assertThat(seen[1]).matches(UUID_FORM).isNotEqualTo(malformed);
        assertThat(seen[0]).isEqualTo(seen[1]);
    }

    @Test
    void acceptsIdsUpToTheBoundAndNoLonger() {
        assertThat(CorrelationId.isAcceptable("a".repeat(CorrelationId.MAX_LENGTH))).isTrue();
        assertThat(CorrelationId.isAcceptable("a".repeat(CorrelationId.MAX_LENGTH + 1))).isFalse();
        assertThat(CorrelationId.isAcceptable(null)).isFalse();
    }

    @Test
    void aTaskOnAnotherThreadCarriesTheRequestsIdAndLeavesThatThreadClean() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            MDC.put(CorrelationId.MDC_KEY, "req-1");
            String onPool = CompletableFuture.supplyAsync(CorrelationId.propagating(CorrelationId::current), pool).get();
            MDC.remove(CorrelationId.MDC_KEY);
            String afterwards = CompletableFuture.supplyAsync(CorrelationId::current, pool).get();
            assertThat(onPool).isEqualTo("req-1");
            assertThat(afterwards).isNull();
        } finally {
            pool.shutdownNow();
        }
    }
}
