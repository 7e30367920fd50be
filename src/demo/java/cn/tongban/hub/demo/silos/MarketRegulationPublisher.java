package cn.tongban.hub.demo.silos;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.tongban.hub.demo.data.MarketRegulationEvent;
import cn.tongban.hub.demo.data.SyntheticDataSet;

/**
 * The simulated market-regulation registry (市场监管 企业登记): publishes enterprise change
 * events as JSON to its topic, keyed by the record's identifier, in the data set's
 * publication order (which includes re-deliveries, out-of-order versions and a few
 * malformed records).
 *
 * <p>For fault rehearsals it can be paused (the registry is down): records published
 * meanwhile are held in order, up to {@value #MAX_HELD}, and go out when it resumes, as a
 * registry's outbox would catch up after an outage.
 */
public final class MarketRegulationPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MarketRegulationPublisher.class);
    /** Bounds the memory a long rehearsal can take; beyond it the oldest held records are dropped. */
    static final int MAX_HELD = 10_000;

    private final KafkaProducer<String, String> producer;
    private final String topic;
    /** Guards paused and held, and keeps held records ahead of new ones on resume. */
    private final Object gate = new Object();
    private boolean paused;
    private final Deque<ProducerRecord<String, String>> held = new ArrayDeque<>();
    private long dropped;

    public MarketRegulationPublisher(String brokers, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "market-regulation-simulator");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
    }

    /** Publishes every event of the data set and waits until the broker has them all; returns the count. */
    public int publishAll(SyntheticDataSet data) {
        int n = 0;
        for (MarketRegulationEvent event : data.marketRegulationEvents()) {
            publish(key(event), event.toJson());
            n++;
        }
        producer.flush();
        return n;
    }

    /** The registry keys its messages by USCC, or by registration number where there is none. */
    static String key(MarketRegulationEvent event) {
        var payload = event.payload();
        if (payload == null) {
            return event.eventId();
        }
        Object key = payload.get("uniscid") != null ? payload.get("uniscid") : payload.get("regno");
        return key == null ? event.eventId() : key.toString();
    }

    /** Publishes one raw record (tests use it for hand-made and malformed events); held while paused. */
    public void publish(String key, String json) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, json);
        synchronized (gate) {
            if (paused) {
                if (held.size() >= MAX_HELD) {
                    held.removeFirst();
                    dropped++;
                }
                held.addLast(record);
                return;
            }
            producer.send(record);
        }
    }

    /**
     * Publishes one record and waits for the broker's acknowledgement.
     *
     * @throws IllegalStateException while paused: a registry that is down acknowledges nothing
     */
    public void publishAndWait(String key, String json) {
        synchronized (gate) {
            if (paused) {
                throw new IllegalStateException("the market-regulation publisher is paused (fault rehearsal: down)");
            }
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, json)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing to " + topic + " failed", e.getCause());
        }
    }

    /** Stops publishing: records are held until {@link #resume()}. */
    public void pause() {
        synchronized (gate) {
            paused = true;
        }
    }

    /** Publishes the held records in order, then publishes as usual again; returns how many were held. */
    public int resume() {
        synchronized (gate) {
            int n = held.size();
            // Under the gate, so that a record published now cannot overtake the held ones.
            while (!held.isEmpty()) {
                producer.send(held.removeFirst());
            }
            if (dropped > 0) {
                log.warn("The paused market-regulation publisher dropped its {} oldest held records (limit {})", dropped, MAX_HELD);
                dropped = 0;
            }
            paused = false;
            return n;
        }
    }

    public boolean paused() {
        synchronized (gate) {
            return paused;
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
