package dev.ormbench.report;

import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.Patterns.Pattern;
import dev.ormbench.report.Patterns.Row;
import dev.ormbench.report.Patterns.Speedup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * REPORT.md's section of one pattern: per combination of params and mode a caption, a table with a line per variant
 * and its bar chart; then the charts along a param. The caption carries the params so they travel with a copied table.
 */
final class PatternSection {

    /** A pattern table has at most this many columns, so that it reads on GitHub and pastes into a review. */
    static final int MAX_COLUMNS = 8;

    private PatternSection() {
    }

    /** The section with its heading; {@code charts} are the pattern's, a table's linked under it. */
    static String of(Pattern p, List<Charts.Chart> charts) {
        StringBuilder md = new StringBuilder();
        md.append("\n## ").append(p.name()).append("\n\n");
        md.append("`").append(p.className()).append("`\n\n");
        for (String w : p.warnings()) md.append("> ⚠ ").append(w).append("\n\n");
        if (p.variants().isEmpty()) {
            return md.append("Only the headline pair in turns was run: its ratio is in the summary, no variant has a time of its own.\n")
                    .toString();
        }
        for (Row row : p.rows()) {
            md.append(caption(p, row)).append("\n\n");
            md.append(table(p, row));
            for (Charts.Chart c : charts) {
                if (c.row() == row) md.append("\n![").append(c.caption()).append("](").append(c.svg()).append(")\n");
            }
            md.append('\n');
        }
        for (Charts.Chart c : charts) {
            if (c.row() == null) md.append("![").append(c.caption()).append("](").append(c.svg()).append(")\n\n");
        }
        return md.toString();
    }

    /** The line above a table that carries its params, so that they travel with the table when it is copied. */
    static String caption(Pattern p, Row row) {
        // dataset first, rtt last, the others in between by name
        String params = row.params().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, String> e) -> e.getKey().equals("dataset") ? 0 : e.getKey().equals("rtt") ? 2 : 1)
                        .thenComparing(Map.Entry::getKey))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        String better = row.mode().equals("thrpt") ? "higher is better" : "lower is better";
        return "**" + p.name() + "** · " + (params.isEmpty() ? "no params" : params) + " · mode " + row.mode() + " (" + better
                + ") · ± is the 99.9 % interval";
    }

    /** One column of a pattern table: its header and how a variant's result fills it. */
    private record Column(String header, Function<Result, String> cell) {
    }

    /**
     * The table of one row of a pattern (one combination of params and mode): one line per variant, at most
     * {@link #MAX_COLUMNS} columns, times in one unit. The metric columns, in this order until the table is full:
     * a correctness counter (bad above zero, good at zero), p50/p99 (sample mode), server wait and JVM time (wire
     * metrics), peak heap, bytes received, bytes allocated, the suite's other counters. What does not fit is in
     * results.csv, and the line under the table says so.
     */
    static String table(Pattern p, Row row) {
        List<Result> results = p.variants().stream().map(v -> row.cells().get(v)).filter(r -> r != null).toList();
        var unit = Times.unitFor(results);
        String u = unit.getKey();
        double scale = unit.getValue();

        List<Column> fixed = new ArrayList<>();
        fixed.add(new Column("variant", r -> "`" + r.method() + "`"));
        boolean thrpt = row.mode().equals("thrpt");
        boolean times = !thrpt && results.stream().allMatch(r -> !Double.isNaN(Times.primaryMicros(r)));
        if (times) {
            fixed.add(new Column("time (" + u + "/op)", r -> Fmt.scoreError(r.primary().score() * Times.primaryMicros(r) / scale,
                    r.primary().error() * Times.primaryMicros(r) / scale)));
        } else {
            String units = results.stream().map(r -> r.primary().unit()).distinct().collect(Collectors.joining(", "));
            fixed.add(new Column((thrpt ? "throughput" : "score") + " (" + units + ")",
                    r -> Fmt.scoreError(r.primary().score(), r.primary().error())));
        }
        String bad = p.bad();
        if (bad != null) {
            fixed.add(new Column("vs bad (×)", r -> {
                if (r.method().equals(bad)) return "—";
                Speedup s = Patterns.speedup(row, bad, r.method());
                return s.estimate() == null ? s.gap() : Fmt.ratio(s.estimate());
            }));
        }
        if (has(results, "statements")) fixed.add(new Column("statements/op", r -> metric(r, "statements", Fmt::count)));

        List<Column> metrics = new ArrayList<>();
        Result headBad = p.headline() == null ? null : row.cells().get(p.headline().from());
        Result headGood = p.headline() == null ? null : row.cells().get(p.headline().to());
        String fixedCounter = headBad == null || headGood == null ? null : Summary.correctness(headBad, headGood);
        if (fixedCounter != null) {
            metrics.add(new Column(fixedCounter.equals("lostUpdates") ? "lost updates/iteration" : fixedCounter,
                    r -> metric(r, fixedCounter, Fmt::count)));
        }
        if (row.mode().equals("sample")) {
            for (String q : List.of("50.0", "99.0")) {
                metrics.add(new Column("p" + q.substring(0, 2) + " (" + u + ")", r -> {
                    Double x = r.primary().percentiles().get(q);
                    return x == null || !r.mode().equals("sample") ? "—" : Fmt.sig3(x * Times.primaryMicros(r) / scale);
                }));
            }
        }
        if (has(results, "waitMicros")) {
            metrics.add(new Column("server wait (" + u + "/op)", r -> micros(Times.waitMicros(r), scale)));
            metrics.add(new Column("JVM (" + u + "/op)", r -> micros(Times.jvmMicros(r), scale)));
        }
        if (has(results, "peakHeapMB")) metrics.add(new Column("peak heap (MB)", r -> metric(r, "peakHeapMB", Fmt::sig3)));
        if (has(results, "bytesReceived")) metrics.add(new Column("received/op", r -> metric(r, "bytesReceived", Fmt::bytes)));
        if (has(results, "gc.alloc.rate.norm")) metrics.add(new Column("alloc/op", r -> metric(r, "gc.alloc.rate.norm", Fmt::bytes)));
        for (String other : otherCounters(results)) {
            if (other.equals(fixedCounter)) continue;
            metrics.add(new Column(other + (other.endsWith("Micros") ? " (µs/op)" : "/op"), r -> metric(r, other, Fmt::count)));
        }
        int room = MAX_COLUMNS - fixed.size();
        List<Column> columns = new ArrayList<>(fixed);
        columns.addAll(metrics.subList(0, Math.min(room, metrics.size())));
        List<String> left = metrics.size() > room ? metrics.subList(room, metrics.size()).stream().map(Column::header).toList() : List.of();

        List<Boolean> right = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) right.add(i > 0);
        Table t = new Table(columns.stream().map(Column::header).toList(), right);
        for (Result r : results) t.add(columns.stream().map(c -> c.cell().apply(r)).toList());
        String out = t.render();
        if (!left.isEmpty()) out += "\nAlso in results.csv: " + String.join(", ", left) + ".\n";
        return out;
    }

    private static boolean has(List<Result> results, String metric) {
        return results.stream().anyMatch(r -> r.secondary().containsKey(metric));
    }

    /** The suite's counters a table has no dedicated column for: not the profilers' ({@code gc.…}), not JMH's percentiles. */
    static List<String> otherCounters(List<Result> results) {
        return results.stream().flatMap(r -> r.secondary().keySet().stream())
                .filter(m -> !m.contains(".") && !m.matches("p\\d.*") && !List.of("statements", "rows", "peakHeapMB",
                        "bytesReceived", "bytesSent", "waitMicros").contains(m))
                .distinct().sorted().toList();
    }

    private static String micros(double x, double scale) {
        return Double.isNaN(x) ? "—" : Fmt.sig3(x / scale);
    }

    /** A secondary metric of {@code r} written by {@code format}, or — when the result has none. */
    private static String metric(Result r, String metric, Function<Double, String> format) {
        double x = r.secondary(metric);
        return Double.isNaN(x) ? "—" : format.apply(x);
    }
}
