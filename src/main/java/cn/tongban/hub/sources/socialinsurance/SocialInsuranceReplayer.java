package cn.tongban.hub.sources.socialinsurance;

import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

import cn.tongban.hub.canonical.Silo;
import cn.tongban.hub.quarantine.QuarantineReplayer;
import cn.tongban.hub.quarantine.QuarantineRepository;

/**
 * Replays quarantined social-insurance rows by running the full-table sync once
 * ({@code direct:social-insurance-sync}): the rows are read again as the silo holds them
 * now, mapped with the mapping and crosswalk in force, and those that go through leave
 * quarantine. Each entry then reports whether it left.
 */
@Component
class SocialInsuranceReplayer implements QuarantineReplayer {

    static final String SYNC = "direct:social-insurance-sync";

    private final ProducerTemplate producer;
    private final QuarantineRepository quarantine;

    SocialInsuranceReplayer(ProducerTemplate producer, QuarantineRepository quarantine) {
        this.producer = producer;
        this.quarantine = quarantine;
    }

    @Override
    public String silo() {
        return Silo.SOCIAL_INSURANCE.id();
    }

    @Override
    public void prepare() {
        producer.requestBody(SYNC, (Object) null);
    }

    @Override
    public Result replay(QuarantineRepository.Entry entry) {
        if (!quarantine.isOpen(entry.id())) {
            return new Result(true, null, null);
        }
        QuarantineRepository.Entry now = quarantine.find(entry.id()).orElse(entry);
        return new Result(false, now.reasonCode(), now.reason());
    }
}
