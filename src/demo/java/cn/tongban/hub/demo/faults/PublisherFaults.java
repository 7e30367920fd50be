package cn.tongban.hub.demo.faults;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongban.hub.demo.silos.MarketRegulationPublisher;

/**
 * The market-regulation registry, which pushes change events to Kafka. The hub never calls
 * it, so there is no connection to slow down or hang, and those modes are refused. The two
 * that mean something for a publisher:
 * <ul>
 * <li>{@code down}: the publisher pauses; what it publishes meanwhile is held and goes out,
 *     in order, when the fault ends (an outbox catching up after an outage);
 * <li>{@code error}: the registry publishes garbage, one malformed event every
 *     {@value #MALFORMED_EVERY_MS} ms, alternately a truncated JSON body and a well-formed
 *     event without any identifier, all with the key {@value #KEY} and event ids starting
 *     {@code fault-rehearsal-}; the hub quarantines them and copies them to its dead-letter topic.
 * </ul>
 */
final class PublisherFaults implements FaultTarget {

    static final String KEY = "fault-rehearsal";
    static final long MALFORMED_EVERY_MS = 1000;
    private static final Logger log = LoggerFactory.getLogger(PublisherFaults.class);

    private final MarketRegulationPublisher publisher;
    private final ScheduledExecutorService timer;
    private final AtomicLong sequence = new AtomicLong();
    private ScheduledFuture<?> malformed;

    PublisherFaults(MarketRegulationPublisher publisher) {
        this.publisher = publisher;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fault-market-regulation");
            t.setDaemon(true);
            // Created on the first switch, by a web request thread: without this it would hold
            // the web server's class loader, which the server reports as a leak when it stops.
            t.setContextClassLoader(PublisherFaults.class.getClassLoader());
            return t;
        });
    }

    @Override
    public String kind() {
        return "kafka";
    }

    @Override
    public Set<FaultMode> supportedModes() {
        return EnumSet.of(FaultMode.NONE, FaultMode.ERROR, FaultMode.DOWN);
    }

    @Override
    public void apply(Fault previous, Fault next) {
        if (next.mode() != FaultMode.ERROR && malformed != null) {
            malformed.cancel(false);
            malformed = null;
        }
        if (next.mode() == FaultMode.DOWN) {
            publisher.pause();
        } else if (publisher.paused()) {
            int n = publisher.resume();
            log.info("The market-regulation publisher resumed and published the {} records it held", n);
        }
        if (next.mode() == FaultMode.ERROR && malformed == null) {
            malformed = timer.scheduleAtFixedRate(this::publishMalformed, 0, MALFORMED_EVERY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void publishMalformed() {
        long n = sequence.incrementAndGet();
        String eventId = KEY + "-" + n;
        String body = n % 2 == 1
                // Cut off mid-object, as a publisher that crashes while writing would leave it.
                ? "{\"eventId\":\"" + eventId + "\",\"version\":1,\"changedAt\":\"" + Instant.now() + "\",\"payload\":{\"uniscid\":"
                // Valid JSON, but neither USCC nor registration number: it cannot be keyed.
                : "{\"eventId\":\"" + eventId + "\",\"version\":1,\"changedAt\":\"" + Instant.now()
                        + "\",\"payload\":{\"uniscid\":null,\"regno\":null,\"entname\":\"故障演练有限公司\"}}";
        try {
            publisher.publish(KEY, body);
        } catch (RuntimeException e) {
            // A failed send must not cancel the schedule; the next one tries again.
            log.warn("Publishing a malformed rehearsal event failed: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
