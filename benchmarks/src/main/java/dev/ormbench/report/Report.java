package dev.ormbench.report;

import dev.ormbench.report.Baseline.Comparison;
import dev.ormbench.report.Baseline.Verdict;
import dev.ormbench.report.JmhResults.BadInput;
import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.Patterns.Pattern;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The report generator's command line: JMH's JSON of an ormbench run in, {@code REPORT.md}, {@code results.csv}
 * and charts out, and with {@code --baseline} the comparison of two runs. Exit code 2 and one line on bad input.
 */
public final class Report {

    static final String USAGE = """
            usage: java -cp benchmarks/target/benchmarks.jar dev.ormbench.report.Report RESULT.json [options]
                   scripts/report.sh RESULT.json [options]
            (RESULT.json or OLD.json may also be a run's folder holding jmh-result.json)

            Reads the JMH JSON of an ormbench run (-rf json) and writes into the output folder:
              REPORT.md        environment, summary, one table per pattern, charts, method notes
              results.csv      the same numbers with every digit, one row per benchmark x params
              charts/*.svg     per pattern table: a bar per variant, log axis; summary.svg: the headlines (and .png)
              comparison.csv   with --baseline: new/old per benchmark, flagged where the intervals do not overlap

            options:
              --out DIR             output folder (default: the folder of RESULT.json)
              --baseline OLD.json   compare with an earlier run of the suite
              --fail-on-regression  with --baseline: exit 3 when any benchmark is slower than in OLD (the two runs'
                                    99.9 % intervals do not overlap), 0 otherwise
              --env FILE            the run's environment (default: environment.json beside RESULT.json)
              --no-charts           skip the charts
              -h, --help            this text
            """;

    private Report() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /** Exit code of {@code --fail-on-regression} when the run has a regression against its baseline. */
    static final int REGRESSION = 3;

    /** Runs the command line; returns the exit code: 0 done, 2 bad input, 3 a regression with --fail-on-regression, 1 an unexpected failure. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Options o = Options.parse(args);
            if (o == null) {
                out.print(USAGE);
                return 0;
            }
            Comparison c = generate(o, out, err);
            if (o.failOnRegression() && c.count(Verdict.REGRESSION) > 0) {
                err.println("report: " + Fmt.plural((int) c.count(Verdict.REGRESSION), "regression") + " against "
                        + o.baseline() + " (see the comparison in REPORT.md): exit " + REGRESSION);
                return REGRESSION;
            }
            return 0;
        } catch (BadInput e) {
            err.println("report: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("report: cannot write the report: " + e);
            return 1;
        } catch (RuntimeException e) {
            err.println("report: unexpected failure: " + e + " (the stack trace follows; please report it)");
            e.printStackTrace(err);
            return 1;
        }
    }

    record Options(Path input, Path out, Path baseline, Path env, boolean charts, boolean failOnRegression) {

        static Options parse(String[] args) {
            Path input = null, out = null, baseline = null, env = null;
            boolean charts = true, failOnRegression = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help", "-help" -> {
                        return null;
                    }
                    case "--out", "--baseline", "--env" -> {
                        if (i + 1 >= args.length) throw new BadInput(a + " needs a value; see --help");
                        Path value = Path.of(args[++i]);
                        if (a.equals("--out")) out = value;
                        else if (a.equals("--baseline")) baseline = value;
                        else env = value;
                    }
                    case "--no-charts" -> charts = false;
                    case "--fail-on-regression" -> failOnRegression = true;
                    default -> {
                        if (a.startsWith("-")) throw new BadInput("unknown option " + a + "; see --help");
                        if (input != null) throw new BadInput("one result file at a time (got " + input + " and " + a + "); see --help");
                        input = Path.of(a);
                    }
                }
            }
            if (input == null) throw new BadInput("no result file given; usage: Report RESULT.json [--out DIR] [--baseline OLD.json]; see --help");
            if (failOnRegression && baseline == null) throw new BadInput("--fail-on-regression needs --baseline OLD.json; see --help");
            if (Files.isDirectory(input)) input = input.resolve("jmh-result.json"); // a run's folder
            if (baseline != null && Files.isDirectory(baseline)) baseline = baseline.resolve("jmh-result.json");
            Path folder = input.toAbsolutePath().getParent();
            return new Options(input, out != null ? out : folder, baseline, env != null ? env : folder.resolve("environment.json"), charts,
                    failOnRegression);
        }
    }

    /** Writes the report; returns the comparison with the baseline (empty without one). */
    static Comparison generate(Options o, PrintStream out, PrintStream err) throws IOException {
        List<Result> results = JmhResults.read(o.input());
        List<Pattern> patterns = Patterns.of(results);
        if (patterns.isEmpty()) {
            throw new BadInput(o.input() + " holds no ormbench results: none of its " + results.size()
                    + " benchmark methods is named bad…, good…, alt…, pitfall… or floor… (is it from another JMH suite?)");
        }
        List<String> notes = new ArrayList<>();
        Set<String> foreign = Patterns.foreignClasses(results);
        if (!foreign.isEmpty()) {
            notes.add("left out " + foreign.size() + (foreign.size() == 1 ? " class" : " classes")
                    + " without bad…/good…/alt…/pitfall…/floor… methods (not ormbench patterns): " + String.join(", ", foreign));
        }
        List<Result> reported = results.stream().filter(r -> !foreign.contains(r.className())).toList();

        Map<String, String> env;
        try {
            env = JmhResults.environment(o.env());
        } catch (BadInput e) {
            notes.add(e.getMessage() + ": the environment is shown as unknown");
            env = Map.of();
        }

        Comparison comparison = null;
        Map<String, String> baselineEnv = null;
        if (o.baseline() != null) {
            // A pair in turns mixes two variants in one score: its ratio is the summary's, not a time to compare.
            List<Result> old = JmhResults.read(o.baseline()).stream().filter(r -> r.role() != JmhResults.Role.PAIRED).toList();
            comparison = Baseline.compare(old, reported.stream().filter(r -> r.role() != JmhResults.Role.PAIRED).toList());
            for (String changed : Baseline.changedPlans(o.baseline(), o.input())) notes.add("plan changed since the baseline: " + changed);
            try {
                baselineEnv = JmhResults.environment(o.baseline().toAbsolutePath().resolveSibling("environment.json"));
            } catch (BadInput e) {
                baselineEnv = null;
            }
        }

        Files.createDirectories(o.out());
        Map<String, List<Charts.Chart>> charts = new LinkedHashMap<>();
        Charts.Chart summaryChart = null;
        int drawn = 0;
        if (o.charts()) {
            removeCharts(o.out().resolve("charts"));
            for (Pattern p : patterns) {
                List<Charts.Chart> cs = Charts.write(p, o.out(), notes);
                charts.put(p.className(), cs);
                drawn += cs.size();
            }
            summaryChart = Charts.summary(Summary.of(patterns), o.out());
            if (summaryChart != null) drawn++;
        }

        Path folder = o.out().toAbsolutePath().normalize();
        String source = o.input().getFileName().toString();
        boolean sourceBeside = beside(folder, o.input()) != null;
        String envFile = Files.isRegularFile(o.env()) ? beside(folder, o.env()) : null;
        Path plans = o.input().toAbsolutePath().resolveSibling("plans.txt");
        String plansFile = Files.isRegularFile(plans) ? beside(folder, plans) : null;
        Markdown.Input in = new Markdown.Input(source, sourceBeside, envFile, plansFile, Citations.where(o.out().resolve("REPORT.md")),
                reported, env, patterns, charts, summaryChart, comparison,
                o.baseline() == null ? null : o.baseline().toString(), baselineEnv, notes);
        Files.writeString(o.out().resolve("REPORT.md"), Markdown.report(in), StandardCharsets.UTF_8);
        Files.writeString(o.out().resolve("results.csv"), Csv.results(patterns), StandardCharsets.UTF_8);
        if (comparison != null) {
            Files.writeString(o.out().resolve("comparison.csv"), Csv.comparison(comparison), StandardCharsets.UTF_8);
        }

        for (String n : notes) err.println("report: warning: " + n);
        for (Pattern p : patterns) for (String w : p.warnings()) err.println("report: warning: " + p.name() + ": " + w);
        if (env == null) err.println("report: warning: no " + o.env() + ": the environment is shown as unknown");
        out.println("report: " + o.out().resolve("REPORT.md") + " (" + Fmt.plural(patterns.size(), "pattern") + ", "
                + Fmt.plural(reported.size(), "result") + "), results.csv" + (o.charts() ? ", " + drawn + " charts" : "")
                + (comparison != null ? ", comparison.csv" : ""));
        if (comparison != null) {
            out.println("report: against " + o.baseline() + ": " + Fmt.plural((int) comparison.count(Verdict.REGRESSION), "regression")
                    + ", " + Fmt.plural((int) comparison.count(Verdict.IMPROVEMENT), "improvement") + ", " + comparison.count(Verdict.SAME)
                    + " without significant change, " + comparison.count(Verdict.UNKNOWN) + " without a verdict");
        }
        return comparison != null ? comparison : new Comparison(List.of(), List.of(), List.of(), Set.of());
    }

    /**
     * {@code file}'s name when it lies in the report's {@code folder}, for the report to link; else null: a path out
     * of the folder would name this machine's folders, so the report names such a file without a link.
     */
    static String beside(Path folder, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return folder.equals(abs.getParent()) ? abs.getFileName().toString() : null;
    }

    /** A report replaces its charts whole: the SVG and PNG files of an earlier report in {@code dir} go first. */
    private static void removeCharts(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (Files.isRegularFile(f) && (n.endsWith(".svg") || n.endsWith(".png"))) Files.delete(f);
            }
        }
    }
}
