package cn.tongban.hub.demo.data;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A change event of the market-regulation enterprise registry (DOMAIN.md 2.3) as it is
 * published on Kafka.
 *
 * <p>{@link #toJson()} gives the message body:
 * {@code {"eventId":"...","version":3,"changedAt":"2019-03-04T02:15:00Z","payload":{...}}},
 * where the payload holds {@code uniscid, regno, entname, enttype, lerep, regcap, regcapcur,
 * estdate, apprdate, opfrom, opto, opscope, regorg, regstate, dom} in that order (a missing
 * value is JSON {@code null}; dates are {@code yyyy-MM-dd} strings unless a quirk says
 * otherwise; {@code regcap} is a number in 万元). A poison event built to be unparseable
 * has {@code rawJson} set: its body is that text, which is not valid JSON, and its payload
 * is null.
 *
 * @param eventId   unique per publication, except that an exact re-delivery repeats it
 * @param version   version of the enterprise record, 1 for the initial one, increasing
 * @param changedAt when the change was approved
 * @param payload   the record fields; {@link #payload()} returns a copy
 * @param rawJson   the literal body of a malformed event, otherwise null
 */
public record MarketRegulationEvent(
        String eventId,
        long version,
        Instant changedAt,
        LinkedHashMap<String, Object> payload,
        String rawJson) {

    public MarketRegulationEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(changedAt, "changedAt");
        if ((payload == null) == (rawJson == null)) {
            throw new IllegalArgumentException("exactly one of payload and rawJson must be set");
        }
        payload = payload == null ? null : new LinkedHashMap<>(payload);
    }

    /** A well-formed event. */
    public static MarketRegulationEvent of(String eventId, long version, Instant changedAt,
                                           Map<String, Object> payload) {
        return new MarketRegulationEvent(eventId, version, changedAt, new LinkedHashMap<>(payload), null);
    }

    /** A copy of the payload (null for a malformed event). */
    @Override
    public LinkedHashMap<String, Object> payload() {
        return payload == null ? null : new LinkedHashMap<>(payload);
    }

    /** False for the events whose body is not valid JSON. */
    public boolean wellFormed() {
        return rawJson == null;
    }

    /** The message body, one line. */
    public String toJson() {
        if (rawJson != null) {
            return rawJson;
        }
        LinkedHashMap<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("eventId", eventId);
        envelope.put("version", version);
        envelope.put("changedAt", changedAt.toString());
        envelope.put("payload", payload);
        return Json.write(envelope);
    }
}
