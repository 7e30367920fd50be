package cn.tongban.hub.demo.silos;

import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import cn.tongban.hub.demo.data.MarketRegulationEvent;
import cn.tongban.hub.demo.data.SyntheticDataSet;

/**
 * The simulated market-regulation registry (市场监管 企业登记): publishes enterprise change
 * events as JSON to its topic, keyed by the record's identifier, in the data set's
 * publication order (which includes re-deliveries, out-of-order versions and a few
 * malformed records).
 */
public final class MarketRegulationPublisher implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final String topic;

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

    /** Publishes one raw record (tests use it for hand-made and malformed events). */
    public void publish(String key, String json) {
        producer.send(new ProducerRecord<>(topic, key, json));
    }

    /** Publishes one record and waits for the broker's acknowledgement. */
    public void publishAndWait(String key, String json) {
        try {
            producer.send(new ProducerRecord<>(topic, key, json)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publishing to " + topic + " failed", e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
