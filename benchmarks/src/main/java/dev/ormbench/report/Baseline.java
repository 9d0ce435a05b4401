package dev.ormbench.report;

import dev.ormbench.report.JmhResults.Result;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Two runs side by side: per benchmark × params × mode, the ratio new/old of the scores with its interval, and a
 * flag only where the two runs' own 99.9 % intervals (JMH's, from the per-iteration values) do not overlap.
 */
public final class Baseline {

    private Baseline() {
    }

    public enum Verdict {
        REGRESSION("regression"), IMPROVEMENT("improvement"), SAME("no significant change (the intervals overlap)"), UNKNOWN("n/a");

        final String words;

        Verdict(String words) {
            this.words = words;
        }
    }

    /** One benchmark in both runs. {@code note} says why there is no verdict, when there is none. */
    public record Change(Result old, Result now, Stats.Estimate ratio, Stats.Estimate oldMean, Stats.Estimate newMean,
                         Verdict verdict, String note) {

        String describe() {
            return verdict == Verdict.UNKNOWN ? "n/a: " + note : verdict.words;
        }
    }

    /**
     * {@code ignoredParams}: params that only one of the two runs has (a {@code @Param} added or removed between
     * them), ignored to pair results that agree on every other param.
     */
    public record Comparison(List<Change> changes, List<Result> onlyNew, List<Result> onlyOld, Set<String> ignoredParams) {

        long count(Verdict v) {
            return changes.stream().filter(c -> c.verdict() == v).count();
        }
    }

    public static Comparison compare(List<Result> old, List<Result> now) {
        Map<String, Result> before = new LinkedHashMap<>();
        for (Result r : old) before.put(r.key(), r);
        List<Change> changes = new ArrayList<>();
        List<Result> onlyNew = new ArrayList<>();
        for (Result n : sorted(now)) {
            Result o = before.remove(n.key());
            if (o == null) onlyNew.add(n);
            else changes.add(change(o, n));
        }
        // A param one run lacks: pair the rest when they agree on every param both have, one to one.
        Set<String> ignored = new TreeSet<>();
        for (Result n : List.copyOf(onlyNew)) {
            List<Result> candidates = before.values().stream().filter(o -> sameButFor(o, n)).toList();
            if (candidates.size() != 1) continue;
            Result o = candidates.get(0);
            if (onlyNew.stream().filter(x -> sameButFor(o, x)).count() != 1) continue;
            ignored.addAll(symmetricDifference(o.params().keySet(), n.params().keySet()));
            before.remove(o.key());
            onlyNew.remove(n);
            changes.add(change(o, n));
        }
        List<Change> ordered = new ArrayList<>(changes);
        ordered.sort(Comparator.comparing(Change::now, ORDER));
        return new Comparison(ordered, onlyNew, sorted(before.values()), ignored);
    }

    private static boolean sameButFor(Result o, Result n) {
        if (!o.benchmark().equals(n.benchmark()) || !o.mode().equals(n.mode())) return false;
        if (o.params().keySet().equals(n.params().keySet())) return false;
        return o.params().entrySet().stream().allMatch(e -> !n.params().containsKey(e.getKey())
                || n.params().get(e.getKey()).equals(e.getValue()));
    }

    private static Set<String> symmetricDifference(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        Set<String> both = new TreeSet<>(a);
        both.retainAll(b);
        out.removeAll(both);
        return out;
    }

    static Change change(Result o, Result n) {
        Stats.Estimate oldMean = Stats.mean(o.primary().iterations());
        Stats.Estimate newMean = Stats.mean(n.primary().iterations());
        if (!o.primary().unit().equals(n.primary().unit())) {
            return new Change(o, n, new Stats.Estimate(Double.NaN, Double.NaN, Double.NaN), oldMean, newMean, Verdict.UNKNOWN,
                    "units differ (" + o.primary().unit() + " → " + n.primary().unit() + ")");
        }
        Stats.Estimate ratio = Patterns.ratio(n, o);
        if (!oldMean.hasInterval() || !newMean.hasInterval()) {
            return new Change(o, n, ratio, oldMean, newMean, Verdict.UNKNOWN, "fewer than 3 iterations");
        }
        if (Stats.overlap(oldMean, newMean)) return new Change(o, n, ratio, oldMean, newMean, Verdict.SAME, null);
        boolean better = n.higherIsBetter() == (newMean.value() > oldMean.value());
        return new Change(o, n, ratio, oldMean, newMean, better ? Verdict.IMPROVEMENT : Verdict.REGRESSION, null);
    }

    private static final Comparator<Result> ORDER = Comparator.comparing(Result::benchmark)
            .thenComparing(r -> r.params().getOrDefault("dataset", ""), Patterns::compareSizes)
            .thenComparing(r -> r.params().toString())
            .thenComparing(Result::mode);

    private static List<Result> sorted(Iterable<Result> rs) {
        List<Result> out = new ArrayList<>();
        rs.forEach(out::add);
        out.sort(ORDER);
        return out;
    }
}
