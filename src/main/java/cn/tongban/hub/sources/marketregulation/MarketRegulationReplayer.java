package cn.tongban.hub.sources.marketregulation;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

import cn.tongban.hub.canonical.Silo;
import cn.tongban.hub.quarantine.QuarantineReplayer;
import cn.tongban.hub.quarantine.QuarantineRepository;

/**
 * Replays a quarantined change event through {@code direct:market-regulation-replay}, the
 * same steps as the Kafka route (map, key, upsert, publish) without the offset commit.
 */
@Component
class MarketRegulationReplayer implements QuarantineReplayer {

    static final String ENDPOINT = "direct:market-regulation-replay";

    private final ProducerTemplate producer;

    MarketRegulationReplayer(ProducerTemplate producer) {
        this.producer = producer;
    }

    @Override
    public String silo() {
        return Silo.MARKET_REGULATION.id();
    }

    @Override
    public Result replay(QuarantineRepository.Entry entry) {
        Exchange done = producer.send(ENDPOINT, ExchangePattern.InOut, ex -> {
            ex.getMessage().setBody(entry.payload());
            ex.getMessage().setHeader(MarketRegulationIngest.REPLAY_OF, entry.id());
        });
        if (done.getException() != null) {
            // A store failure: the record stays in quarantine, the caller sees the failure.
            throw new IllegalStateException("replay of quarantine row " + entry.id() + " failed", done.getException());
        }
        String outcome = done.getMessage().getHeader(MarketRegulationIngest.OUTCOME, String.class);
        if (MarketRegulationIngest.Outcome.QUARANTINED.name().equals(outcome)) {
            return new Result(false, done.getMessage().getHeader(MarketRegulationIngest.REASON, String.class),
                    done.getMessage().getHeader(MarketRegulationIngest.REASON_DETAIL, String.class));
        }
        return new Result(true, null, null);
    }
}
