package dev.ormbench.report;

import dev.ormbench.report.Baseline.Change;
import dev.ormbench.report.Baseline.Comparison;
import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.Patterns.Pattern;
import dev.ormbench.report.Patterns.Row;
import dev.ormbench.report.Patterns.Speedup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code results.csv}: the report's numbers with every digit, one row per benchmark × params × mode, for
 * spreadsheets. Every variant's speedup is over the pattern's one bad… variant (none when it has several or none).
 */
public final class Csv {

    private static final List<String> KNOWN = List.of("statements", "rows", "gc.alloc.rate.norm");

    private Csv() {
    }

    public static String results(List<Pattern> patterns) {
        Set<String> params = new TreeSet<>(Comparator.comparing((String p) -> !p.equals("dataset")).thenComparing(p -> p));
        Set<String> others = new TreeSet<>();
        for (Pattern p : patterns) {
            for (Row row : p.rows()) {
                params.addAll(row.params().keySet());
                for (Result r : row.cells().values()) {
                    for (String m : r.secondary().keySet()) if (!KNOWN.contains(m) && !m.contains(".")) others.add(m);
                }
            }
        }
        List<String> header = new ArrayList<>(List.of("pattern", "benchmark", "method", "role", "mode"));
        header.addAll(params);
        header.addAll(List.of("threads", "forks", "iterations", "score", "score_error", "unit", "speedup_over", "speedup",
                "speedup_low", "speedup_high", "statements_per_op", "rows_per_op", "alloc_bytes_per_op"));
        header.addAll(others);
        header.addAll(List.of("p50", "p99"));

        StringBuilder csv = new StringBuilder();
        line(csv, header);
        for (Pattern p : patterns) {
            for (Row row : p.rows()) {
                for (String v : p.variants()) {
                    Result r = row.cells().get(v);
                    if (r == null) continue;
                    List<String> cells = new ArrayList<>(List.of(p.name(), r.benchmark(), r.method(), r.role().label(), r.mode()));
                    for (String param : params) cells.add(row.params().getOrDefault(param, ""));
                    cells.add(Integer.toString(r.settings().threads()));
                    cells.add(Integer.toString(r.settings().forks()));
                    cells.add(Integer.toString(r.primary().iterations().length));
                    cells.add(Fmt.plain(r.primary().score()));
                    cells.add(Fmt.plain(r.primary().error()));
                    cells.add(r.primary().unit());
                    String bad = p.bad() == null || p.bad().equals(v) ? null : p.bad();
                    Speedup s = bad == null ? null : Patterns.speedup(row, bad, v);
                    boolean known = s != null && s.estimate() != null;
                    cells.add(bad == null ? "" : bad);
                    cells.add(known ? Fmt.plain(s.estimate().value()) : "");
                    cells.add(known ? Fmt.plain(s.estimate().low()) : "");
                    cells.add(known ? Fmt.plain(s.estimate().high()) : "");
                    cells.add(Fmt.plain(r.secondary("statements")));
                    cells.add(Fmt.plain(r.secondary("rows")));
                    cells.add(Fmt.plain(r.secondary("gc.alloc.rate.norm")));
                    for (String m : others) cells.add(Fmt.plain(r.secondary(m)));
                    boolean sample = r.mode().equals("sample");
                    cells.add(sample ? Fmt.plain(r.primary().percentiles().getOrDefault("50.0", Double.NaN)) : "");
                    cells.add(sample ? Fmt.plain(r.primary().percentiles().getOrDefault("99.0", Double.NaN)) : "");
                    line(csv, cells);
                }
            }
        }
        return csv.toString();
    }

    public static String comparison(Comparison c) {
        StringBuilder csv = new StringBuilder();
        line(csv, List.of("benchmark", "mode", "params", "unit", "old_score", "old_low", "old_high", "new_score", "new_low",
                "new_high", "ratio", "ratio_low", "ratio_high", "old_statements_per_op", "new_statements_per_op", "verdict"));
        for (Change ch : c.changes()) {
            Result o = ch.old(), n = ch.now();
            line(csv, List.of(n.benchmark(), n.mode(), n.params().toString().replaceAll("[{}]", ""),
                    o.primary().unit().equals(n.primary().unit()) ? n.primary().unit() : o.primary().unit() + " → " + n.primary().unit(),
                    Fmt.plain(o.primary().score()), Fmt.plain(ch.oldMean().low()), Fmt.plain(ch.oldMean().high()),
                    Fmt.plain(n.primary().score()), Fmt.plain(ch.newMean().low()), Fmt.plain(ch.newMean().high()),
                    Fmt.plain(ch.ratio().value()), Fmt.plain(ch.ratio().low()), Fmt.plain(ch.ratio().high()),
                    Fmt.plain(o.secondary("statements")), Fmt.plain(n.secondary("statements")), ch.describe()));
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) csv.append(',');
            String c = cells.get(i);
            csv.append(c.contains(",") || c.contains("\"") || c.contains("\n") ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
        }
        csv.append('\n');
    }
}
