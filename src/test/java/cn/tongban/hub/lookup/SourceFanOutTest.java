package cn.tongban.hub.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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

    /** A source that answers once {@code release} opens (bounded wait, so a broken test cannot hang). */
    private void answersWhenReleased(String mapping, CountDownLatch release) {
        when(gateway.fetch(eq(mapping), any(), anyMap())).thenAnswer(inv -> {
            boolean released = release.await(10, TimeUnit.SECONDS);
            return new SiloAnswer(mapping, mapping, released ? SourceStatus.OK : SourceStatus.ERROR, List.of(), List.of(), null, 0);
        });
        when(mappings.byId(mapping)).thenReturn(Optional.empty());
    }

    private static List<SourceFanOut.Call> calls(String... mappings) {
        return java.util.Arrays.stream(mappings).map(m -> new SourceFanOut.Call(m, "K", Map.of())).toList();
    }

    @Test
    void callsTheSourcesAtTheSameTime() {
        // Each source answers only once all three have started: called one after another,
        // the first would wait in vain and answer ERROR.
        CountDownLatch allStarted = new CountDownLatch(3);
        for (String m : List.of("a", "b", "c")) {
            when(gateway.fetch(eq(m), any(), anyMap())).thenAnswer(inv -> {
                allStarted.countDown();
                boolean together = allStarted.await(3, TimeUnit.SECONDS);
                return new SiloAnswer(m, m, together ? SourceStatus.OK : SourceStatus.ERROR, List.of(), List.of(), null, 0);
            });
            when(mappings.byId(m)).thenReturn(Optional.empty());
        }
        var answers = fanOut.fetchAll(calls("a", "b", "c"), Deadline.after(Duration.ofSeconds(5)));
        assertThat(answers.values()).extracting(SiloAnswer::status).containsOnly(SourceStatus.OK);
    }

    @Test
    void aSourceStillRunningAtTheDeadlineIsATimeoutAndTheOthersAreKept() {
        CountDownLatch open = new CountDownLatch(0);
        CountDownLatch never = new CountDownLatch(1);
        answersWhenReleased("fast", open);
        answersWhenReleased("hangs", never);
        try {
            long t0 = System.nanoTime();
            var answers = fanOut.fetchAll(calls("fast", "hangs"), Deadline.after(Duration.ofMillis(300)));
            long took = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            assertThat(took).isBetween(250L, 1_500L);
            assertThat(answers.get("fast").status()).isEqualTo(SourceStatus.OK);
            assertThat(answers.get("hangs").status()).isEqualTo(SourceStatus.TIMEOUT);
            assertThat(answers.get("hangs").errorCode()).isEqualTo(SourceFanOut.DEADLINE);
        } finally {
            never.countDown();
        }
    }

    @Test
    void aFullPoolFailsTheCallAtOnceInsteadOfQueueingPastTheDeadline() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        for (String m : List.of("a", "b", "c", "d", "e", "f", "g")) {
            answersWhenReleased(m, release);
        }
        var result = CompletableFuture.supplyAsync(() ->
                fanOut.fetchAll(calls("a", "b", "c", "d", "e", "f", "g"), Deadline.after(Duration.ofSeconds(5))));
        try {
            // Four threads busy and two queue places taken: the seventh call has been refused.
            await().atMost(Duration.ofSeconds(5)).until(() -> pool.getActiveCount() == 4 && pool.getQueue().size() == 2);
        } finally {
            release.countDown();
        }
        var answers = result.get(10, TimeUnit.SECONDS);
        assertThat(answers.get("g").status()).isEqualTo(SourceStatus.ERROR);
        assertThat(answers.get("g").errorCode()).isEqualTo(SourceFanOut.POOL_FULL);
        assertThat(answers.get("a").status()).isEqualTo(SourceStatus.OK);
        assertThat(answers.get("f").status()).isEqualTo(SourceStatus.OK);
    }

    @Test
    void aSourceThatThrowsIsAnError() {
        when(gateway.fetch(eq("boom"), any(), anyMap())).thenThrow(new IllegalStateException("no"));
        when(mappings.byId("boom")).thenReturn(Optional.empty());
        var answers = fanOut.fetchAll(calls("boom"), Deadline.after(Duration.ofSeconds(1)));
        assertThat(answers.get("boom").status()).isEqualTo(SourceStatus.ERROR);
    }
}
