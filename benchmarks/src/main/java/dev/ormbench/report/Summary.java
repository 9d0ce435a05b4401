package dev.ormbench.report;

import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.JmhResults.Role;
import dev.ormbench.report.Patterns.Pair;
import dev.ormbench.report.Patterns.Pattern;
import dev.ormbench.report.Patterns.Row;
import dev.ormbench.report.Patterns.Speedup;

import java.util.ArrayList;
import java.util.List;

/**
 * The headline of each pattern: at the largest dataset measured, the speedup of good over bad, the change in
 * statements per operation, and a verdict in words, all derived from the results.
 */
public final class Summary {

    private Summary() {
    }

    /** One line of the summary: a row of a pattern at its largest size, and its best good-vs-bad pair. */
    public record Headline(Pattern pattern, Row row, Pair pair, Speedup speedup, String at, String verdict) {
    }

    /** One headline per row at the largest size (per value of the other varying params). */
    public static List<Headline> of(List<Pattern> patterns) {
        List<Headline> out = new ArrayList<>();
        for (Pattern p : patterns) {
            if (p.rows().isEmpty()) continue;
            String largest = p.rows().stream().map(r -> r.params().getOrDefault("dataset", ""))
                    .max(Patterns::compareSizes).orElse("");
            for (Row row : p.rows()) {
                if (!row.params().getOrDefault("dataset", "").equals(largest)) continue;
                out.add(headline(p, row));
            }
        }
        return out;
    }

    private static Headline headline(Pattern p, Row row) {
        List<Pair> goodVsBad = p.pairs().stream().filter(x -> p.roles().get(x.to()) == Role.GOOD).toList();
        Pair best = null;
        Speedup bestSpeedup = null;
        for (Pair pair : goodVsBad) {
            Speedup s = Patterns.speedup(row, pair);
            boolean better = bestSpeedup == null
                    || bestSpeedup.estimate() == null && s.estimate() != null
                    || s.estimate() != null && s.estimate().value() > bestSpeedup.estimate().value();
            if (better) {
                best = pair;
                bestSpeedup = s;
            }
        }
        List<String> cases = new ArrayList<>();
        p.columns().stream().filter(c -> !c.equals("dataset")).forEach(c -> cases.add(c + "=" + row.params().get(c)));
        if (p.severalModes()) cases.add("mode " + row.mode());
        String at = row.params().getOrDefault("dataset", "") + (cases.isEmpty() ? "" : ", " + String.join(", ", cases));
        String who = p.name() + (cases.isEmpty() ? "" : " (" + String.join(", ", cases) + ")");
        String verdict = who + ": " + words(p, row, best, bestSpeedup, goodVsBad.size() > 1);
        return new Headline(p, row, best, bestSpeedup, at.startsWith(", ") ? at.substring(2) : at, verdict);
    }

    private static String words(Pattern p, Row row, Pair pair, Speedup s, boolean severalGoods) {
        if (pair == null) {
            return p.hasRole(Role.GOOD) ? "no bad… variant in this run" : "no good… variant in this run";
        }
        if (s.estimate() == null) return s.gap();
        Stats.Estimate e = s.estimate();
        double r = e.value();
        String speed;
        if (!e.hasInterval()) {
            Result from = row.cells().get(pair.from()), to = row.cells().get(pair.to());
            boolean few = from.primary().iterations().length < 3 || to.primary().iterations().length < 3;
            speed = (r >= 1 ? Fmt.sig3(r) + "x faster" : Fmt.sig3(1 / r) + "x slower")
                    + (few ? " (no interval: fewer than 3 iterations)" : " (no interval)");
        } else if (e.side() > 0) {
            speed = Fmt.sig3(r) + "x faster";
        } else if (e.side() < 0) {
            speed = Fmt.sig3(1 / r) + "x slower";
        } else {
            speed = "no clear difference: " + Fmt.sig3(r) + "x, interval " + Fmt.sig3(e.low()) + "–" + Fmt.sig3(e.high())
                    + " includes 1x";
        }
        if (severalGoods) speed += " with " + pair.to();
        String statements = statements(row, pair);
        return speed + (statements.isEmpty() ? "" : ", " + statements + " statements");
    }

    /** {@code 101 → 1}: statements per operation of the pair, or empty when the run did not count them. */
    static String statements(Row row, Pair pair) {
        if (pair == null) return "";
        double a = row.cells().get(pair.from()) == null ? Double.NaN : row.cells().get(pair.from()).secondary("statements");
        double b = row.cells().get(pair.to()) == null ? Double.NaN : row.cells().get(pair.to()).secondary("statements");
        if (Double.isNaN(a) && Double.isNaN(b)) return "";
        return Fmt.count(a) + " → " + Fmt.count(b);
    }
}
