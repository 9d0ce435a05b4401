package dev.ormbench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The smoke checks: results complete, a report with a table and a headline per pattern, no chart left unlinked. */
class CheckTest {

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome check(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Check.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCompleteRunPassesAndAMissingBenchmarkOrCounterFails(@TempDir Path dir) throws Exception {
        Path expected = dir.resolve("expected.txt");
        Files.writeString(expected, "dev.ormbench.patterns.WireBenchmark.badLazyLoop\ndev.ormbench.patterns.WireBenchmark.goodJoinFetch\n");
        Outcome ok = check("results", ReportTest.fixture("wire.json").toString(), expected.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("results check passed: 2 benchmarks, 8 runs");

        Files.writeString(expected, "dev.ormbench.patterns.WireBenchmark.badLazyLoop\ndev.ormbench.patterns.WireBenchmark.goodMissing\n");
        Outcome missing = check("results", ReportTest.fixture("wire.json").toString(), expected.toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("goodMissing: missing from the JSON");

        Outcome noCounter = check("results", ReportTest.fixture("odd-shapes.json").toString(), expected.toString());
        assertThat(noCounter.code()).isEqualTo(1);
        assertThat(noCounter.err()).contains("FooBench.badFoo {size=}: no 'statements' counter")
                .contains("FooBench.badFoo {size=}: no 'waitMicros' counter");
    }

    @Test
    void everyPatternNeedsItsTableAndAHeadline(@TempDir Path dir) throws Exception {
        Path expected = dir.resolve("expected.txt");
        Files.writeString(expected, "dev.ormbench.patterns.WireBenchmark.badLazyLoop\ndev.ormbench.patterns.DemoBenchmark.badLoop\n");
        assertThat(ReportTest.report("wire.json", dir.resolve("wire")).exitCode()).isZero();
        Outcome wire = check("report", dir.resolve("wire/REPORT.md").toString(), expected.toString());
        assertThat(wire.code()).isEqualTo(1);
        assertThat(wire.err()).contains("Demo: no table in REPORT.md").contains("Demo: no headline in the summary").doesNotContain("Wire:");

        // A pattern with two good… variants has its table but no headline: the smoke check says so.
        assertThat(ReportTest.report("two-goods.json", dir.resolve("two")).exitCode()).isZero();
        Outcome two = check("report", dir.resolve("two/REPORT.md").toString(), expected.toString());
        assertThat(two.err()).contains("Demo: no headline in the summary").doesNotContain("Demo: no table");
    }

    @Test
    void aChartThatNoReportLinksIsFound(@TempDir Path results) throws Exception {
        assertThat(ReportTest.report("wire.json", results.resolve("latest")).exitCode()).isZero();
        Outcome clean = check("charts", results.toString());
        assertThat(clean.code()).isZero();
        assertThat(clean.out()).contains("8 chart files and 1 other file, each linked");

        Files.writeString(results.resolve("latest/charts/Pagination-sortKey-id.svg"), "<svg/>");
        Files.createDirectories(results.resolve("tmp/old/charts"));
        Files.writeString(results.resolve("tmp/old/charts/scratch.svg"), "<svg/>"); // results/tmp is a scratch area
        Outcome stale = check("charts", results.toString());
        assertThat(stale.code()).isEqualTo(1);
        assertThat(stale.err()).contains("Pagination-sortKey-id.svg: not linked from").doesNotContain("scratch");
    }

    /** A file beside a report (plans, environment, a stray file) that the report does not link is found too. */
    @Test
    void aFileBesideAReportThatItDoesNotLinkIsFound(@TempDir Path results) throws Exception {
        Path latest = results.resolve("latest");
        Files.createDirectories(latest);
        Files.copy(ReportTest.fixture("wire.json"), latest.resolve("jmh-result.json"));
        Files.writeString(latest.resolve("plans.txt"), "=== WireBenchmark.badLazyLoop\n");
        assertThat(ReportTest.run(latest.resolve("jmh-result.json").toString()).exitCode()).isZero();
        assertThat(Files.readString(latest.resolve("REPORT.md"))).contains("[`plans.txt`](plans.txt)");
        assertThat(check("charts", results.toString()).code()).isZero();

        Files.writeString(latest.resolve("notes.txt"), "typed by hand");
        Outcome stray = check("charts", results.toString());
        assertThat(stray.code()).isEqualTo(1);
        assertThat(stray.err()).contains("notes.txt: not linked from");
    }

    /** A summary row whose citation is gone (a report edited by hand, or of an older suite) fails the report check. */
    @Test
    void aSummaryRowWithoutItsCitationIsFound(@TempDir Path dir) throws Exception {
        Path expected = dir.resolve("expected.txt");
        Files.writeString(expected, "dev.ormbench.patterns.WireBenchmark.badLazyLoop\n");
        assertThat(ReportTest.report("wire.json", dir.resolve("wire")).exitCode()).isZero();
        Path report = dir.resolve("wire/REPORT.md");
        assertThat(check("report", report.toString(), expected.toString()).code()).isZero();
        String md = Files.readString(report);
        Files.writeString(report, md.lines().filter(l -> !(l.startsWith("- Wire") && l.contains("](#")))
                .collect(java.util.stream.Collectors.joining("\n")));
        Outcome cut = check("report", report.toString(), expected.toString());
        assertThat(cut.code()).isEqualTo(1);
        assertThat(cut.err()).contains("Wire: no citation links the row #wire-");
    }

    @Test
    void aReportReplacesItsChartsWhole(@TempDir Path results) throws Exception {
        Path out = results.resolve("run");
        Files.createDirectories(out.resolve("charts"));
        Files.writeString(out.resolve("charts/Pagination-sortKey-id.svg"), "<svg/>");
        Files.writeString(out.resolve("charts/notes.txt"), "kept: not a chart");
        assertThat(ReportTest.report("wire.json", out).exitCode()).isZero();
        assertThat(out.resolve("charts/Pagination-sortKey-id.svg")).doesNotExist();
        assertThat(out.resolve("charts/notes.txt")).exists();
        assertThat(check("charts", results.toString()).code()).isZero();
    }
}
