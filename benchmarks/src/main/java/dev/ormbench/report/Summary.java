package dev.ormbench.report;

import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.Patterns.Pattern;
import dev.ormbench.report.Patterns.Row;
import dev.ormbench.report.Patterns.Speedup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The headline of each pattern: at the largest dataset measured, the pattern's one bad… variant against its one
 * good… variant (chosen by the method names before any number is read), in words derived from the JSON alone.
 * <p>
 * The rule, the same for every pattern (the report knows no pattern):
 * <ol>
 *   <li>A counter that the bad variant has above zero and the good variant drives to exactly zero is what the
 *       pattern is for (a correctness headline, e.g. lost updates): it comes first, and the time is its cost.
 *       Counters that measure resources ({@link #RESOURCES}) are never read this way.</li>
 *   <li>The time: "faster" or "slower" only when the whole 99.9 % interval of the ratio is on one side of 1x,
 *       "no clear difference" when it spans 1x, "not enough iterations to judge" when there is no interval.</li>
 *   <li>When bad's or good's slowest measured iteration took {@link #UNSTEADY} times its fastest or more, the
 *       verdict says "unsteady" and by how much: iterations in phases break the interval's assumption.</li>
 *   <li>Beside the time, what else the JSON carries for both: sample-mode p50 and p99; the peak heap; bytes
 *       received per operation (or, without them, bytes allocated) when bad and good differ by 2x or more.</li>
 * </ol>
 */
public final class Summary {

    /** Counters that measure cost, not correctness: never a correctness headline even when good's is zero. */
    static final Set<String> RESOURCES = Set.of("statements", "rows", "peakHeapMB", "rowsPerSecond", "retries",
            "connectMicros", "bytesSent", "bytesReceived", "waitMicros");

    /** Words for counters the suite is known to write; any other counter is named as in the JSON. */
    static final Map<String, String> WORDS = Map.of("lostUpdates", "lost updates per iteration");

    private Summary() {
    }

    /** One line of the summary: a row of a pattern at its largest size; {@code speedup} is null without a headline. */
    public record Headline(Pattern pattern, Row row, String at, Speedup speedup, String words) {
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

    /** The row's params as a reader needs them: dataset, the params that vary in this pattern, rtt, the mode if several. */
    static String at(Pattern p, Row row) {
        return atWithout(p, row, "");
    }

    private static Headline headline(Pattern p, Row row) {
        if (p.headline() == null) return new Headline(p, row, at(p, row), null, p.noHeadline());
        Paired.Headline turns = p.turns(row);
        Speedup s = turns != null && turns.ratio().hasInterval() ? new Speedup(turns.ratio(), null) : Patterns.speedup(row, p.headline());
        if (s.estimate() == null) return new Headline(p, row, at(p, row), s, s.gap());
        Result bad = row.cells().get(p.headline().from()), good = row.cells().get(p.headline().to());
        if (bad == null || good == null) return new Headline(p, row, at(p, row), s, verdict(s.estimate()) + inTurns(turns));
        List<String> parts = new ArrayList<>();
        String fixed = correctness(bad, good);
        String time = verdict(s.estimate()) + (turns != null && turns.ratio().hasInterval() ? inTurns(turns) : unsteady(bad, good));
        if (fixed != null) {
            parts.add(WORDS.getOrDefault(fixed, fixed) + " " + Fmt.count(bad.secondary(fixed)) + " → 0, "
                    + (s.estimate().side() < 0 ? "at a time cost of " + time : "time: " + time));
        } else {
            parts.add(time);
        }
        String sample = percentiles(bad, good);
        if (!sample.isEmpty()) parts.add(sample);
        if (!Double.isNaN(bad.secondary("peakHeapMB")) && !Double.isNaN(good.secondary("peakHeapMB"))) {
            parts.add("peak heap " + Fmt.sig3(bad.secondary("peakHeapMB")) + " → " + Fmt.sig3(good.secondary("peakHeapMB")) + " MB");
        }
        String bytes = bytes(bad, good);
        if (!bytes.isEmpty()) parts.add(bytes);
        return new Headline(p, row, at(p, row), s, String.join("; ", parts));
    }

    /** The first counter, in name order, that bad has above zero and good at exactly zero; null if none. */
    static String correctness(Result bad, Result good) {
        if (bad == null || good == null) return null;
        for (String m : bad.secondary().keySet()) {
            if (RESOURCES.contains(m) || m.contains(".") || m.matches("p\\d.*")) continue;
            if (bad.secondary(m) > 0 && good.secondary(m) == 0) return m;
        }
        return null;
    }

    /** The verdict on a ratio "how many times better", worded only from its interval. */
    static String verdict(Stats.Estimate e) {
        double r = e.value();
        if (!e.hasInterval()) return "not enough iterations to judge (" + Fmt.sig3(r) + "x, no interval)";
        if (e.side() > 0) return Fmt.sig3(r) + "x faster (" + Fmt.sig3(e.low()) + "–" + Fmt.sig3(e.high()) + ")";
        if (e.side() < 0) return Fmt.sig3(1 / r) + "x slower (" + Fmt.sig3(1 / e.high()) + "–" + Fmt.sig3(1 / e.low()) + ")";
        return "no clear difference (" + Fmt.sig3(r) + "x, interval " + Fmt.sig3(e.low()) + "–" + Fmt.sig3(e.high()) + " spans 1x)";
    }

    private static String percentiles(Result bad, Result good) {
        if (!bad.mode().equals("sample") || !good.mode().equals("sample")) return "";
        double unit = Times.primaryMicros(bad);
        if (Double.isNaN(unit) || unit != Times.primaryMicros(good)) return "";
        List<String> out = new ArrayList<>();
        for (String q : List.of("50.0", "99.0")) {
            Double a = bad.primary().percentiles().get(q), b = good.primary().percentiles().get(q);
            if (a == null || b == null) continue;
            var u = Times.unitFor(Math.max(a, b) * unit);
            out.add("p" + q.substring(0, 2) + " " + Fmt.sig3(a * unit / u.getValue()) + " → " + Fmt.sig3(b * unit / u.getValue())
                    + " " + u.getKey());
        }
        return String.join(", ", out);
    }

    /** Bytes received per operation (else allocated), when bad and good differ by 2x or more. */
    private static String bytes(Result bad, Result good) {
        for (String m : List.of("bytesReceived", "gc.alloc.rate.norm")) {
            double a = bad.secondary(m), b = good.secondary(m);
            if (Double.isNaN(a) || Double.isNaN(b)) continue;
            if (!(Math.max(a, b) > 0)) return "";
            if (a > 0 && b > 0 && Math.max(a / b, b / a) < 2) return "";
            return (m.equals("bytesReceived") ? "received " : "allocated ") + Fmt.bytes(a) + " → " + Fmt.bytes(b) + " per op";
        }
        return "";
    }

    /**
     * {@code  in turns, 2 trials} after a ratio measured in turns; and, when two trials' intervals do not overlap,
     * {@code , did not reproduce: trials 18.7x (17.6–20.0), 4.24x (3.68–4.90)}: re-run that pair before citing it.
     */
    static String inTurns(Paired.Headline turns) {
        if (turns == null) return "";
        int n = turns.trials().size();
        String out = " in turns" + (n > 1 ? ", " + n + " trials" : "");
        if (turns.reproduced()) return out;
        List<String> each = new ArrayList<>();
        for (Paired.Trial t : turns.trials()) {
            Stats.Estimate e = t.ratio();
            each.add(Fmt.sig3(e.value()) + "x" + (e.hasInterval() ? " (" + Fmt.sig3(e.low()) + "–" + Fmt.sig3(e.high()) + ")" : ""));
        }
        return out + ", did not reproduce: trials " + String.join(", ", each);
    }

    /**
     * Iterations whose slowest is this many times their fastest ran in phases (the machine, not the code): JMH's
     * interval assumes iterations around one mean, so a verdict on such a result is flagged beside it.
     */
    static final double UNSTEADY = 2.0;

    /** {@code , unsteady: good's iterations span 5.3x} when bad's or good's measured iterations span {@link #UNSTEADY} or more. */
    static String unsteady(Result bad, Result good) {
        List<String> out = new ArrayList<>();
        double a = span(bad), b = span(good);
        if (a >= UNSTEADY) out.add("bad's iterations span " + Fmt.sig3(a) + "x");
        if (b >= UNSTEADY) out.add("good's" + " iterations span " + Fmt.sig3(b) + "x");
        return out.isEmpty() ? "" : ", unsteady: " + String.join(", ", out);
    }

    /** The slowest measured iteration over the fastest (any mode: a ratio of scores), or NaN without two iterations. */
    static double span(Result r) {
        double[] xs = r.primary().iterations();
        if (xs == null || xs.length < 2) return Double.NaN;
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (double x : xs) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return min > 0 ? max / min : Double.NaN;
    }

    /** {@code 101 → 1}: statements per operation of bad and good, or empty when the run did not count them. */
    static String statements(Headline h) {
        if (h.pattern().headline() == null) return "";
        Result a = h.row().cells().get(h.pattern().headline().from()), b = h.row().cells().get(h.pattern().headline().to());
        double x = a == null ? Double.NaN : a.secondary("statements"), y = b == null ? Double.NaN : b.secondary("statements");
        if (Double.isNaN(x) && Double.isNaN(y)) return "";
        return Fmt.count(x) + " → " + Fmt.count(y);
    }

    /**
     * The headlines of the patterns whose rows vary in {@code param} (e.g. rtt, dataset), one line per pattern and
     * other params, one column per value of {@code param}: how a headline moves along it.
     */
    public record Along(Pattern pattern, String at, Map<String, Headline> byValue) {
    }

    /** The values of {@code param} over the patterns that vary in it, in order, and one {@link Along} per line. */
    public static Map.Entry<List<String>, List<Along>> along(List<Pattern> patterns, String param) {
        Comparator<String> order = param.equals("dataset") ? Patterns::compareSizes : Patterns::compareNatural;
        java.util.SortedSet<String> values = new java.util.TreeSet<>(order);
        List<Along> lines = new ArrayList<>();
        for (Pattern p : patterns) {
            if (!p.columns().contains(param) || p.headline() == null) continue;
            Map<String, Along> byAt = new LinkedHashMap<>();
            for (Row row : p.rows()) {
                String value = row.params().get(param);
                if (value == null) continue;
                values.add(value);
                Headline h = headline(p, row);
                String at = atWithout(p, row, param);
                byAt.computeIfAbsent(at, a -> new Along(p, a, new LinkedHashMap<>())).byValue().put(value, h);
            }
            lines.addAll(byAt.values());
        }
        return Map.entry(List.copyOf(values), lines);
    }

    /** {@link #at} without {@code param} (none: {@code ""}). */
    static String atWithout(Pattern p, Row row, String param) {
        List<String> parts = new ArrayList<>();
        if (!param.equals("dataset") && row.params().containsKey("dataset")) parts.add(row.params().get("dataset"));
        for (String c : p.columns()) if (!c.equals("dataset") && !c.equals(param)) parts.add(c + "=" + row.params().get(c));
        if (!param.equals("rtt") && !p.columns().contains("rtt") && row.params().containsKey("rtt")) {
            parts.add("rtt=" + row.params().get("rtt"));
        }
        if (p.severalModes()) parts.add("mode " + row.mode());
        return parts.isEmpty() ? "—" : String.join(", ", parts);
    }

    /** A headline's first clause: the correctness counter and the time verdict, without percentiles or bytes. */
    static String clause(Headline h) {
        String w = h.words();
        int cut = w.indexOf("; ");
        return cut < 0 ? w : w.substring(0, cut);
    }
}
