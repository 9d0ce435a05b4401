package dev.ormbench.report;

import dev.ormbench.report.JmhResults.Result;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    public record Comparison(List<Change> changes, List<Result> onlyNew, List<Result> onlyOld) {

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
        return new Comparison(changes, onlyNew, sorted(before.values()));
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

    private static List<Result> sorted(Iterable<Result> rs) {
        List<Result> out = new ArrayList<>();
        rs.forEach(out::add);
        out.sort(Comparator.comparing(Result::benchmark)
                .thenComparing(r -> r.params().getOrDefault("dataset", ""), Patterns::compareSizes)
                .thenComparing(r -> r.params().toString())
                .thenComparing(Result::mode));
        return out;
    }
}
