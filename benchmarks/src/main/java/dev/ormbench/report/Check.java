package dev.ormbench.report;

import dev.ormbench.report.JmhResults.BadInput;
import dev.ormbench.report.JmhResults.Result;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checks of {@code scripts/smoke.sh}, in the project's Java so that the suite needs nothing but a JDK and Maven:
 * <pre>
 *   Check results JMH.json EXPECTED.txt   every benchmark of `-l` (EXPECTED.txt) is in the JSON, each with a positive
 *                                         score and positive `statements`, `bytesSent`, `bytesReceived`
 *                                         and `waitMicros` counters
 *   Check report REPORT.md EXPECTED.txt   every pattern has its section and a headline in the summary, and every
 *                                         summary row an anchor and a citation that links it
 *   Check charts DIR                      every chart under DIR (any charts/ folder, DIR/tmp aside: a scratch area),
 *                                         and every other file beside a REPORT.md, is linked from that REPORT.md
 * </pre>
 * Exit 0 when the check passes, 1 with one line per problem when it does not, 2 on bad input.
 */
public final class Check {

    private Check() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            List<String> problems;
            String passed;
            if (args.length == 3 && args[0].equals("results")) {
                List<String> expected = lines(Path.of(args[2]));
                List<Result> results = JmhResults.read(Path.of(args[1]));
                problems = results(results, expected);
                passed = expected.size() + " benchmarks, " + results.size() + " runs, all with a score, statement count and wire metrics";
            } else if (args.length == 3 && args[0].equals("report")) {
                Set<String> patterns = patterns(lines(Path.of(args[2])));
                problems = report(read(Path.of(args[1])), patterns);
                passed = patterns.size() + " patterns, each with a table and a headline";
            } else if (args.length == 2 && args[0].equals("charts")) {
                List<Path> charts = charts(Path.of(args[1]));
                problems = new ArrayList<>(unlinked(charts));
                List<Path> beside = besideReports(Path.of(args[1]));
                problems.addAll(unlinkedBeside(beside));
                passed = charts.size() + " chart files and " + Fmt.plural(beside.size(), "other file") + ", each linked from the REPORT.md beside it";
            } else {
                err.println("check: usage: Check results JMH.json EXPECTED.txt | report REPORT.md EXPECTED.txt | charts DIR");
                return 2;
            }
            if (!problems.isEmpty()) {
                err.println("ormbench: " + args[0] + " check failed:\n  " + String.join("\n  ", problems));
                return 1;
            }
            out.println("ormbench: " + args[0] + " check passed: " + passed);
            return 0;
        } catch (BadInput e) {
            err.println("check: " + e.getMessage());
            return 2;
        }
    }

    /** The counters every benchmark publishes: statements, and the wire metrics. */
    static final List<String> COUNTERS = List.of("statements", "bytesSent", "bytesReceived", "waitMicros");

    /** Every expected benchmark present; every result with a positive score and positive {@link #COUNTERS}. */
    static List<String> results(List<Result> results, List<String> expected) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Result r : results) {
            seen.add(r.benchmark());
            String label = r.className().substring(r.className().lastIndexOf('.') + 1) + "." + r.method() + " " + r.params();
            if (!(r.primary().score() > 0)) problems.add(label + ": score " + r.primary().score());
            // Every benchmark talks to the server, so each of these is positive in a run that measured anything.
            for (String counter : COUNTERS) {
                double value = r.secondary(counter);
                if (Double.isNaN(value)) problems.add(label + ": no '" + counter + "' counter");
                else if (!(value > 0)) problems.add(label + ": " + counter + " " + value);
            }
        }
        for (String e : new TreeSet<>(expected)) if (!seen.contains(e)) problems.add(e + ": missing from the JSON");
        return problems;
    }

    /** The pattern names of `-l` lines: {@code dev.ormbench.patterns.JoinFetchBenchmark.badX} → {@code JoinFetch}. */
    static Set<String> patterns(List<String> benchmarks) {
        Set<String> out = new TreeSet<>();
        for (String b : benchmarks) {
            String cls = b.substring(0, Math.max(0, b.lastIndexOf('.')));
            String simple = cls.substring(cls.lastIndexOf('.') + 1);
            out.add(simple.endsWith("Benchmark") ? simple.substring(0, simple.length() - "Benchmark".length()) : simple);
        }
        return out;
    }

    /** Every pattern has its {@code ## Name} section and at least one summary row whose headline is not empty. */
    static List<String> report(String markdown, Set<String> patterns) {
        List<String> problems = new ArrayList<>();
        String summary = section(markdown, "Summary");
        for (String p : patterns) {
            if (!Pattern.compile("^## " + Pattern.quote(p) + "\\s*$", Pattern.MULTILINE).matcher(markdown).find()) {
                problems.add(p + ": no table in REPORT.md");
            }
            Pattern row = Pattern.compile("^\\| (<a id=\"[^\"]+\"></a>)?" + Pattern.quote(p) + " \\|.*");
            List<String> rows = summary.lines().filter(l -> row.matcher(l).matches()).toList();
            boolean headlines = !rows.isEmpty() && rows.stream().allMatch(l -> {
                String[] cells = l.split("(?<!\\\\)\\|");
                String h = cells.length > 5 ? cells[5].strip() : "";
                return !h.isEmpty() && !h.equals("—") && !h.startsWith("no single headline") && !h.startsWith("n/a");
            });
            if (!headlines) problems.add(p + ": no headline in the summary");
            for (String r : rows) {
                java.util.regex.Matcher a = ANCHOR.matcher(r);
                if (!a.find()) problems.add(p + ": a summary row without an anchor");
                else if (!summary.contains("](#" + a.group(1) + ")")) problems.add(p + ": no citation links the row #" + a.group(1));
            }
        }
        return problems;
    }

    private static final Pattern ANCHOR = Pattern.compile("^\\| <a id=\"([^\"]+)\"></a>");

    private static String section(String markdown, String title) {
        int start = markdown.indexOf("\n## " + title + "\n");
        if (start < 0) return "";
        int end = markdown.indexOf("\n## ", start + 1);
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }

    /** The SVG and PNG files in every {@code charts} folder under {@code dir}, but not under {@code dir/tmp}. */
    static List<Path> charts(Path dir) {
        if (!Files.isDirectory(dir)) throw new BadInput(dir + " is not a folder");
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> !f.startsWith(dir.resolve("tmp")))
                    .filter(f -> f.getParent() != null && f.getParent().getFileName().toString().equals("charts"))
                    .filter(f -> f.toString().endsWith(".svg") || f.toString().endsWith(".png")).sorted().toList();
        } catch (IOException e) {
            throw new BadInput("cannot read " + dir + ": " + e.getMessage());
        }
    }

    /** The charts whose REPORT.md (in the folder above charts/) links neither their SVG nor their PNG. */
    static List<String> unlinked(List<Path> charts) {
        List<String> problems = new ArrayList<>();
        for (Path c : charts) {
            Path report = c.getParent().getParent().resolve("REPORT.md");
            String name = c.getFileName().toString();
            String base = name.substring(0, name.lastIndexOf('.'));
            if (!Files.exists(report)) {
                problems.add(c + ": no REPORT.md beside its charts folder");
                continue;
            }
            String md = read(report);
            if (!md.contains("(charts/" + base + ".svg)") && !md.contains("(charts/" + base + ".png)")) {
                problems.add(c + ": not linked from " + report + " (a chart of an earlier run?)");
            }
        }
        return problems;
    }

    /** The files beside every REPORT.md under {@code dir} (not under {@code dir/tmp}), but REPORT.md itself and its charts folder. */
    static List<Path> besideReports(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> reports = files.filter(f -> !f.startsWith(dir.resolve("tmp")))
                    .filter(f -> f.getFileName().toString().equals("REPORT.md")).sorted().toList();
            List<Path> out = new ArrayList<>();
            for (Path r : reports) {
                try (Stream<Path> siblings = Files.list(r.getParent())) {
                    siblings.filter(Files::isRegularFile).filter(f -> !f.equals(r)).sorted().forEach(out::add);
                }
            }
            return out;
        } catch (IOException e) {
            throw new BadInput("cannot read " + dir + ": " + e.getMessage());
        }
    }

    /** The files among {@code files} that the REPORT.md beside them does not link ({@code (name)}). */
    static List<String> unlinkedBeside(List<Path> files) {
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            Path report = f.resolveSibling("REPORT.md");
            if (!read(report).contains("(" + f.getFileName().toString().replace(" ", "%20") + ")")) {
                problems.add(f + ": not linked from " + report);
            }
        }
        return problems;
    }

    private static List<String> lines(Path file) {
        return read(file).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInput("cannot read " + file + ": " + e.getMessage());
        }
    }
}
