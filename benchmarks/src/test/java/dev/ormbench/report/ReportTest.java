package dev.ormbench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ormbench.report.Patterns.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report of the committed fixture (real JMH JSON of this suite: patterns 1 and 8, small and medium, 3
 * iterations, {@code -prof gc}) against golden text, and every kind of bad input.
 */
class ReportTest {

    record Outcome(int exitCode, String stdout, List<String> stderr) {
    }

    static Path fixture(String name) {
        try {
            return Path.of(ReportTest.class.getResource("/report/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no test resource report/" + name, e);
        }
    }

    static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Report.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), lines);
    }

    /** The REPORT.md in {@code out} without the summary's anchors, so that a row reads as its cells. */
    static String md(Path out) throws java.io.IOException {
        return Files.readString(out.resolve("REPORT.md")).replaceAll("<a id=\"[^\"]+\"></a>", "");
    }

    static Outcome report(String fixture, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(fixture(fixture).toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void theTableOfOnePatternIsTheGoldenText() throws Exception {
        List<Pattern> patterns = Patterns.of(JmhResults.read(fixture("jmh-result.json")));
        Pattern joinFetch = patterns.stream().filter(p -> p.name().equals("JoinFetch")).findFirst().orElseThrow();
        // The medium row, checked by hand against the JSON: badJoinThenLazy score 9900.24, error 13955.98 -> "9,900 ± 14,000";
        // good vs bad 9900.24 / 2682.74 = 3.69; statements 40, 1, 1; gc.alloc.rate.norm 350816.2 B -> 351 kB. One line per
        // variant, bad first, floor last; every header with its unit.
        assertThat(PatternSection.table(joinFetch, joinFetch.rows().getLast())).isEqualTo(Files.readString(fixture("JoinFetch-table.md")));
    }

    @Test
    void theCsvHasItsHeaderAndEveryDigitOfTheJson(@TempDir Path out) throws Exception {
        assertThat(report("jmh-result.json", out).exitCode()).isZero();
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertThat(csv.getFirst()).isEqualTo("pattern,benchmark,method,role,mode,dataset,authorPrefix,pageSize,relation,threads,"
                + "forks,iterations,score,score_error,unit,speedup_over,speedup,speedup_low,speedup_high,statements_per_op,"
                + "rows_per_op,alloc_bytes_per_op,p50,p99");
        assertThat(csv).contains("JoinFetch,dev.ormbench.patterns.JoinFetchBenchmark.goodJoinFetch,goodJoinFetch,good,avgt,"
                + "medium,Adams,100,,1,1,3,2682.738926320123,6150.776477158887,us/op,badJoinThenLazy,3.6903487213397854,"
                + "1.4469604730408332,9.411918251280296,1,100,138242.71341548537,,");
        assertThat(csv).hasSize(1 + 18);
    }

    @Test
    void theReportShowsTheEnvironmentTheSummaryAndTheCharts(@TempDir Path out) throws Exception {
        Outcome o = report("jmh-result.json", out);
        assertThat(o.exitCode()).isZero();
        assertThat(o.stderr()).isEmpty();
        assertThat(o.stdout()).contains("REPORT.md (2 patterns, 18 results), results.csv, 10 charts");
        String md = Files.readString(out.resolve("REPORT.md"));
        assertThat(md)
                .contains("| PostgreSQL | PostgreSQL 18.3 |")
                .contains("| suite commit | `0daa5381c2f0e7d4b8a6c1e9f3d2b7a4c5e6f701` |")
                .contains("| cores | 2 |")
                .contains("| JMH settings | 1 fork · 2 × 1 s warm-up · 3 × 1 s measurement · 1 thread · mode avgt |")
                .contains("| <a id=\"joinfetch-authorprefix-adams-dataset-medium-pagesize-100-avgt\"></a>JoinFetch | medium | "
                        + "`badJoinThenLazy` → `goodJoinFetch` | 9,900 → 2,680 µs | 3.69x faster (1.45–9.41); "
                        + "allocated 351 kB → 138 kB per op | 40 → 1 |")
                .contains("></a>NPlusOne | medium, relation=bookAuthor | `badLazyLoop` → `goodEagerLoading` | 10.7 → 1.41 ms | no clear difference "
                        + "(7.55x, interval 0.156–366 spans 1x), unsteady: bad's iterations span 2.64x, good's iterations span 3.15x; "
                        + "allocated 723 kB → 174 kB per op | 101 → 1 |")
                .contains("![JoinFetch (medium): time per operation (µs/op) per variant, log scale, lower is better](charts/JoinFetch-dataset-medium.svg)")
                .contains("(charts/NPlusOne-dataset-medium-relation-bookAuthor.svg)")
                .contains("(charts/summary.svg)")
                .contains("delta method");
        for (String chart : List.of("JoinFetch-dataset-medium", "NPlusOne-dataset-small-relation-authorBooks", "summary")) {
            String svg = Files.readString(out.resolve("charts/" + chart + ".svg"));
            assertThat(svg).startsWith("<?xml").contains("<svg").endsWith("</svg>\n");
            assertThat(Files.size(out.resolve("charts/" + chart + ".png"))).isGreaterThan(1000);
        }
        // Small before medium before large, whatever the alphabet says.
        assertThat(md.indexOf("dataset=small, pageSize=100, relation=authorBooks")).isLessThan(md.indexOf("dataset=medium, pageSize=100, relation=authorBooks"));
    }

    /** Each summary row has an anchor and a line to paste into a review: the claim, the ratio, statements, where from. */
    @Test
    void everySummaryRowHasAnAnchorAndACitationThatLinksIt(@TempDir Path out) throws Exception {
        assertThat(report("jmh-result.json", out).exitCode()).isZero();
        String md = Files.readString(out.resolve("REPORT.md"));
        String anchor = "joinfetch-authorprefix-adams-dataset-medium-pagesize-100-avgt";
        assertThat(md).contains("### Citing a row").contains("- JoinFetch (medium): `goodJoinFetch` instead of `badJoinThenLazy`, "
                + "3.69x faster (1.45–9.41); allocated 351 kB → 138 kB per op; statements/op 40 → 1. ormbench 0daa5381c2f0, "
                + "2025-11-24, Intel(R) Xeon(R) Processor @ 2.90GHz, 2 cores, PostgreSQL 18.3, Hibernate unknown, rtt=0. "
                + "[REPORT.md#" + anchor + "](#" + anchor + ")\n");
        // One citation per summary row, each linking an anchor that is in the table.
        List<String> rows = md.lines().filter(l -> l.startsWith("| <a id=")).toList();
        List<String> citations = md.lines().filter(l -> l.startsWith("- ") && l.contains("](#")).toList();
        assertThat(citations).hasSameSizeAs(rows).isNotEmpty();
        for (String c : citations) {
            String a = c.substring(c.lastIndexOf("](#") + 3, c.length() - 1);
            assertThat(rows).anyMatch(r -> r.startsWith("| <a id=\"" + a + "\"></a>"));
        }
        // The files of the run beside the report are linked from its first lines; the JSON written elsewhere is named only.
        assertThat(md).contains("[`results.csv`](results.csv)").startsWith("# ormbench report\n\nFrom `jmh-result.json` (JMH's own JSON");
    }

    /** The same pattern and params give the same anchor whatever else the run measured (here: a run of one size only). */
    @Test
    void anAnchorIsTheSameInEveryRunWithTheSameParams() throws Exception {
        List<Pattern> all = Patterns.of(JmhResults.read(fixture("jmh-result.json")));
        Pattern joinFetch = all.stream().filter(p -> p.name().equals("JoinFetch")).findFirst().orElseThrow();
        List<JmhResults.Result> mediumOnly = JmhResults.read(fixture("jmh-result.json")).stream()
                .filter(r -> "medium".equals(r.params().get("dataset"))).toList();
        Pattern alone = Patterns.of(mediumOnly).stream().filter(p -> p.name().equals("JoinFetch")).findFirst().orElseThrow();
        Summary.Headline inAll = Summary.of(List.of(joinFetch)).getFirst(), inAlone = Summary.of(List.of(alone)).getFirst();
        assertThat(Citations.anchor(inAll)).isEqualTo(Citations.anchor(inAlone))
                .isEqualTo("joinfetch-authorprefix-adams-dataset-medium-pagesize-100-avgt");
    }

    @Test
    void theVerdictFollowsTheNumbers(@TempDir Path out) throws Exception {
        assertThat(report("two-iterations.json", out).exitCode()).isZero();
        String md = md(out);
        // Two iterations: JMH's "NaN" error, no interval, still a table; the "·statements" name of JMH < 1.37 is read.
        assertThat(md)
                .contains("| `goodJoin` | 10.1 ± n/a | 10.0x (n/a) | 1 |")
                .contains("| Demo | small | `badLoop` → `goodJoin` | 101 → 10.1 µs | not enough iterations to judge (10.0x, no interval) | 101 → 1 |");
        assertThat(md.lines().filter(l -> l.startsWith("| Demo |"))).noneMatch(l -> l.contains("faster"));
    }

    @Test
    void sampleTimeResultsHavePercentilesAndIterationMeans(@TempDir Path out) throws Exception {
        assertThat(report("sample-mode.json", out).exitCode()).isZero();
        // Iteration means from the histograms: bad 20, 22, 24 and good 5, 5.5, 6; scores 22.22 and 5.5; df 4.
        assertThat(md(out))
                .contains("| variant | time (µs/op) | vs bad (×) | p50 (µs) | p99 (µs) |")
                .contains("| `goodPooled` | 5.50 ± 0.500 | 4.04x (2.13–7.66) | 5.50 | 6.00 |")
                .contains("| 4.04x faster (2.13–7.66); p50 22.0 → 5.50 µs, p99 30.0 → 6.00 µs |");
    }

    @Test
    void aRunWithABadVariantButNoGoodOneIsAMarkedGap(@TempDir Path out) throws Exception {
        Outcome o = report("bad-only.json", out);
        assertThat(o.exitCode()).isZero();
        String noHeadline = "no single headline: 1 bad… variant (badLoop) and no good… variant in this run "
                + "(a headline compares exactly one bad… with exactly one good…)";
        assertThat(o.stderr()).containsExactly("report: warning: Demo: " + noHeadline);
        assertThat(md(out))
                .contains("> ⚠ " + noHeadline)
                .contains("| Demo | medium | — | — | " + noHeadline + " | — |")
                .contains("| `badLoop` | 100 ± 18.2 | — | 101 |");
    }

    @Test
    void mixedModesAreAMarkedGap(@TempDir Path out) throws Exception {
        Outcome o = report("mixed-modes.json", out);
        assertThat(o.exitCode()).isZero();
        assertThat(o.stderr()).contains("report: warning: Demo: variants measured in different modes (badLoop: avgt; goodJoin: thrpt): "
                + "no speedup across modes");
        assertThat(md(out))
                .contains("| Demo | small, mode avgt | `badLoop` → `goodJoin` | — | n/a: no goodJoin | 101 → n/a |")
                .contains("**Demo** · dataset=small · mode avgt (lower is better)")
                .contains("**Demo** · dataset=small · mode thrpt (higher is better)")
                .contains("| `goodJoin` | 0.100 ± 0.0182 | n/a: no badLoop | 1 |");
    }

    @Test
    void mixedUnitsAreAMarkedGap(@TempDir Path out) throws Exception {
        Outcome o = report("mixed-units.json", out);
        assertThat(o.exitCode()).isZero();
        assertThat(o.stderr()).contains("report: warning: Demo (small): no chart, the variants' units differ (us/op, ms/op)");
        assertThat(md(out))
                .contains("| `goodJoin` | 10.0 ± 1.82 | n/a: units differ (us/op, ms/op) | 1 |"); // one unit (µs) in the table
    }

    @Test
    void everyShapeOfValidJmhJsonMakesAReportAndNoStackTrace(@TempDir Path out) throws Exception {
        // odd-shapes.json: a suite whose only param is not dataset, with an empty value; one iteration (no interval);
        // avgt, sample and thrpt mixed in one class; a class without params with one variant; a class with two bad… and
        // a floor but no good… (another suite's package names, all one fork).
        Outcome o = report("odd-shapes.json", out);
        assertThat(o.exitCode()).isZero();
        assertThat(String.join("\n", o.stderr())).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("unexpected");
        String md = md(out);
        assertThat(md)
                .contains("| FooBench | size=, mode avgt | `badFoo` → `goodFoo` | 5.00 → 4.00 µs | not enough iterations to judge (1.25x, no interval) | — |")
                .contains("| NoParams | — | — | — | no single headline: 1 bad… variant (badOnly) and no good… variant")
                .contains("| TwoBad | — | — | — | no single headline: 2 bad… variants (badA, badB) and no good… variant")
                .contains("| `floorC` | 1.00 ± 0.0500 |")
                .contains("| `goodFoo` | 4.00 ± 0.200 | n/a: no badFoo |");
        // Every chart the report wrote is linked from it.
        try (var charts = Files.list(out.resolve("charts"))) {
            for (Path c : charts.toList()) {
                String name = c.getFileName().toString();
                assertThat(md).contains("(charts/" + name.substring(0, name.lastIndexOf('.')) + ".svg)");
            }
        }
    }

    @Test
    void withoutAnEnvironmentFileTheHeaderSaysUnknown(@TempDir Path dir) throws Exception {
        Files.copy(fixture("jmh-result.json"), dir.resolve("jmh-result.json"));
        Outcome o = run(dir.toString()); // a run's folder: its jmh-result.json, and the report beside it
        assertThat(o.exitCode()).isZero();
        assertThat(o.stderr()).singleElement().asString().contains("environment.json: the environment is shown as unknown");
        assertThat(md(dir))
                .contains("> ⚠ no environment.json beside the JSON")
                .contains("| PostgreSQL | unknown |");
    }

    @Test
    void aRunThatStartedOnAnUnsteadyCpuSaysSoAboveItsEnvironment(@TempDir Path dir) throws Exception {
        Files.copy(fixture("jmh-result.json"), dir.resolve("jmh-result.json"));
        String quiet = "80 slices of one fixed loop over 3.3 s: 10th percentile 40.1 ms, median 40.4, 90th 40.7 (1.02x)";
        Files.writeString(dir.resolve("environment.json"), "{\"cpuSteadiness\": \"" + quiet + "\"}");
        assertThat(run(dir.toString()).exitCode()).isZero();
        assertThat(md(dir)).contains("| CPU steadiness at the start").contains("(1.02x) |")
                .doesNotContain("The CPU ran in phases");

        String parts = "main: " + quiet + " · rtt-a: 80 slices of one fixed loop over 3.6 s: 10th percentile 25.0 ms, median 47.9, 90th 48.8 (1.95x)";
        Files.writeString(dir.resolve("environment.json"), "{\"cpuSteadiness\": \"" + parts + "\"}");
        assertThat(run(dir.toString()).exitCode()).isZero();
        assertThat(md(dir)).contains("> ⚠ The CPU ran in phases when this run started: "
                + "a fixed loop took 1.95x longer in its slow slices than in its fast ones");
        assertThat(EnvironmentSection.slowestSliceRatio("no reading")).isNaN();
    }

    @Test
    void aRunWhoseCpusWereFreeToSleepSaysTheLoopbackRatiosDependOnIt(@TempDir Path dir) throws Exception {
        Files.copy(fixture("jmh-result.json"), dir.resolve("jmh-result.json"));
        Files.writeString(dir.resolve("environment.json"),
                "{\"cpuIdle\": \"held at polling for the run; cpuidle driver haltpoll\"}");
        assertThat(run(dir.toString()).exitCode()).isZero();
        assertThat(md(dir)).contains("| CPU idle states during the run | held at polling for the run; cpuidle driver haltpoll |")
                .doesNotContain("free to sleep");

        Files.writeString(dir.resolve("environment.json"), "{\"cpuIdle\": \"left to the OS (ORMBENCH_CPU_IDLE=leave)\"}");
        assertThat(run(dir.toString()).exitCode()).isZero();
        assertThat(md(dir)).contains("> ⚠ The CPUs were free to sleep between round trips (CPU idle states left to the OS");

        // Recorded as held on a kernel with no cpuidle driver: nothing read the request, and the report says so.
        Files.writeString(dir.resolve("environment.json"),
                "{\"cpuIdle\": \"held at polling for the run (a wake-up latency of 0 µs asked on /dev/cpu_dma_latency); cpuidle driver none\"}");
        assertThat(run(dir.toString()).exitCode()).isZero();
        assertThat(md(dir)).contains("> ⚠ The CPUs were free to sleep between round trips (no cpuidle driver reads a request");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "missing.json;                  : no such file",
            "truncated.json;                is not valid JSON at line 6, column 1: Unexpected end-of-input",
            "not-jmh.json;                  is not a JMH result file: expected a JSON array of benchmark results",
            "empty.json;                    holds no benchmark results",
            "other-suite.json;              holds no ormbench results: none of its 1 benchmark methods is named bad…, good…, alt…, pitfall… or floor…",
    })
    void badInputIsOneLineAndExitCodeTwo(String file, String message, @TempDir Path out) throws Exception {
        Path input = file.equals("missing.json") ? out.resolve("missing.json") : fixture(file);
        Outcome o = run(input.toString(), "--out", out.toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.stderr()).singleElement().asString().startsWith("report: ").contains(message.strip()).contains(file)
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out.resolve("REPORT.md")).doesNotExist();
    }

    @Test
    void aBaselineThatIsNotJsonIsOneLineToo(@TempDir Path out) {
        Outcome o = report("jmh-result.json", out, "--baseline", fixture("truncated.json").toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.stderr()).singleElement().asString().contains("truncated.json is not valid JSON");
    }

    @Test
    void twoResultsForTheSameBenchmarkAndParamsAreRefused(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ArrayNode results = (ArrayNode) json.readTree(fixture("jmh-result.json").toFile());
        results.add(results.get(0).deepCopy());
        Path twice = dir.resolve("twice.json");
        json.writeValue(twice.toFile(), results);
        Outcome o = run(twice.toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.stderr()).singleElement().asString()
                .contains("two results for dev.ormbench.patterns.JoinFetchBenchmark.badJoinThenLazy avgt");
    }

    @Test
    void theCommandLineExplainsItself() {
        Outcome help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("usage:").contains("--baseline OLD.json");
        for (String[] args : List.of(new String[]{}, new String[]{"--frobnicate"}, new String[]{"a.json", "--out"},
                new String[]{"a.json", "b.json"})) {
            Outcome o = run(args);
            assertThat(o.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(o.stderr()).singleElement().asString().startsWith("report: ").contains("--help");
        }
    }
}
