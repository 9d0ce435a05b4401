package dev.ormbench.report;

import dev.ormbench.report.JmhResults.Result;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
    private static final String PLAN_BENCHMARK = "=== ";
    private static final String PLAN_STATEMENT = "--- ";

    /**
     * The statements whose plan changed between the baseline run and this one, from the plans.txt beside each JSON;
     * empty when either has none.
     */
    public static List<String> changedPlans(Path baselineJson, Path json) throws IOException {
        Path old = baselineJson.toAbsolutePath().resolveSibling("plans.txt");
        Path now = json.toAbsolutePath().resolveSibling("plans.txt");
        if (!Files.exists(old) || !Files.exists(now)) return List.of();
        return changedPlans(readPlans(old), readPlans(now));
    }

    /** A run's plans.txt (written by the launcher's forks, {@code db.Plans}) read back: benchmark key → statement text → plan (everything after the statement line). */
    static Map<String, Map<String, String>> readPlans(Path file) throws IOException {
        Map<String, Map<String, String>> plans = new TreeMap<>();
        Map<String, String> current = null;
        String statement = null;
        StringBuilder plan = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith(PLAN_BENCHMARK) || line.startsWith(PLAN_STATEMENT)) {
                if (current != null && statement != null) current.put(statement, plan.toString());
                statement = null;
                plan.setLength(0);
            }
            if (line.startsWith(PLAN_BENCHMARK)) {
                current = plans.computeIfAbsent(line.substring(PLAN_BENCHMARK.length()), k -> new LinkedHashMap<>());
            } else if (line.startsWith(PLAN_STATEMENT)) {
                statement = line.substring(PLAN_STATEMENT.length());
            } else if (statement != null && !line.startsWith("parameters: ")) {
                plan.append(line).append('\n');
            }
        }
        if (current != null && statement != null) current.put(statement, plan.toString());
        return plans;
    }

    /**
     * The statements whose plan differs between two plans files, one line each ({@code benchmark params: sql});
     * statements found in only one of them are not compared.
     */
    static List<String> changedPlans(Map<String, Map<String, String>> old, Map<String, Map<String, String>> now) {
        List<String> out = new ArrayList<>();
        for (var bench : now.entrySet()) {
            Map<String, String> before = old.get(bench.getKey());
            if (before == null) continue;
            for (var st : bench.getValue().entrySet()) {
                String was = before.get(st.getKey());
                if (was != null && !was.equals(st.getValue())) out.add(bench.getKey() + ": " + st.getKey());
            }
        }
        return out;
    }
}
