package dev.ormbench.report;

import dev.ormbench.report.JmhResults.Result;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Offset.offset;

/** The arithmetic of the report, against numbers worked out by hand and against JMH's own. */
class StatsTest {

    /**
     * Hand-checked: A = 9, 10, 11 (mean 10, s = 1) and B = 0.9, 1.0, 1.1 (mean 1, s = 0.1). Both relative standard
     * errors are 1/(10√3) = 0.057735, so Var(ln A/B) = 2/300 and Welch's degrees of freedom are exactly 4; Student's
     * t(0.9995, 4) = 8.6103 (table value 8.610). Half-width 8.6103 × 0.081650 = 0.70303; bounds
     * 10·e^−0.70303 = 4.9508 and 10·e^0.70303 = 20.199.
     */
    @Test
    void theSpeedupIntervalMatchesAHandCheckedExample() {
        assertThat(Stats.t(4)).isCloseTo(8.6103, within(1e-4));
        Stats.Estimate e = Stats.ratio(10, new double[]{9, 10, 11}, 1, new double[]{0.9, 1.0, 1.1});
        assertThat(e.value()).isEqualTo(10.0);
        assertThat(e.low()).isCloseTo(4.9508, within(1e-4));
        assertThat(e.high()).isCloseTo(20.199, within(1e-3));
        assertThat(Fmt.ratio(e)).isEqualTo("10.0x (4.95–20.2)");
        assertThat(e.side()).isEqualTo(1);
    }

    @Test
    void aMeansIntervalIsJmhsScoreError() {
        // JMH's scoreError of every primary metric in the fixture, recomputed from its rawData.
        List<Result> results = JmhResults.read(ReportTest.fixture("jmh-result.json"));
        for (Result r : results) {
            Stats.Estimate m = Stats.mean(r.primary().iterations());
            assertThat(m.value()).isCloseTo(r.primary().score(), offset(1e-9 * r.primary().score()));
            assertThat(m.high() - m.value()).as(r.key()).isCloseTo(r.primary().error(), offset(1e-9 * r.primary().error()));
        }
    }

    @Test
    void fewerThanThreeIterationsGiveNoInterval() {
        assertThat(Stats.mean(new double[]{1, 2}).hasInterval()).isFalse();
        Stats.Estimate e = Stats.ratio(101, new double[]{100, 102}, 10.1, new double[]{10, 10.2});
        assertThat(e.value()).isCloseTo(10.0, within(1e-12));
        assertThat(e.hasInterval()).isFalse();
        assertThat(Fmt.ratio(e)).isEqualTo("10.0x (n/a)");
    }

    @Test
    void identicalIterationsGiveAPointInterval() {
        Stats.Estimate e = Stats.ratio(4, new double[]{4, 4, 4}, 2, new double[]{2, 2, 2});
        assertThat(e).isEqualTo(new Stats.Estimate(2, 2, 2));
    }

    @Test
    void intervalsOverlapOrNot() {
        Stats.Estimate a = new Stats.Estimate(10, 8, 12), b = new Stats.Estimate(13, 11, 15), c = new Stats.Estimate(20, 16, 24);
        assertThat(Stats.overlap(a, b)).isTrue();
        assertThat(Stats.overlap(a, c)).isFalse();
        assertThat(Stats.overlap(a, new Stats.Estimate(20, Double.NaN, Double.NaN))).isTrue();
    }

    @Test
    void aSpeedupIsAlwaysHowManyTimesBetterTheGoodVariantIs() {
        // Time per operation: bad's over good's. Throughput: good's over bad's. Both 5x here.
        for (String mode : List.of("avgt", "thrpt")) {
            boolean thrpt = mode.equals("thrpt");
            Result bad = result("badLoop", mode, thrpt ? new double[]{1.9, 2.0, 2.1} : new double[]{49, 50, 51});
            Result good = result("goodJoin", mode, thrpt ? new double[]{9.5, 10, 10.5} : new double[]{9.8, 10, 10.2});
            Patterns.Pattern p = Patterns.of(List.of(bad, good)).getFirst();
            Patterns.Speedup s = Patterns.speedup(p.rows().getFirst(), p.headline());
            assertThat(s.estimate().value()).as(mode).isCloseTo(5.0, within(1e-12));
            assertThat(s.estimate().side()).as(mode).isEqualTo(1);
        }
    }

    private static Result result(String method, String mode, double[] iterations) {
        double mean = Stats.mean(iterations).value();
        JmhResults.Metric primary = new JmhResults.Metric(mean, Double.NaN, mode.equals("thrpt") ? "ops/us" : "us/op",
                iterations, Map.of());
        return new Result("dev.ormbench.patterns.DemoBenchmark." + method, mode, Map.of("dataset", "small"), primary, Map.of(),
                new JmhResults.Settings("1.37", 1, 1, 1, "1 s", 3, "1 s", List.of(), "25", "vm", "25"));
    }

    @Test
    void numbersHaveThreeSignificantDigits() {
        assertThat(Fmt.sig3(38.2413)).isEqualTo("38.2");
        assertThat(Fmt.sig3(1458.17)).isEqualTo("1,460");
        assertThat(Fmt.sig3(182364.37)).isEqualTo("182,000");
        assertThat(Fmt.sig3(1.0)).isEqualTo("1.00");
        assertThat(Fmt.sig3(0.012044)).isEqualTo("0.0120");
        assertThat(Fmt.sig3(999.6)).isEqualTo("1,000");
        assertThat(Fmt.sig3(Double.NaN)).isEqualTo("n/a");
        assertThat(Fmt.count(101.0)).isEqualTo("101");
        assertThat(Fmt.count(1.6666666)).isEqualTo("1.67");
        assertThat(Fmt.bytes(113605.3)).isEqualTo("114 kB");
        assertThat(Fmt.bytes(9462668.5)).isEqualTo("9.46 MB");
        assertThat(Fmt.bytes(512)).isEqualTo("512 B");
        assertThat(Fmt.ratio(new Stats.Estimate(38.2, 35.1, 41.6))).isEqualTo("38.2x (35.1–41.6)");
        assertThat(Fmt.plain(80.0)).isEqualTo("80");
        assertThat(Fmt.plain(1458.171821584847)).isEqualTo("1458.171821584847");
        assertThat(Fmt.plain(Double.NaN)).isEmpty();
    }
}
