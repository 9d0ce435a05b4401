package dev.ormbench.report;

import dev.ormbench.report.JmhResults.Role;
import dev.ormbench.report.Patterns.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The headline (roles by name, verdicts only from intervals, what the pattern is for), the wire split and the
 * round-trip model, on small synthetic JSON files (written for these tests, see the resources).
 */
class HeadlineTest {

    private static Pattern pattern(String fixture) {
        return Patterns.of(JmhResults.read(ReportTest.fixture(fixture))).getFirst();
    }

    @Test
    void rolesComeFromThePrefixOfTheMethodName() {
        assertThat(Role.of("badLazyLoop")).isEqualTo(Role.BAD);
        assertThat(Role.of("goodJoinFetch")).isEqualTo(Role.GOOD);
        assertThat(Role.of("altEntityGraph")).isEqualTo(Role.ALT);
        assertThat(Role.of("pitfallUndersizedPool")).isEqualTo(Role.PITFALL);
        assertThat(Role.of("floorJdbc")).isEqualTo(Role.FLOOR);
        assertThat(Role.of("goodness")).isEqualTo(Role.OTHER); // a word, not a prefix
        assertThat(Role.of("alternate")).isEqualTo(Role.OTHER);
    }

    @Test
    void theHeadlineIsTheOneBadAgainstTheOneGoodWhateverTheNumbersSay() {
        // altEntityGraph and floorJdbc: rows in the table, never the headline, even where floor is the fastest.
        Pattern p = pattern("wire.json");
        assertThat(p.headline()).isEqualTo(new Patterns.Pair("badLazyLoop", "goodJoinFetch"));
        assertThat(p.variants()).containsExactly("badLazyLoop", "goodJoinFetch", "altEntityGraph", "floorJdbc");
        // Each summary row's speedup is bad over good, not over the faster floor or alt.
        assertThat(Summary.of(List.of(p))).isNotEmpty().allSatisfy(h -> assertThat(h.speedup().estimate().value())
                .isCloseTo(h.row().cells().get("badLazyLoop").primary().score()
                        / h.row().cells().get("goodJoinFetch").primary().score(), within(1e-9)));
        // A pitfall is a mistake shown for contrast: listed after bad, never the headline.
        Pattern c = pattern("correctness.json");
        assertThat(c.headline()).isEqualTo(new Patterns.Pair("badLoop", "goodLock"));
        assertThat(c.variants()).containsExactly("badLoop", "pitfallNoRetry", "goodLock");
    }

    @Test
    void severalGoodVariantsMeanNoHeadlineSaidPlainly(@TempDir Path out) throws Exception {
        Pattern p = pattern("two-goods.json");
        assertThat(p.headline()).isNull();
        assertThat(p.noHeadline()).isEqualTo("no single headline: 1 bad… variant (badLoop) and 2 good… variants (goodBatch, goodJoin) "
                + "in this run (a headline compares exactly one bad… with exactly one good…)");
        ReportTest.Outcome o = ReportTest.report("two-goods.json", out);
        assertThat(o.exitCode()).isZero();
        String md = ReportTest.md(out);
        assertThat(md).contains("| Demo | small | — | — | no single headline: 1 bad… variant (badLoop) and 2 good… variants")
                .contains("| `goodJoin` | 10.0 ± 0.500 | 10.0x (8.69–11.5) | 1 |"); // the table still compares each with bad
        assertThat(out.resolve("charts/summary.svg")).doesNotExist(); // no headline, nothing to plot
    }

    @Test
    void theVerdictComesOnlyFromTheInterval() {
        assertThat(Summary.verdict(new Stats.Estimate(3.84, 3.64, 4.05))).isEqualTo("3.84x faster (3.64–4.05)");
        assertThat(Summary.verdict(new Stats.Estimate(0.809, 0.685, 0.955))).isEqualTo("1.24x slower (1.05–1.46)");
        assertThat(Summary.verdict(new Stats.Estimate(1.14, 0.95, 1.37)))
                .isEqualTo("no clear difference (1.14x, interval 0.950–1.37 spans 1x)");
        assertThat(Summary.verdict(new Stats.Estimate(1.14, Double.NaN, Double.NaN)))
                .isEqualTo("not enough iterations to judge (1.14x, no interval)").doesNotContain("faster");
    }

    @Test
    void aCounterThatGoodDrivesToZeroIsTheHeadlineAndTheTimeItsCost(@TempDir Path out) throws Exception {
        assertThat(ReportTest.report("correctness.json", out).exitCode()).isZero();
        String md = ReportTest.md(out);
        assertThat(md).contains("| Demo | small | `badLoop` → `goodLock` | 1,000 → 1,240 µs | lost updates per iteration 1,750 → 0, "
                + "at a time cost of 1.24x slower (1.08–1.43) | 3 → 3 |");
        assertThat(md).contains("| variant | time (µs/op) | vs bad (×) | statements/op | lost updates/iteration | retries/op |");
    }

    @Test
    void theWireMetricsSplitTheTimeIntoServerWaitAndJvm(@TempDir Path out) throws Exception {
        ReportTest.Outcome o = ReportTest.report("wire.json", out);
        assertThat(o.exitCode()).isZero();
        assertThat(o.stderr()).isEmpty();
        String md = ReportTest.md(out);
        // bad: 8,000 µs of which 6,000 waiting for the server, so 2,000 in the JVM; bytes received where they differ 2x.
        assertThat(md)
                .contains("**Wire** · dataset=small, rtt=0 · mode avgt (lower is better) · ± is the 99.9 % interval")
                .contains("| variant | time (µs/op) | vs bad (×) | statements/op | server wait (µs/op) | JVM (µs/op) | received/op | alloc/op |")
                .contains("| `badLazyLoop` | 8,000 ± 400 | — | 101 | 6,000 | 2,000 | 600 kB | 700 kB |")
                .contains("| `floorJdbc` | 300 ± 15.0 | 26.7x (23.2–30.7) | 1 | 250 | 50.0 | 110 kB | 30.0 kB |")
                // the rtt=1ms table: ms/op in the JSON, one unit (ms) for the whole table
                .contains("| `goodJoinFetch` | 1.60 ± 0.0800 | 74.4x (64.7–85.7) | 1 | 1.45 | 0.150 | 120 kB | 170 kB |")
                .contains("16.0x faster (13.9–18.4); received 600 kB → 120 kB per op");
        for (String line : md.lines().filter(l -> l.startsWith("| variant")).toList()) {
            assertThat(line.split("(?<!\\\\)\\|").length - 1).as(line).isLessThanOrEqualTo(PatternSection.MAX_COLUMNS);
        }
        String svg = Files.readString(out.resolve("charts/Wire-dataset-small-rtt-0.svg"));
        assertThat(svg).startsWith("<?xml").contains("<svg").endsWith("</svg>\n");
        assertThat(md).contains("(charts/Wire-dataset-small-rtt-0.svg)").contains("split into server wait and JVM");
        // rtt has two values here: a line chart across it, linked from the pattern's section.
        assertThat(md).contains("![Wire across rtt (dataset=small): time per operation (ms/op) per variant, log scale]"
                + "(charts/Wire-across-rtt-dataset-small.svg)");
        assertThat(out.resolve("charts/Wire-across-rtt-dataset-small.png")).exists();
    }

    @Test
    void aLineChartRunsOnlyAlongAParamWithTwoOrMoreNumericValues() {
        // wire.json: dataset has one value (no chart along it), rtt two (0, 1ms): one axis.
        assertThat(pattern("wire.json").axes()).containsOnlyKeys("rtt");
        assertThat(pattern("wire.json").axes().get("rtt")).containsExactly("0", "1ms");
        // jmh-result.json: small and medium; relation (authorBooks, bookAuthor) is a category, not an axis.
        List<Pattern> ps = Patterns.of(JmhResults.read(ReportTest.fixture("jmh-result.json")));
        assertThat(ps).allSatisfy(p -> assertThat(p.axes()).containsOnlyKeys("dataset"));
    }

    @Test
    void aVerdictOnIterationsThatRanInPhasesIsFlaggedUnsteady() {
        JmhResults.Result steady = result("dev.x.PhaseBenchmark.badLoop", 100, 104, 98, 101, 103, 99);
        JmhResults.Result phases = result("dev.x.PhaseBenchmark.goodFix", 20, 21, 20, 45, 44, 46);
        assertThat(Summary.span(steady)).isCloseTo(104.0 / 98, within(1e-9));
        assertThat(Summary.span(phases)).isCloseTo(2.3, within(1e-9));
        assertThat(Summary.unsteady(steady, steady)).isEmpty();
        assertThat(Summary.unsteady(steady, phases)).isEqualTo(", unsteady: good's iterations span 2.30x");
        assertThat(Summary.unsteady(phases, phases))
                .isEqualTo(", unsteady: bad's iterations span 2.30x, good's iterations span 2.30x");
        assertThat(Summary.span(result("dev.x.PhaseBenchmark.goodFix", 20))).isNaN(); // one iteration: no span
    }

    private static JmhResults.Result result(String benchmark, double... iterations) {
        double mean = java.util.Arrays.stream(iterations).average().orElse(Double.NaN);
        return new JmhResults.Result(benchmark, "avgt", java.util.Map.of(),
                new JmhResults.Metric(mean, Double.NaN, "us/op", iterations, java.util.Map.of()), java.util.Map.of(), null);
    }

    @Test
    void aHeadlineAlongRttOrDatasetGetsOneColumnPerValueInOrder(@TempDir Path out) throws Exception {
        assertThat(ReportTest.report("wire.json", out).exitCode()).isZero();
        String md = ReportTest.md(out);
        var byRtt = Summary.along(List.of(pattern("wire.json")), "rtt");
        assertThat(byRtt.getKey()).containsExactly("0", "1ms");
        assertThat(byRtt.getValue()).singleElement().satisfies(a -> {
            assertThat(a.at()).isEqualTo("small");
            assertThat(a.byValue()).containsOnlyKeys("0", "1ms");
        });
        String rttZero = Summary.clause(byRtt.getValue().getFirst().byValue().get("0"));
        assertThat(rttZero).startsWith("16.0x faster (");
        assertThat(md).contains("## Headline by round-trip time")
                .contains("| pattern | params | bad → good | rtt=0 | rtt=1ms |")
                .contains("| Wire | small | `badLazyLoop` → `goodJoinFetch` | " + rttZero + " | ")
                .doesNotContain("## Headline by dataset size");
        // jmh-result.json: small and medium, so a section by dataset size, one line per relation of NPlusOne.
        List<Pattern> ps = Patterns.of(JmhResults.read(ReportTest.fixture("jmh-result.json")));
        var bySize = Summary.along(ps, "dataset");
        assertThat(bySize.getKey()).containsExactly("small", "medium");
        assertThat(bySize.getValue()).extracting(Summary.Along::at).contains("relation=authorBooks", "relation=bookAuthor");
        assertThat(Summary.along(ps, "rtt").getValue()).isEmpty();
        // rtt values by their number, not alphabetically
        assertThat(java.util.stream.Stream.of("1ms", "0.3ms", "0", "5ms").sorted(Patterns::compareNatural))
                .containsExactly("0", "0.3ms", "1ms", "5ms");
    }

    @Test
    void theRoundTripModelPredictsOneMillisecondAndSitsBesideTheMeasurement(@TempDir Path out) throws Exception {
        assertThat(ReportTest.report("wire.json", out).exitCode()).isZero();
        String md = ReportTest.md(out);
        // bad: 8,000 µs + 101 × 1,000 µs = 109 ms predicted; measured 8 + 101 × 1.1 = 119.1 ms: 1.09x the model.
        // good: 500 µs + 1 × 1,000 µs = 1.50 ms; measured 1.60 ms: 1.07x.
        assertThat(md).contains("## At 1 ms round-trip time: the round-trip model")
                .contains("A model, not a measurement")
                .contains("so its own overhead is left out")
                .contains("| Wire | small | 101 → 1 | 8,000 → 500 µs (16.0x) | 109 → 1.50 ms (72.7x) | 119 → 1.60 ms (74.4x) | 1.09, 1.07 |");
    }

    @Test
    void theModelChargesWhatTheShimWasMeasuredToAddPerRoundTrip(@TempDir Path out) throws Exception {
        Path env = out.resolve("env.json");
        Files.writeString(env, "{\"rtt1msAddedMicros\": \"1100.0\"}");
        assertThat(ReportTest.report("wire.json", out, "--env", env.toString()).exitCode()).isZero();
        String md = ReportTest.md(out);
        // bad: 8,000 µs + 101 × 1,100 µs = 119.1 ms, as measured; good: 500 + 1 × 1,100 = 1.60 ms, as measured.
        assertThat(md).contains("statements/op × 1.10 ms, what the latency shim added per round trip")
                .contains("| Wire | small | 101 → 1 | 8,000 → 500 µs (16.0x) | 119 → 1.60 ms (74.4x) | 119 → 1.60 ms (74.4x) | 1.00, 1.00 |");
        // A figure that cannot be a 1 ms round trip is not used.
        assertThat(Model.perRoundTrip(java.util.Map.of("rtt1msAddedMicros", "35.2"))).isEqualTo(1000);
        assertThat(Model.perRoundTrip(null)).isEqualTo(1000);
    }

    @Test
    void timesShareOneUnitWithAtMostFourDigits() {
        assertThat(Times.unitFor(9_999).getKey()).isEqualTo("µs");
        assertThat(Times.unitFor(10_000).getKey()).isEqualTo("ms");
        assertThat(Times.unitFor(48.5).getKey()).isEqualTo("µs");
        assertThat(Times.unitFor(4.34e9).getKey()).isEqualTo("s");
        assertThat(Times.rttMicros("0")).isZero();
        assertThat(Times.rttMicros("1ms")).isEqualTo(1000);
        assertThat(Times.rttMicros("0.3ms")).isCloseTo(300, within(1e-9));
        assertThat(Times.rttMicros("fast")).isNaN();
    }
}
