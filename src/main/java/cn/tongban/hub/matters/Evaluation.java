package cn.tongban.hub.matters;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import cn.tongban.hub.canonical.SourcedValue;

/**
 * The outcome of a condition on a subject: satisfied (then {@code used} holds exactly the
 * values the condition looked at, for the evidence record), or the reason it is not, with
 * {@code detail} naming the silos that were unavailable or the fields in conflict.
 *
 * <p>{@code used} keys are canonical field names, or {@code insurance[<type>].<field>} for
 * an insurance fact; both maps are sorted so that evidence is built in a stable order.
 */
public record Evaluation(Reason reason, SortedMap<String, SourcedValue> used, SortedSet<String> detail) {

    public Evaluation {
        used = Collections.unmodifiableSortedMap(new TreeMap<>(used));
        detail = Collections.unmodifiableSortedSet(new TreeSet<>(detail));
    }

    public boolean satisfied() {
        return reason == null;
    }

    static Evaluation satisfied(SortedMap<String, SourcedValue> used) {
        return new Evaluation(null, used, new TreeSet<>());
    }

    static Evaluation failed(Reason reason, String... detail) {
        return new Evaluation(reason, new TreeMap<>(), new TreeSet<>(List.of(detail)));
    }

    /** The failure a composite reports: the highest-ranked reason, with the detail of every part failing for it. */
    static Evaluation worst(List<Evaluation> failures) {
        Reason worst = failures.stream().map(Evaluation::reason).max((a, b) -> Integer.compare(a.rank(), b.rank())).orElseThrow();
        SortedSet<String> detail = new TreeSet<>();
        failures.stream().filter(f -> f.reason() == worst).forEach(f -> detail.addAll(f.detail()));
        return new Evaluation(worst, new TreeMap<>(), detail);
    }
}
