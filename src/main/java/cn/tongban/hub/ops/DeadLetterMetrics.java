package cn.tongban.hub.ops;

import java.util.Comparator;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

import cn.tongban.hub.config.HubProperties;
import cn.tongban.hub.mapping.CompiledMapping;
import cn.tongban.hub.mapping.Mappings;
import cn.tongban.hub.ops.metrics.HubMetrics;

/**
 * Counts {@code hub.deadletter.records{source, reason}}: every record a route has written to
 * the dead-letter topic, whichever route it was (the market-regulation consumer, the
 * social-insurance reconciliation, a silo added as data), without a step in the route files.
 * A Camel event notifier sees each completed send to an endpoint; only successful sends to
 * the dead-letter topic count. The source is the silo the route is named after (STYLE.md:
 * route id = file base name plus a suffix), the reason the {@code HubReason} header the
 * routes set from the stable quarantine code.
 */
@Component
class DeadLetterMetrics extends EventNotifierSupport {

    /** The header the routes set on a dead letter: the stable reason code (MarketRegulationIngest.REASON). */
    static final String REASON_HEADER = "HubReason";

    private final HubMetrics metrics;
    private final String topic;
    private final Mappings mappings;

    DeadLetterMetrics(HubMetrics metrics, HubProperties hub, Mappings mappings) {
        this.metrics = metrics;
        this.topic = hub.kafka().topic("dead-letter");
        this.mappings = mappings;
        // Only the "sent" event of a send is wanted: the others would cost a call per step for nothing.
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeSentEvents(false);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSentEvent sent && sent.getEndpoint() instanceof KafkaEndpoint k
                && topic.equals(k.getConfiguration().getTopic());
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof CamelEvent.ExchangeSentEvent sent)) {
            return;
        }
        Exchange exchange = sent.getExchange();
        if (exchange.getException() != null) {
            return;
        }
        metrics.deadLettered(siloOf(exchange.getFromRouteId()), exchange.getMessage().getHeader(REASON_HEADER, String.class));
    }

    /** The silo a route id names: the longest silo id it starts with. */
    String siloOf(String routeId) {
        if (routeId == null) {
            return "unknown";
        }
        List<String> silos = mappings.all().stream().map(CompiledMapping::silo).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String silo : silos) {
            if (routeId.equals(silo) || routeId.startsWith(silo + "-")) {
                return silo;
            }
        }
        return "unknown";
    }
}
