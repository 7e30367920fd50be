package cn.tongban.hub.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadPoolExecutor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import cn.tongban.hub.mapping.Mappings;
import cn.tongban.hub.sources.SiloAnswer;
import cn.tongban.hub.sources.SiloGateway;

class SourceFanOutTest {

    private final ThreadPoolExecutor pool = new LookupConfiguration().lookupExecutor(new LookupProperties(Duration.ofSeconds(2), 4, 2));
    private final SiloGateway gateway = mock(SiloGateway.class);
    private final Mappings mappings = mock(Mappings.class);
    private final SourceFanOut fanOut = new SourceFanOut(gateway, mappings, pool);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private void answersAfter(String mapping, long millis) {
        when(gateway.fetch(eq(mapping), any(), anyMap())).thenAnswer(inv -> {
            Thread.sleep(millis);
            return new SiloAnswer(mapping, mapping, SourceStatus.OK, List.of(), List.of(), null, millis);
        });
        when(mappings.byId(mapping)).thenReturn(Optional.empty());
    }

    private static List<SourceFanOut.Call> calls(String... mappings) {
        return java.util.Arrays.stream(mappings).map(m -> new SourceFanOut.Call(m, "K", Map.of())).toList();
    }

    @Test
    void callsTheSourcesAtTheSameTime() {
        answersAfter("a", 300);
        answersAfter("b", 300);
        answersAfter("c", 300);
        long t0 = System.nanoTime();
        var answers = fanOut.fetchAll(calls("a", "b", "c"), Deadline.after(Duration.ofSeconds(5)));
        long took = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        assertThat(answers.values()).extracting(SiloAnswer::status).containsOnly(SourceStatus.OK);
        // One after another: at least 900 ms.
        assertThat(took).isLessThan(750);
    }

    @Test
    void aSourceStillRunningAtTheDeadlineIsATimeoutAndTheOthersAreKept() {
        answersAfter("fast", 10);
        answersAfter("hangs", 5_000);
        long t0 = System.nanoTime();
        var answers = fanOut.fetchAll(calls("fast", "hangs"), Deadline.after(Duration.ofMillis(300)));
        long took = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        assertThat(took).isBetween(250L, 1_500L);
        assertThat(answers.get("fast").status()).isEqualTo(SourceStatus.OK);
        assertThat(answers.get("hangs").status()).isEqualTo(SourceStatus.TIMEOUT);
        assertThat(answers.get("hangs").errorCode()).isEqualTo(SourceFanOut.DEADLINE);
    }

    @Test
    void aFullPoolFailsTheCallAtOnceInsteadOfQueueingPastTheDeadline() {
        for (String m : List.of("a", "b", "c", "d", "e", "f", "g")) {
            answersAfter(m, 400);
        }
        var answers = fanOut.fetchAll(calls("a", "b", "c", "d", "e", "f", "g"), Deadline.after(Duration.ofSeconds(2)));
        // Four threads and two queue places: the seventh call is refused.
        assertThat(answers.get("g").status()).isEqualTo(SourceStatus.ERROR);
        assertThat(answers.get("g").errorCode()).isEqualTo(SourceFanOut.POOL_FULL);
        assertThat(answers.get("a").status()).isEqualTo(SourceStatus.OK);
    }

    @Test
    void aSourceThatThrowsIsAnError() {
        when(gateway.fetch(eq("boom"), any(), anyMap())).thenThrow(new IllegalStateException("no"));
        when(mappings.byId("boom")).thenReturn(Optional.empty());
        var answers = fanOut.fetchAll(calls("boom"), Deadline.after(Duration.ofSeconds(1)));
        assertThat(answers.get("boom").status()).isEqualTo(SourceStatus.ERROR);
    }
}
