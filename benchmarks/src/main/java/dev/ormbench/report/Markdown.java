package dev.ormbench.report;

import dev.ormbench.report.Baseline.Change;
import dev.ormbench.report.Baseline.Comparison;
import dev.ormbench.report.Baseline.Verdict;
import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.JmhResults.Settings;
import dev.ormbench.report.Patterns.Pattern;
import dev.ormbench.report.Patterns.Row;
import dev.ormbench.report.Patterns.Speedup;
import dev.ormbench.report.Summary.Headline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** REPORT.md: the environment, the summary, one table per pattern and params with its chart, the model, the baseline diff. */
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
        ENVIRONMENT.put("cpuSteadiness", "CPU steadiness at the start (a fixed loop timed in slices; 90th / 10th percentile)");
        ENVIRONMENT.put("memory", "memory");
        ENVIRONMENT.put("os", "OS");
        ENVIRONMENT.put("jmhArgs", "JMH arguments");
        ENVIRONMENT.put(Model.SHIM_KEY, "added per round trip at rtt=1ms (µs, the latency shim measured at the start)");
    }

    static final String CPU_STEADINESS = "cpuSteadiness";

    /**
     * A steadiness reading at or above this ratio means the CPU ran in phases when the run started: the same work
     * took this much longer in the slow slices than in the fast ones (on a steady CPU, 1.0x).
     */
    static final double UNSTEADY_CPU = 1.2;

    private static final java.util.regex.Pattern SLICE_RATIO = java.util.regex.Pattern.compile("\\((\\d+(?:\\.\\d+)?)x\\)");

    /** A pattern table has at most this many columns, so that it reads on GitHub and pastes into a review. */
    static final int MAX_COLUMNS = 8;

    /** The round-trip time the model predicts for (µs). */
    static final double MODEL_RTT_MICROS = 1000;

    private Markdown() {
    }

    /** What one report is made of. {@code comparison}, {@code baselineFile} and {@code baselineEnv} may be null. */
    public record Input(String source, List<Result> results, Map<String, String> environment, List<Pattern> patterns,
                        Map<String, List<Charts.Chart>> charts, Charts.Chart summaryChart, Comparison comparison,
                        String baselineFile, Map<String, String> baselineEnvironment, List<String> notes) {
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
        md.append("Per pattern, at the largest dataset measured: its one bad… variant against its one good… variant, ")
                .append("chosen by the benchmark's method names before any number was read. \"Faster\" or \"slower\" only ")
                .append("when the whole 99.9 % interval of the ratio (in brackets) is on one side of 1x.\n\n");
        md.append(summary(Summary.of(in.patterns())));
        if (in.summaryChart() != null) {
            md.append("\n![").append(in.summaryChart().caption()).append("](").append(in.summaryChart().svg()).append(")\n");
        }
        md.append(along(in.patterns()));
        md.append(Model.section(in.patterns(), in.environment()));

        if (in.comparison() != null) md.append(baseline(in));

        for (Pattern p : in.patterns()) {
            md.append("\n## ").append(p.name()).append("\n\n");
            md.append("`").append(p.className()).append("`\n\n");
            for (String w : p.warnings()) md.append("> ⚠ ").append(w).append("\n\n");
            List<Charts.Chart> charts = in.charts().getOrDefault(p.className(), List.of());
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
        double cpu = slowestSliceRatio(given.get(CPU_STEADINESS));
        if (cpu >= UNSTEADY_CPU) {
            out = "> ⚠ The CPU ran in phases when this run started: a fixed loop took " + Fmt.sig3(cpu) + "x longer in its slow "
                    + "slices than in its fast ones (on a steady CPU, 1.0x). Expect wide intervals and verdicts marked "
                    + "unsteady, and re-run on a quiet machine before citing a ratio that surprises you.\n\n" + out;
        }
        return out;
    }

    /** The largest {@code (N.NNx)} ratio in a steadiness reading (one per part of a combined run), or NaN. */
    static double slowestSliceRatio(String reading) {
        if (reading == null) return Double.NaN;
        java.util.regex.Matcher m = SLICE_RATIO.matcher(reading);
        double max = Double.NaN;
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            if (Double.isNaN(max) || v > max) max = v;
        }
        return max;
    }

    /** The values of {@code f} over the results: one value, or each with how many results have it. */
    private static String distinct(List<Result> results, Function<Result, String> f) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Result r : results) counts.merge(f.apply(r), 1, Integer::sum);
        if (counts.size() == 1) return counts.keySet().iterator().next();
        return counts.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + " results)").collect(Collectors.joining("; "));
    }


    /** The section titles of {@link #along}, by param: readme-tables.sh copies the rtt one into README.md. */
    static final List<Map.Entry<String, String>> ALONG = List.of(
            Map.entry("rtt", "Headline by round-trip time"),
            Map.entry("dataset", "Headline by dataset size"));

    /**
     * A section per param of {@link #ALONG} that some pattern varies: each headline (its first clause: the
     * correctness counter and the time verdict) in one column per value of the param.
     */
    static String along(List<Pattern> patterns) {
        StringBuilder md = new StringBuilder();
        for (Map.Entry<String, String> section : ALONG) {
            String param = section.getKey();
            var along = Summary.along(patterns, param);
            if (along.getValue().isEmpty() || along.getKey().size() < 2) continue;
            md.append("\n## ").append(section.getValue()).append("\n\n");
            md.append("The summary's headline of each pattern at every ").append(param.equals("rtt") ? "round-trip time" : "dataset size")
                    .append(" the run measured (`").append(param).append("`): ").append("the same two variants, the same rule.\n\n");
            List<String> headers = new ArrayList<>(List.of("pattern", "params", "bad → good"));
            List<Boolean> right = new ArrayList<>(List.of(false, false, false));
            for (String v : along.getKey()) {
                headers.add(param + "=" + v);
                right.add(false);
            }
            Table t = new Table(headers, right);
            for (Summary.Along a : along.getValue()) {
                List<String> cells = new ArrayList<>(List.of(a.pattern().name(), a.at(),
                        "`" + a.pattern().headline().from() + "` → `" + a.pattern().headline().to() + "`"));
                for (String v : along.getKey()) {
                    Headline h = a.byValue().get(v);
                    cells.add(h == null ? "—" : Summary.clause(h));
                }
                t.add(cells);
            }
            md.append(t.render());
        }
        return md.toString();
    }
    /** The summary table: one row per pattern and headline params, no column repeating another. */
    static String summary(List<Headline> headlines) {
        if (headlines.isEmpty()) return "No pattern has a result.\n";
        Table t = new Table(List.of("pattern", "params", "bad → good", "time/op bad → good", "headline (99.9 % interval)",
                "statements/op bad → good"), List.of(false, false, false, true, false, true));
        for (Headline h : headlines) {
            Pattern p = h.pattern();
            if (p.headline() == null) {
                t.add(p.name(), h.at(), "—", "—", h.words(), "—");
                continue;
            }
            Result bad = h.row().cells().get(p.headline().from()), good = h.row().cells().get(p.headline().to());
            String statements = Summary.statements(h);
            t.add(p.name(), h.at(), "`" + p.headline().from() + "` → `" + p.headline().to() + "`", times(bad, good), h.words(),
                    statements.isEmpty() ? "—" : statements);
        }
        return t.render();
    }

    /** {@code 8.36 → 0.446 ms} in one unit, or each in its own JMH unit when they are not times per operation. */
    private static String times(Result bad, Result good) {
        if (bad == null || good == null) return "—";
        double a = bad.primary().score() * Times.primaryMicros(bad), b = good.primary().score() * Times.primaryMicros(good);
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Fmt.sig3(bad.primary().score()) + " → " + Fmt.sig3(good.primary().score()) + " " + good.primary().unit();
        }
        var u = Times.unitFor(Math.max(a, b));
        return Fmt.sig3(a / u.getValue()) + " → " + Fmt.sig3(b / u.getValue()) + " " + u.getKey();
    }

    /** The line above a table that carries its params, so that they travel with the table when it is copied. */
    static String caption(Pattern p, Row row) {
        // dataset first, rtt last, the others in between by name
        String params = row.params().entrySet().stream()
                .sorted(java.util.Comparator.comparing((Map.Entry<String, String> e) -> e.getKey().equals("dataset") ? 0 : e.getKey().equals("rtt") ? 2 : 1)
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
    public static String table(Pattern p, Row row) {
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
        if (has(results, "statements")) fixed.add(new Column("statements/op", r -> count(r, "statements")));

        List<Column> metrics = new ArrayList<>();
        Result headBad = p.headline() == null ? null : row.cells().get(p.headline().from());
        Result headGood = p.headline() == null ? null : row.cells().get(p.headline().to());
        String fixedCounter = headBad == null || headGood == null ? null : Summary.correctness(headBad, headGood);
        if (fixedCounter != null) {
            metrics.add(new Column(fixedCounter.equals("lostUpdates") ? "lost updates/iteration" : fixedCounter, r -> count(r, fixedCounter)));
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
        if (has(results, "peakHeapMB")) {
            metrics.add(new Column("peak heap (MB)", r -> sig3(r, "peakHeapMB")));
        }
        if (has(results, "bytesReceived")) {
            metrics.add(new Column("received/op", r -> bytes(r, "bytesReceived")));
        }
        if (has(results, "gc.alloc.rate.norm")) {
            metrics.add(new Column("alloc/op", r -> bytes(r, "gc.alloc.rate.norm")));
        }
        for (String other : otherCounters(results)) {
            if (other.equals(fixedCounter)) continue;
            metrics.add(new Column(other + (other.endsWith("Micros") ? " (µs/op)" : "/op"), r -> count(r, other)));
        }
        int room = MAX_COLUMNS - fixed.size();
        List<Column> columns = new ArrayList<>(fixed);
        columns.addAll(metrics.subList(0, Math.min(room, metrics.size())));
        List<String> left = metrics.size() > room ? leftOut(metrics.subList(room, metrics.size())) : List.of();

        List<Boolean> right = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) right.add(i > 0);
        Table t = new Table(columns.stream().map(Column::header).toList(), right);
        for (Result r : results) t.add(columns.stream().map(c -> c.cell().apply(r)).toList());
        String out = t.render();
        if (!left.isEmpty()) out += "\nAlso in results.csv: " + String.join(", ", left) + ".\n";
        return out;
    }

    private static List<String> leftOut(List<Column> columns) {
        return columns.stream().map(Column::header).toList();
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

    private static String count(Result r, String metric) {
        double x = r.secondary(metric);
        return Double.isNaN(x) ? "—" : Fmt.count(x);
    }

    private static String sig3(Result r, String metric) {
        double x = r.secondary(metric);
        return Double.isNaN(x) ? "—" : Fmt.sig3(x);
    }

    private static String bytes(Result r, String metric) {
        double x = r.secondary(metric);
        return Double.isNaN(x) ? "—" : Fmt.bytes(x);
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

                - **Roles** come from the method names: `bad…` the mistake (one per pattern), `good…` the fix the pattern \
                recommends (one per pattern), `alt…` other fixes, `pitfall…` another mistake shown for contrast, `floor…` a \
                hand-written lower bound. The headline compares bad with good, and only them; alt, pitfall and floor are rows \
                of the tables, never the headline. A run with several good… (or bad…) variants, or none, has no headline, \
                and says so.
                - **time ± error**: JMH's score and the half-width of its 99.9 % confidence interval (Student's t over the \
                measurement iterations of every fork), in the table's one unit. With fewer than three iterations JMH writes \
                `"NaN"`: shown as `± n/a`, and every interval that needs it is `n/a` too.
                - **unsteady**: beside a verdict when bad's or good's slowest measured iteration took twice its fastest \
                or more. Such iterations ran in phases (the machine, not the code), while the 99.9 % interval assumes \
                iterations around one mean: re-run before citing that verdict.
                - **vs bad (×)**: the bad variant's mean time per operation over this variant's (for throughput, this one's \
                over bad's): how many times faster than bad, above 1x better. The interval in brackets is a 99.9 % interval \
                for the ratio of means from the per-iteration raw data, by the delta method on the log of the ratio: \
                Var(ln A/B) ≈ (SE_A/A)² + (SE_B/B)², Student's t with Welch–Satterthwaite degrees of freedom, bounds \
                A/B·exp(±t·√Var). No bootstrap, nothing random.
                - **Verdict**: "faster" or "slower" only when the whole interval is above or below 1x; "no clear difference" \
                when it spans 1x; "not enough iterations to judge" when there is no interval.
                - **Headline**: a counter that bad has above zero and good drives to zero (lost updates) comes first and the \
                time is its cost; beside the time, p50/p99 in sample mode, the peak heap, and bytes received (else \
                allocated) per operation when bad and good differ by 2x or more.
                - **statements/op** and the suite's other counters: per-operation means (JMH's score of the counter), \
                without interval. **alloc/op**: `gc.alloc.rate.norm` from `-prof gc`. **p50/p99**: percentiles of \
                sample-time results.
                - **server wait / JVM**, when the run measured them: `waitMicros` is the time per operation the benchmark \
                thread waited for the server's answers (server work plus network, the injected RTT included); JVM is the \
                time per operation minus that wait. **received/op**: `bytesReceived`, bytes read from the server per \
                operation.
                - **Round-trip model**: time at RTT r ≈ time at rtt=0 + statements/op × r (each statement one round trip). \
                A model, not a measurement; beside it the measured time where the run has that RTT, and measured/model.
                - **baseline**: new/old is this run's score over the baseline's, with the same kind of interval; \
                **regression** or **improvement** only where the two runs' own 99.9 % intervals do not overlap \
                (`--fail-on-regression` exits 3 on any regression).
                - Charts: per table, a bar per variant on a logarithmic axis with its value and the 99.9 % interval, \
                coloured by role; with the wire metrics, each bar split into server wait and JVM. The summary chart: each \
                headline's speedup with its interval on one logarithmic axis, and a line at 1x.
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
