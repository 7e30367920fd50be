package cn.tongban.hub.sources;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.springframework.stereotype.Component;

/**
 * Commits a consumed record's offset. Routes call it as their last step, after the
 * database write, which is what makes consumption at-least-once (DESIGN.md "Delivery").
 *
 * <p>The commit is made once per partition and poll: on the last record of the partition in
 * the poll ({@link KafkaConstants#LAST_RECORD_BEFORE_COMMIT}), not on every record. A
 * partition's records are processed one after the other, so that offset covers only records
 * whose every step (database write, publication) has completed. Anything that stops the
 * batch before its last record (a failure with breakOnFirstError, a crash, a rebalance; the
 * component commits nothing by itself: no manual-commit factory is set, so its commit
 * manager is the no-op one) leaves the batch's processed records uncommitted: they are
 * consumed again, which the idempotent, version-ordered writes absorb (a re-delivery of the
 * current version is published again as CURRENT). At most one poll (maxPollRecords) per
 * partition is redone. A synchronous commit per record cost a broker round trip and a write
 * to the offsets topic per event.
 */
@Component("kafkaOffsets")
public class KafkaOffsets {

    public void commit(Exchange exchange) {
        Message message = exchange.getMessage();
        KafkaManualCommit commit = message.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit == null) {
            throw new IllegalStateException("the route's Kafka endpoint must set allowManualCommit=true");
        }
        // Absent (auto-commit endpoints do not set it): commit, as before.
        if (!Boolean.FALSE.equals(message.getHeader(KafkaConstants.LAST_RECORD_BEFORE_COMMIT, Boolean.class))) {
            commit.commit();
        }
    }
}
