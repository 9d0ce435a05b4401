package dev.ormbench.report;

import dev.ormbench.report.Baseline.Change;
import dev.ormbench.report.Baseline.Comparison;
import dev.ormbench.report.Baseline.Verdict;
import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.JmhResults.Role;
import dev.ormbench.report.JmhResults.Settings;
import dev.ormbench.report.Patterns.Pair;
import dev.ormbench.report.Patterns.Pattern;
import dev.ormbench.report.Patterns.Row;
import dev.ormbench.report.Patterns.Speedup;
import dev.ormbench.report.Summary.Headline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/** REPORT.md: the environment, the summary, one table per pattern with its charts, the baseline diff, the method. */
public final class Markdown {

    /** The environment keys the launcher writes, in the order shown, with their labels. */
    private static final Map<String, String> ENVIRONMENT = new LinkedHashMap<>();

    static {
        ENVIRONMENT.put("date", "date (UTC)");
        ENVIRONMENT.put("gitCommit", "suite commit");
        ENVIRONMENT.put("jdk", "JDK");
        ENVIRONMENT.put("jvmArgs", "launcher JVM flags");
        ENVIRONMENT.put("postgres", "PostgreSQL");
        ENVIRONMENT.put("database", "database");
        ENVIRONMENT.put("postgresSettings", "PostgreSQL settings");
        ENVIRONMENT.put("cpu", "CPU");
        ENVIRONMENT.put("cores", "cores");
        ENVIRONMENT.put("memory", "memory");
        ENVIRONMENT.put("os", "OS");
        ENVIRONMENT.put("jmhArgs", "JMH arguments");
    }

    /** The metrics a pattern table shows where present (per operation, but lost updates per iteration): JSON name → header, and how to print a value. */
    private record Column(String metric, String header, DoubleFunction<String> format) {
    }

    private static final List<Column> METRICS = List.of(
            new Column("statements", "statements/op", Fmt::count),
            new Column("rows", "rows/op", Fmt::count),
            new Column("gc.alloc.rate.norm", "alloc/op", Fmt::bytes),
            new Column("peakHeapMB", "peak heap (MB)", Fmt::sig3),
            new Column("rowsPerSecond", "rows/s", Fmt::sig3),
            new Column("lostUpdates", "lost updates/iteration", Fmt::count),
            new Column("retries", "retries/op", Fmt::count));

    private Markdown() {
    }

    /** What one report is made of. {@code comparison}, {@code baselineFile} and {@code baselineEnv} may be null. */
    public record Input(String source, List<Result> results, Map<String, String> environment, List<Pattern> patterns,
                        Map<String, List<Charts.Chart>> charts, Comparison comparison, String baselineFile,
                        Map<String, String> baselineEnvironment, List<String> notes) {
    }

    public static String report(Input in) {
        StringBuilder md = new StringBuilder();
        md.append("# ormbench report\n\n");
        md.append("From `").append(in.source()).append("` (JMH's own JSON: jmh-visualizer and other JMH tools read it unchanged). ")
                .append(in.patterns().size()).append(in.patterns().size() == 1 ? " pattern, " : " patterns, ")
                .append(in.results().size()).append(" results. Numbers have three significant digits; ")
                .append("`results.csv` has every digit. How they are computed: [notes](#how-the-numbers-are-computed).\n\n");
        for (String note : in.notes()) md.append("> ⚠ ").append(note).append("\n\n");

        md.append("## Environment\n\n");
        md.append(environment(in.environment(), in.results()));

        md.append("\n## Summary\n\n");
        md.append("At the largest dataset measured: how many times faster the good variant is than the bad one, with a ")
                .append("99.9 % interval; statements per operation; the verdict, worded from these numbers.\n\n");
        md.append(summary(Summary.of(in.patterns())));

        if (in.comparison() != null) md.append(baseline(in));

        for (Pattern p : in.patterns()) {
            md.append("\n## ").append(p.name()).append("\n\n");
            md.append(caption(p)).append("\n\n");
            for (String w : p.warnings()) md.append("> ⚠ ").append(w).append("\n\n");
            md.append(table(p));
            for (Charts.Chart c : in.charts().getOrDefault(p.className(), List.of())) {
                md.append("\n![").append(c.caption()).append("](").append(c.svg()).append(")\n");
            }
        }
        md.append(method());
        return md.toString();
    }

    private static String environment(Map<String, String> env, List<Result> results) {
        Table t = new Table(List.of("", ""), List.of(false, false));
        Map<String, String> given = env == null ? Map.of() : env;
        for (Map.Entry<String, String> e : ENVIRONMENT.entrySet()) {
            String v = given.get(e.getKey());
            boolean code = e.getKey().equals("gitCommit") || e.getKey().endsWith("Args");
            t.add(e.getValue(), v == null || v.isBlank() ? "unknown" : code ? code(v) : v);
        }
        given.forEach((k, v) -> {
            if (!ENVIRONMENT.containsKey(k)) t.add(k, v);
        });
        t.add("JMH and forks' JVM", distinct(results, r -> {
            Settings s = r.settings();
            return "JMH " + s.jmhVersion() + ", JDK " + s.jdkVersion() + " (" + s.vmName() + " " + s.vmVersion() + ")";
        }));
        t.add("JMH settings", distinct(results, r -> {
            Settings s = r.settings();
            return plural(s.forks(), "fork") + " · " + s.warmupIterations() + " × " + s.warmupTime() + " warm-up · "
                    + s.measurementIterations() + " × " + s.measurementTime() + " measurement · " + plural(s.threads(), "thread")
                    + " · mode " + r.mode();
        }));
        t.add("forks' JVM flags", distinct(results, r -> code(String.join(" ", r.settings().jvmArgs()))));
        String out = t.render();
        if (env == null) out = "> ⚠ no environment.json beside the JSON: the run's environment was not recorded.\n\n" + out;
        return out;
    }

    /** The values of {@code f} over the results: one value, or each with how many results have it. */
    private static String distinct(List<Result> results, Function<Result, String> f) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Result r : results) counts.merge(f.apply(r), 1, Integer::sum);
        if (counts.size() == 1) return counts.keySet().iterator().next();
        return counts.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + " results)").collect(Collectors.joining("; "));
    }

    private static String summary(List<Headline> headlines) {
        Table t = new Table(List.of("pattern", "at", "good vs bad (×)", "statements/op bad → good", "verdict"),
                List.of(false, false, true, true, false));
        for (Headline h : headlines) {
            String speedup = h.speedup() == null ? "—" : h.speedup().estimate() == null ? h.speedup().gap() : Fmt.ratio(h.speedup().estimate());
            String statements = Summary.statements(h.row(), h.pair());
            t.add(h.pattern().name(), h.at(), speedup, statements.isEmpty() ? "—" : statements, h.verdict());
        }
        return headlines.isEmpty() ? "No pattern has a result.\n" : t.render();
    }

    private static String caption(Pattern p) {
        List<String> parts = new ArrayList<>();
        parts.add("`" + p.className() + "`");
        if (!p.constants().isEmpty()) {
            parts.add("params " + p.constants().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ")));
        }
        Set<String> modes = p.rows().stream().map(Row::mode).collect(Collectors.toCollection(LinkedHashSet::new));
        parts.add(modes.stream().map(m -> "mode " + m + (m.equals("thrpt") ? " (higher is better)" : " (lower is better)"))
                .collect(Collectors.joining(", ")));
        parts.add("score ± 99.9 % error");
        return String.join(" · ", parts);
    }

    /** The table of one pattern: one row per params (and mode), a column per variant, the speedups, the counters. */
    public static String table(Pattern p) {
        List<String> header = new ArrayList<>(p.columns());
        List<Boolean> right = new ArrayList<>();
        p.columns().forEach(c -> right.add(false));
        boolean modes = p.severalModes();
        if (modes) {
            header.add("mode");
            right.add(false);
        }
        Map<String, String> units = new LinkedHashMap<>();
        for (String v : p.variants()) {
            Set<String> us = p.rows().stream().map(r -> r.cells().get(v)).filter(r -> r != null)
                    .map(r -> r.primary().unit()).collect(Collectors.toSet());
            units.put(v, us.size() == 1 ? us.iterator().next() : null);
            header.add(v + (us.size() == 1 ? " (" + us.iterator().next() + ")" : ""));
            right.add(true);
        }
        for (Pair pair : p.pairs()) {
            header.add(pair.label() + " (×)");
            right.add(true);
        }
        String order = p.variants().stream().map(v -> shortLabel(p, v)).collect(Collectors.joining(" → "));
        List<Column> metrics = new ArrayList<>();
        for (Column c : METRICS) if (anyHas(p, c.metric())) metrics.add(c);
        for (String other : otherMetrics(p)) metrics.add(new Column(other, other, Fmt::sig3));
        boolean sample = p.rows().stream().anyMatch(r -> r.mode().equals("sample"));
        for (Column c : metrics) {
            header.add(c.header() + " " + order);
            right.add(true);
        }
        if (sample) {
            for (String q : List.of("p50", "p99")) {
                header.add(q + " " + order);
                right.add(true);
            }
        }

        Table t = new Table(header, right);
        for (Row row : p.rows()) {
            List<String> cells = new ArrayList<>(row.values(p.columns()));
            if (modes) cells.add(row.mode());
            for (String v : p.variants()) {
                Result r = row.cells().get(v);
                cells.add(r == null ? "—" : Fmt.scoreError(r.primary().score(), r.primary().error())
                        + (units.get(v) == null ? " " + r.primary().unit() : ""));
            }
            for (Pair pair : p.pairs()) {
                Speedup s = Patterns.speedup(row, pair);
                cells.add(s.estimate() == null ? s.gap() : Fmt.ratio(s.estimate()));
            }
            for (Column c : metrics) {
                cells.add(arrow(p, row, r -> {
                    double x = r.secondary(c.metric());
                    return Double.isNaN(x) ? "—" : c.format().apply(x);
                }));
            }
            if (sample) {
                for (String q : List.of("50.0", "99.0")) {
                    cells.add(arrow(p, row, r -> {
                        Double x = r.mode().equals("sample") ? r.primary().percentiles().get(q) : null;
                        return x == null ? "—" : Fmt.sig3(x);
                    }));
                }
            }
            t.add(cells);
        }
        return t.render();
    }

    private static String arrow(Pattern p, Row row, Function<Result, String> f) {
        return p.variants().stream().map(v -> row.cells().get(v) == null ? "—" : f.apply(row.cells().get(v)))
                .collect(Collectors.joining(" → "));
    }

    /** {@code bad}, {@code good}, {@code floor} when a role has one variant; the method name otherwise. */
    static String shortLabel(Pattern p, String variant) {
        Role role = p.roles().get(variant);
        long same = p.roles().values().stream().filter(r -> r == role).count();
        return role != Role.OTHER && same == 1 ? role.label() : variant;
    }

    private static boolean anyHas(Pattern p, String metric) {
        return p.rows().stream().flatMap(r -> r.cells().values().stream()).anyMatch(r -> r.secondary().containsKey(metric));
    }

    /** Secondary metrics the table does not know, other than the profilers' own ({@code gc.…} and similar). */
    static List<String> otherMetrics(Pattern p) {
        Set<String> known = METRICS.stream().map(Column::metric).collect(Collectors.toSet());
        return p.rows().stream().flatMap(r -> r.cells().values().stream()).flatMap(r -> r.secondary().keySet().stream())
                .filter(m -> !known.contains(m) && !m.contains(".")).distinct().sorted().toList();
    }

    private static String baseline(Input in) {
        Comparison c = in.comparison();
        StringBuilder md = new StringBuilder("\n## Compared with the baseline\n\n");
        Map<String, String> env = in.baselineEnvironment();
        md.append("Baseline `").append(in.baselineFile()).append("`");
        if (env != null) {
            md.append(" (").append(env.getOrDefault("date", "date unknown")).append(", commit ")
                    .append(code(env.getOrDefault("gitCommit", "unknown"))).append(")");
        }
        md.append(". ").append(plural((int) c.count(Verdict.REGRESSION), "regression")).append(", ")
                .append(plural((int) c.count(Verdict.IMPROVEMENT), "improvement")).append(", ")
                .append(c.count(Verdict.SAME)).append(" without significant change, ")
                .append(c.count(Verdict.UNKNOWN)).append(" without a verdict. ")
                .append("New/old is this run's score over the baseline's; a change is flagged only where the two runs' ")
                .append("99.9 % intervals do not overlap.\n\n");
        if (!c.ignoredParams().isEmpty()) {
            md.append("> ⚠ a param only one of the runs has was ignored to pair the results: ")
                    .append(String.join(", ", c.ignoredParams())).append(" (added or removed between the two versions of the suite).\n\n");
        }
        if (c.changes().isEmpty()) {
            md.append("> ⚠ no benchmark (with the same params and mode) is in both runs.\n");
        } else {
            Table t = new Table(List.of("benchmark", "params", "mode", "baseline", "this run", "new/old (×)",
                    "statements/op old → new", "verdict"), List.of(false, false, false, true, true, true, true, false));
            for (Change ch : c.changes()) {
                Result o = ch.old(), n = ch.now();
                String statements = Double.isNaN(o.secondary("statements")) && Double.isNaN(n.secondary("statements")) ? "—"
                        : Fmt.count(o.secondary("statements")) + " → " + Fmt.count(n.secondary("statements"));
                String verdict = ch.verdict() == Verdict.REGRESSION || ch.verdict() == Verdict.IMPROVEMENT
                        ? "**" + ch.describe() + "**" : ch.describe();
                t.add(shortName(n), params(n), n.mode(),
                        Fmt.scoreError(o.primary().score(), o.primary().error()) + " " + o.primary().unit(),
                        Fmt.scoreError(n.primary().score(), n.primary().error()) + " " + n.primary().unit(),
                        Double.isNaN(ch.ratio().value()) ? "n/a" : Fmt.ratio(ch.ratio()), statements, verdict);
            }
            md.append(t.render());
        }
        if (!c.onlyNew().isEmpty()) {
            md.append("\nOnly in this run: ").append(c.onlyNew().stream().map(r -> shortName(r) + " " + params(r))
                    .collect(Collectors.joining("; "))).append(".\n");
        }
        if (!c.onlyOld().isEmpty()) {
            md.append("\nOnly in the baseline: ").append(c.onlyOld().stream().map(r -> shortName(r) + " " + params(r))
                    .collect(Collectors.joining("; "))).append(".\n");
        }
        return md.toString();
    }

    private static String shortName(Result r) {
        String cls = r.className().substring(r.className().lastIndexOf('.') + 1);
        return cls + "." + r.method();
    }

    private static String params(Result r) {
        return r.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String method() {
        return """

                ## How the numbers are computed

                - **score ± error**: JMH's score and the half-width of its 99.9 % confidence interval (Student's t over the \
                measurement iterations of every fork). With fewer than three iterations JMH writes `"NaN"`: shown as \
                `± n/a`, and every interval that needs it is `n/a` too.
                - **good vs bad (×)**: the bad variant's mean time per operation over the good one's (for throughput, \
                good's over bad's): how many times faster the good variant is. **floor vs good (×)** likewise: how far the \
                good variant still is from the hand-written floor. The interval in brackets is a 99.9 % interval for the \
                ratio of means from the primary metric's per-iteration raw data, by the delta method on the log of the \
                ratio: Var(ln A/B) ≈ (SE_A/A)² + (SE_B/B)², Student's t with Welch–Satterthwaite degrees of freedom, \
                bounds A/B·exp(±t·√Var). No bootstrap, nothing random.
                - **verdict**: "faster" or "slower" only when the whole interval is above or below 1x; otherwise \
                "no clear difference".
                - **statements/op, rows/op** and the suite's other counters: per-operation means (JMH's score of the \
                counter). Their raw data are each iteration's share of that mean, not per-iteration values, so they carry \
                no interval. **alloc/op**: `gc.alloc.rate.norm` from `-prof gc`, bytes allocated per operation. \
                **p50/p99**: percentiles of sample-time results.
                - **baseline**: new/old is this run's score over the baseline's, with the same kind of interval; \
                **regression** or **improvement** only where the two runs' own 99.9 % intervals do not overlap.
                - Charts: mean per variant across dataset sizes on a logarithmic axis, with the 99.9 % interval as error \
                bars; a bar that reaches the bottom of a chart has a lower bound at or below zero.
                """;
    }

    static String code(String s) {
        return s.isEmpty() ? "" : "`" + s.replace("`", "'") + "`";
    }

    static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** A GitHub Markdown table. */
    static final class Table {
        private final List<String> header;
        private final List<Boolean> right;
        private final List<List<String>> rows = new ArrayList<>();

        Table(List<String> header, List<Boolean> right) {
            this.header = header;
            this.right = right;
        }

        void add(String... cells) {
            add(List.of(cells));
        }

        void add(List<String> cells) {
            rows.add(cells);
        }

        String render() {
            StringBuilder sb = new StringBuilder();
            line(sb, header);
            sb.append('|');
            for (boolean r : right) sb.append(r ? "--:|" : "---|");
            sb.append('\n');
            for (List<String> row : rows) line(sb, row);
            return sb.toString();
        }

        private static void line(StringBuilder sb, List<String> cells) {
            sb.append('|');
            for (String c : cells) sb.append(' ').append(c.replace("|", "\\|").replace("\n", " ")).append(" |");
            sb.append('\n');
        }
    }
}
