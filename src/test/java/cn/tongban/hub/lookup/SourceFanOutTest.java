package cn.tongban.hub.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import cn.tongban.hub.mapping.CompiledMapping;
import cn.tongban.hub.mapping.Mappings;
import cn.tongban.hub.sources.SiloAnswer;
import cn.tongban.hub.sources.SiloGateway;

class SourceFanOutTest {

    /** Stands in for the silos' own threads (SiloProtection's bulkheads, tested in SiloProtectionTest). */
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final SiloGateway gateway = mock(SiloGateway.class);
    private final Mappings mappings = mock(Mappings.class);
    private final SourceFanOut fanOut = new SourceFanOut(gateway, mappings);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** A source that answers once {@code release} opens (bounded wait, so a broken test cannot hang). */
    private void answersWhenReleased(String mapping, CountDownLatch release) {
        when(gateway.fetchAsync(eq(mapping), any(), anyMap())).thenAnswer(inv -> CompletableFuture.supplyAsync(() -> {
            boolean released = await(release);
            return new SiloAnswer(mapping, mapping, released ? SourceStatus.OK : SourceStatus.ERROR, List.of(), List.of(), null, 0);
        }, pool));
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
            when(gateway.fetchAsync(eq(m), any(), anyMap())).thenAnswer(inv -> CompletableFuture.supplyAsync(() -> {
                allStarted.countDown();
                boolean together = await(allStarted);
                return new SiloAnswer(m, m, together ? SourceStatus.OK : SourceStatus.ERROR, List.of(), List.of(), null, 0);
            }, pool));
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
    void aSourceCutOffByTheDeadlineAnswersFromTheCacheWhenItCan() {
        CountDownLatch never = new CountDownLatch(1);
        answersWhenReleased("hangs", never);
        CompiledMapping mapping = mock(CompiledMapping.class);
        when(mappings.byId("hangs")).thenReturn(Optional.of(mapping));
        SiloAnswer stale = new SiloAnswer("hangs", "silo", SourceStatus.STALE, List.of(), List.of(), SourceFanOut.DEADLINE, 300);
        when(gateway.orStale(eq(mapping), eq("K"), eq(SourceStatus.TIMEOUT), eq(SourceFanOut.DEADLINE), anyLong())).thenReturn(stale);
        try {
            var answers = fanOut.fetchAll(calls("hangs"), Deadline.after(Duration.ofMillis(200)));
            assertThat(answers.get("hangs")).isSameAs(stale);
        } finally {
            never.countDown();
        }
    }

    @Test
    void aSourceThatFailsExceptionallyIsAnError() {
        when(gateway.fetchAsync(eq("boom"), any(), anyMap())).thenReturn(CompletableFuture.failedFuture(new IllegalStateException("no")));
        when(mappings.byId("boom")).thenReturn(Optional.empty());
        var answers = fanOut.fetchAll(calls("boom"), Deadline.after(Duration.ofSeconds(1)));
        assertThat(answers.get("boom").status()).isEqualTo(SourceStatus.ERROR);
        assertThat(answers.get("boom").errorCode()).isEqualTo("IllegalStateException");
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
