package dev.ormbench.report;

import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.Stats.Estimate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The headline in turns on synthetic timings with a known answer: phases that fall on both variants leave the ratio
 * where it is, a real difference moves it, what varies between forks and trials is inside the interval, and two
 * trials that disagree are marked.
 */
class PairedTest {

    /** {@code forks} forks of {@code rounds} rounds each, bad = ratio × good, both × the round's phase, × 1 ± noise. */
    private static List<double[][]> forks(double ratio, int forks, int rounds, double noise, double[] phases, long seed) {
        Random random = new Random(seed);
        List<double[][]> out = new ArrayList<>();
        for (int f = 0; f < forks; f++) {
            double[][] fork = new double[rounds][];
            for (int r = 0; r < rounds; r++) {
                double phase = phases[random.nextInt(phases.length)];
                double good = 100 * phase * (1 + noise * random.nextGaussian());
                double bad = 100 * ratio * phase * (1 + noise * random.nextGaussian());
                fork[r] = new double[] {bad, good};
            }
            out.add(fork);
        }
        return out;
    }

    @Test
    void phasesThatFallOnBothVariantsDoNotMoveTheRatio() {
        Estimate quiet = Stats.turns(List.of(forks(10, 2, 8, 0.02, new double[] {1}, 1)));
        Estimate phased = Stats.turns(List.of(forks(10, 2, 8, 0.02, new double[] {1, 1.5, 4}, 1)));
        assertThat(quiet.value()).isCloseTo(10, within(0.2));
        assertThat(phased.value()).isCloseTo(10, within(0.3));
        assertThat(phased.low()).isGreaterThan(9.3);
        assertThat(phased.high()).isLessThan(10.7);
        // The same iterations compared as two separate samples (JMH's pooled interval) cannot tell the phases from
        // the variants: its interval is many times wider.
        List<double[][]> same = forks(10, 2, 8, 0.02, new double[] {1, 1.5, 4}, 1);
        double[] bad = same.stream().flatMap(f -> java.util.Arrays.stream(f)).mapToDouble(r -> r[0]).toArray();
        double[] good = same.stream().flatMap(f -> java.util.Arrays.stream(f)).mapToDouble(r -> r[1]).toArray();
        Estimate pooled = Stats.ratio(Stats.mean(bad).value(), bad, Stats.mean(good).value(), good);
        assertThat(pooled.high() - pooled.low()).isGreaterThan(3 * (phased.high() - phased.low()));
    }

    @Test
    void aRealDifferenceMovesTheRatioBeyondTheInterval() {
        Estimate ten = Stats.turns(List.of(forks(10, 2, 8, 0.02, new double[] {1, 3}, 2)));
        Estimate eleven = Stats.turns(List.of(forks(11, 2, 8, 0.02, new double[] {1, 3}, 3)));
        assertThat(Stats.overlap(ten, eleven)).isFalse();
        assertThat(eleven.value() / ten.value()).isCloseTo(1.1, within(0.03));
    }

    @Test
    void whatVariesBetweenForksAndTrialsIsInsideTheInterval() {
        // Two forks whose ratios differ (10 and 12): each fork's own rounds are tight, the interval spans both.
        List<double[][]> two = new ArrayList<>(forks(10, 1, 8, 0.01, new double[] {1}, 4));
        two.addAll(forks(12, 1, 8, 0.01, new double[] {1}, 5));
        Estimate e = Stats.turns(List.of(two));
        assertThat(e.low()).isLessThan(10.2);
        assertThat(e.high()).isGreaterThan(11.8);
        // Two trials likewise: the combined interval covers both trials' ratios.
        Estimate trials = Stats.turns(List.of(forks(10, 2, 8, 0.01, new double[] {1}, 6), forks(12, 2, 8, 0.01, new double[] {1}, 7)));
        assertThat(trials.low()).isLessThan(10.2);
        assertThat(trials.high()).isGreaterThan(11.8);
        // The same data give the same interval: the resampling has a fixed seed.
        assertThat(Stats.turns(List.of(two))).isEqualTo(e);
    }

    @Test
    void tooFewRoundsGiveNoInterval() {
        assertThat(Stats.turns(List.of(forks(10, 1, 2, 0.01, new double[] {1}, 8))).hasInterval()).isFalse();
    }

    /** A paired result as JMH writes it: per fork, iterations in time order with the badTurn mark beside each. */
    private static Result paired(double ratio, long seed, boolean[]... badTurnsPerFork) {
        Random random = new Random(seed);
        List<Double> times = new ArrayList<>(), marks = new ArrayList<>();
        int[] sizes = new int[badTurnsPerFork.length];
        for (int f = 0; f < badTurnsPerFork.length; f++) {
            sizes[f] = badTurnsPerFork[f].length;
            for (boolean bad : badTurnsPerFork[f]) {
                times.add((bad ? 100 * ratio : 100) * (1 + 0.01 * random.nextGaussian()));
                marks.add(bad ? 0.0625 : 0);
            }
        }
        double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
        double[] m = marks.stream().mapToDouble(Double::doubleValue).toArray();
        JmhResults.Metric primary = new JmhResults.Metric(Stats.mean(t).value(), Double.NaN, "us/op", t, Map.of(), sizes);
        JmhResults.Metric mark = new JmhResults.Metric(0.5, Double.NaN, "#", m, Map.of(), sizes);
        return new Result("dev.ormbench.patterns.DemoBenchmark.pairedHeadline", "avgt", Map.of("dataset", "large"), primary,
                Map.of(Paired.MARK, mark), null);
    }

    private static final boolean B = true, G = false;

    @Test
    void roundsAreTheMeasuredIterationsTwoByTwoSplitByTheMark() {
        Result r = paired(10, 9, new boolean[] {B, G, G, B, B, G, G}, new boolean[] {G, B, B, G});
        List<double[][]> rounds = Paired.rounds(r);
        assertThat(rounds).hasSize(2);
        assertThat(rounds.get(0)).hasNumberOfRows(3); // the odd last iteration is left out
        assertThat(rounds.get(1)).hasNumberOfRows(2);
        for (double[][] fork : rounds) for (double[] round : fork) assertThat(round[0] / round[1]).isCloseTo(10, within(0.5));
    }

    @Test
    void twoTrialsThatDisagreeAreMarkedAndTheSummarySaysSo() {
        boolean[] fork = {B, G, G, B, B, G, G, B, B, G, G, B, G, B, B, G};
        Paired.Headline agree = Paired.headline(List.of(paired(10, 10, fork, fork), paired(10, 11, fork, fork)));
        assertThat(agree.reproduced()).isTrue();
        assertThat(agree.trials()).hasSize(2);
        assertThat(agree.rounds()).isEqualTo(32);
        assertThat(Summary.inTurns(agree)).isEqualTo(" in turns, 2 trials");

        Paired.Headline disagree = Paired.headline(List.of(paired(18.7, 12, fork, fork), paired(4.24, 13, fork, fork)));
        assertThat(disagree.reproduced()).isFalse();
        assertThat(Summary.inTurns(disagree)).startsWith(" in turns, 2 trials, did not reproduce: trials 18.7x (")
                .contains("), 4.24x (");
        // The combined interval covers both trials.
        assertThat(disagree.ratio().low()).isLessThan(4.3);
        assertThat(disagree.ratio().high()).isGreaterThan(18.5);
    }

    private static Result variant(String method, double micros) {
        double[] it = {micros * 0.99, micros, micros * 1.01, micros};
        return new Result("dev.ormbench.patterns.DemoBenchmark." + method, "avgt", Map.of("dataset", "large"),
                new JmhResults.Metric(micros, Double.NaN, "us/op", it, Map.of(), new int[] {4}), Map.of(), null);
    }

    @Test
    void theSummaryCitesThePairInTurnsAndItsSectionSetsItBesideThePairMeasuredApart() {
        boolean[] fork = {B, G, G, B, B, G, G, B, B, G, G, B, G, B, B, G};
        // Measured apart, bad and good fell in different phases (2000 / 100 = 20x); in turns the pair says 10x.
        List<Result> run = List.of(variant("badLoop", 2000), variant("goodFix", 100),
                paired(10, 20, fork, fork), paired(10, 21, fork, fork));
        Patterns.Pattern p = Patterns.of(run).getFirst();
        assertThat(p.variants()).containsExactly("badLoop", "goodFix"); // the pair is no variant and no row
        Summary.Headline h = Summary.of(List.of(p)).getFirst();
        assertThat(h.speedup().estimate().value()).isCloseTo(10, within(0.2));
        assertThat(h.words()).startsWith("10.0x faster (").contains(") in turns, 2 trials");
        String section = TurnsSection.of(List.of(p));
        assertThat(section).contains("## Headlines in turns", "| trial 1 | trial 2 |", "| yes |");
        // Measured apart the same pair says 20x, with an interval that does not reach 10x: the section says so.
        assertThat(section).contains("| 20.0x (", ", **disagrees** |");

        List<Result> disagreeing = List.of(variant("badLoop", 2000), variant("goodFix", 100),
                paired(18.7, 22, fork, fork), paired(4.24, 23, fork, fork));
        Patterns.Pattern q = Patterns.of(disagreeing).getFirst();
        assertThat(Summary.of(List.of(q)).getFirst().words()).contains("did not reproduce");
        assertThat(TurnsSection.of(List.of(q))).contains("**did not reproduce**");
    }

    @Test
    void aRunOfThePairsAloneStillHasItsHeadlinesInTurns() {
        boolean[] fork = {B, G, G, B, B, G, G, B, B, G, G, B};
        // Two trials of the pair, no variant: no "two results for …" error, one row, the headline in turns.
        Patterns.Pattern p = Patterns.of(List.of(paired(10, 30, fork, fork), paired(10, 31, fork, fork))).getFirst();
        assertThat(p.variants()).isEmpty();
        assertThat(p.rows()).hasSize(1);
        Summary.Headline h = Summary.of(List.of(p)).getFirst();
        assertThat(h.words()).startsWith("10.0x faster (").endsWith(") in turns, 2 trials");
        assertThat(SummarySection.table(List.of(h))).contains("| `bad…` → `good…` | — |");
        assertThat(PatternSection.of(p, List.of())).contains("Only the headline pair in turns was run");
    }
}
