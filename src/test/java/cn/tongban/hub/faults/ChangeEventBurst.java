package cn.tongban.hub.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.tongban.hub.demo.data.MarketRegulationEvent;
import cn.tongban.hub.identifiers.Uscc;

/**
 * A burst of market-regulation change events in the shape the route expects
 * ({@link MarketRegulationEvent}, mappings/market-regulation.yaml), keyed by USCC: several
 * versions per enterprise, most enterprises with an older version published after the newest
 * one (late events), and a known number of poison events of five kinds, each carrying a
 * unique marker so that it can be found again in quarantine and on the dead-letter topic.
 * All values are synthetic.
 */
final class ChangeEventBurst {

    /** A poison kind and the quarantine reason the hub must give it. */
    enum Poison {
        /** The body is not JSON at all. */
        TRUNCATED_JSON("MALFORMED_RECORD"),
        /** JSON, but the payload is a string. */
        PAYLOAD_NOT_OBJECT("MALFORMED_RECORD"),
        /** The USCC has 13 characters. */
        USCC_TOO_SHORT("INVALID_KEY"),
        /** 18 characters, letters where the region digits belong. */
        USCC_BAD_CHARACTERS("INVALID_KEY"),
        /** Neither a USCC nor a registration number. */
        NO_IDENTIFIER("UNKEYED");

        final String reason;

        Poison(String reason) {
            this.reason = reason;
        }
    }

    /** One event as published: Kafka key and body. */
    record Event(String key, String body) {
    }

    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final Pattern MARKER = Pattern.compile("poison-[0-9A-Z]+-[0-9]+");

    final List<Event> events;
    /** Newest version per valid USCC. */
    final Map<String, Integer> newest;
    /** Versions per valid USCC in publication order. */
    final Map<String, List<Integer>> arrivals;
    /** Expected quarantine reason per poison marker. */
    final Map<String, String> poisonReasons;
    final int lateEnterprises;
    final String eventPrefix;

    private ChangeEventBurst(List<Event> events, Map<String, Integer> newest, Map<String, List<Integer>> arrivals,
                             Map<String, String> poisonReasons, int lateEnterprises, String eventPrefix) {
        this.events = events;
        this.newest = newest;
        this.arrivals = arrivals;
        this.poisonReasons = poisonReasons;
        this.lateEnterprises = lateEnterprises;
        this.eventPrefix = eventPrefix;
    }

    /**
     * {@code total} events: {@code poisonPerKind} of each poison kind, the rest valid,
     * {@code versions} per enterprise. Same seed, same burst.
     */
    static ChangeEventBurst generate(long seed, int total, int versions, int poisonPerKind) {
        Random random = new Random(seed);
        String run = "" + ALPHABET.charAt(random.nextInt(ALPHABET.length())) + ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        String eventPrefix = "fault-" + run + "-";
        int poison = poisonPerKind * Poison.values().length;
        int valid = total - poison;
        if (valid <= 0 || valid % versions != 0) {
            throw new IllegalArgumentException("total - poison must be a positive multiple of " + versions);
        }
        int enterprises = valid / versions;
        if (enterprises > 100_000) {
            throw new IllegalArgumentException("at most 100000 enterprises per run prefix");
        }
        Instant base = Instant.parse("2025-03-03T02:00:00Z");
        Map<String, Integer> newest = new LinkedHashMap<>();
        Map<String, List<Integer>> arrivals = new LinkedHashMap<>();
        List<List<Event>> perEnterprise = new ArrayList<>(enterprises);
        int late = 0;
        for (int i = 0; i < enterprises; i++) {
            String first17 = "91990100MA" + run + String.format("%05d", i);
            String uscc = first17 + Uscc.checkCharacter(first17);
            List<Integer> order = new ArrayList<>();
            for (int v = 1; v <= versions; v++) {
                order.add(v);
            }
            Collections.shuffle(order, random);
            // Three enterprises in four get a late event: an older version after the newest.
            boolean wantLate = random.nextInt(4) != 0;
            int last = order.size() - 1;
            if (wantLate && order.get(last) == versions) {
                Collections.swap(order, random.nextInt(last), last);
            }
            if (order.get(last) != versions) {
                late++;
            }
            List<Event> records = new ArrayList<>(versions);
            for (int v : order) {
                MarketRegulationEvent event = MarketRegulationEvent.of(eventId(eventPrefix, uscc, v), v,
                        base.plus(Duration.ofDays(30L * v)), payload(uscc, i, v, versions));
                records.add(new Event(uscc, event.toJson()));
            }
            newest.put(uscc, versions);
            arrivals.put(uscc, List.copyOf(order));
            perEnterprise.add(records);
        }
        // Interleave the enterprises at random, keeping each one's own order (Kafka keeps it per key).
        List<Integer> slots = new ArrayList<>(valid);
        for (int i = 0; i < enterprises; i++) {
            for (int k = 0; k < versions; k++) {
                slots.add(i);
            }
        }
        Collections.shuffle(slots, random);
        List<Event> events = new ArrayList<>(total);
        int[] next = new int[enterprises];
        for (int i : slots) {
            events.add(perEnterprise.get(i).get(next[i]++));
        }
        // Poison events at random places.
        Map<String, String> reasons = new LinkedHashMap<>();
        int n = 0;
        for (Poison kind : Poison.values()) {
            for (int k = 0; k < poisonPerKind; k++) {
                String marker = "poison-" + run + "-" + (n++);
                reasons.put(marker, kind.reason);
                events.add(random.nextInt(events.size() + 1), new Event(marker, poisonBody(kind, marker, random)));
            }
        }
        return new ChangeEventBurst(List.copyOf(events), newest, arrivals, reasons, late, eventPrefix);
    }

    /** The poison marker a body carries, or null. */
    static String marker(String body) {
        if (body == null) {
            return null;
        }
        Matcher m = MARKER.matcher(body);
        return m.find() ? m.group() : null;
    }

    int validEvents() {
        return events.size() - poisonReasons.size();
    }

    static String eventId(String prefix, String uscc, int v) {
        return prefix + uscc + "-v" + v;
    }

    static String name(int i, int v) {
        return "故障演练" + i + "第" + v + "版有限公司";
    }

    private static String poisonBody(Poison kind, String marker, Random random) {
        Map<String, Object> p;
        switch (kind) {
            case TRUNCATED_JSON:
                return "{\"eventId\":\"" + marker + "\",\"version\":1,\"payload\":{\"uniscid\":\"9199";
            case PAYLOAD_NOT_OBJECT:
                return "{\"eventId\":\"" + marker + "\",\"version\":1,\"changedAt\":\"2025-03-03T02:00:00Z\",\"payload\":\"" + marker + "\"}";
            case USCC_TOO_SHORT:
                p = payload("91990100MA" + (100 + random.nextInt(900)), 0, 1, 1);
                break;
            case USCC_BAD_CHARACTERS:
                p = payload("91ABCDEF" + "MA" + String.format("%07d", random.nextInt(10_000_000)) + "X", 0, 1, 1);
                break;
            case NO_IDENTIFIER:
                p = payload(null, 0, 1, 1);
                break;
            default:
                throw new IllegalArgumentException(kind.name());
        }
        p.put("entname", "隔离样本" + marker);
        return MarketRegulationEvent.of(marker, 1, Instant.parse("2025-03-03T02:00:00Z"), p).toJson();
    }

    private static Map<String, Object> payload(String uscc, int i, int v, int versions) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("uniscid", uscc);
        p.put("regno", null);
        p.put("entname", name(i, v));
        p.put("enttype", "1130");
        p.put("lerep", "代表" + i + "-" + v);
        p.put("regcap", 100 * v);
        p.put("regcapcur", "人民币");
        p.put("estdate", "2020-05-01");
        p.put("apprdate", String.format("2025-%02d-01", Math.min(12, v)));
        p.put("opfrom", "2020-05-01");
        p.put("opto", null);
        p.put("opscope", "软件开发；信息技术咨询服务");
        p.put("regorg", "测试市市场监督管理局");
        p.put("regstate", v == versions ? "4" : "1");
        p.put("dom", "测试市故障路" + v + "号");
        return p;
    }
}
