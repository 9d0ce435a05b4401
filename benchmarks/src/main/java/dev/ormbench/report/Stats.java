package dev.ormbench.report;

import org.apache.commons.math3.distribution.TDistribution;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * The arithmetic of the report, at JMH's own confidence level (99.9 %, Student's t), so that an interval here
 * reads like the {@code ± error} JMH prints.
 * <ul>
 *   <li>A mean's interval: mean ± t(n−1) · s/√n over the per-iteration values, exactly as JMH computes
 *       {@code scoreError}; none with fewer than three iterations (JMH's {@code "NaN"}).</li>
 *   <li>A ratio of two means A/B (a speedup, or new/old between two runs): by the delta method on the log scale,
 *       Var(ln A/B) ≈ (s_A/√n_A / Ā)² + (s_B/√n_B / B̄)², with Welch–Satterthwaite degrees of freedom; the
 *       interval A/B · exp(±t · √Var) stays positive and is symmetric in log space, as a ratio should be.</li>
 *   <li>A ratio measured in turns ({@link #turns}): bad and good took turns in the same forks, round by round; the
 *       ratio of their summed times, with a percentile interval from a hierarchical bootstrap that resamples the
 *       independent units — trials, then the forks of each, then the rounds of each fork, a round's bad and good
 *       kept together — so that what varies from fork to fork and from trial to trial is inside the interval.</li>
 * </ul>
 */
public final class Stats {

    public static final double CONFIDENCE = 0.999;

    private Stats() {
    }

    /** A value with its confidence interval; {@code low} and {@code high} are NaN when there is none. */
    public record Estimate(double value, double low, double high) {

        public boolean hasInterval() {
            return !Double.isNaN(low) && !Double.isNaN(high);
        }

        /** Both bounds above 1, both below 1, or neither (0). */
        public int side() {
            if (!hasInterval()) return 0;
            return low > 1 ? 1 : high < 1 ? -1 : 0;
        }
    }

    /** The mean of {@code xs} with JMH's interval (t with n−1 degrees of freedom). */
    public static Estimate mean(double[] xs) {
        int n = xs.length;
        double mean = mean0(xs);
        if (n < 3) return new Estimate(mean, Double.NaN, Double.NaN);
        double half = t(n - 1) * Math.sqrt(variance(xs) / n);
        return new Estimate(mean, mean - half, mean + half);
    }

    /**
     * The ratio {@code a / b} of two scores, with an interval from the per-iteration values behind each
     * ({@code aIterations}, {@code bIterations}); no interval when either has fewer than three iterations or a
     * mean that is not positive.
     */
    public static Estimate ratio(double a, double[] aIterations, double b, double[] bIterations) {
        double r = a / b;
        int na = aIterations.length, nb = bIterations.length;
        if (na < 3 || nb < 3 || !(a > 0) || !(b > 0)) return new Estimate(r, Double.NaN, Double.NaN);
        double ma = mean0(aIterations), mb = mean0(bIterations);
        if (!(ma > 0) || !(mb > 0)) return new Estimate(r, Double.NaN, Double.NaN);
        double va = variance(aIterations) / na / (ma * ma);
        double vb = variance(bIterations) / nb / (mb * mb);
        if (va + vb == 0) return new Estimate(r, r, r);
        double df = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1));
        double half = t(df) * Math.sqrt(va + vb);
        return new Estimate(r, r * Math.exp(-half), r * Math.exp(half));
    }

    /** Bootstrap resamples: 20,000 leave ten in each 0.05 % tail of a 99.9 % percentile interval. */
    static final int RESAMPLES = 20_000;

    /**
     * The ratio bad/good of a pair measured in turns. {@code trials} holds, per trial (a run of the pair started on
     * its own), its forks, and per fork its rounds, each round {@code {bad, good}}: the time of the bad turn and of
     * the good turn. The value is Σbad / Σgood over every round; the interval is the 0.05 % and 99.95 % quantiles of
     * that ratio over {@link #RESAMPLES} hierarchical resamples (trials with replacement, then forks within each drawn
     * trial, then rounds within each drawn fork), from a fixed seed, so the same input gives the same interval. No
     * interval with fewer than three rounds in all.
     */
    public static Estimate turns(List<List<double[][]>> trials) {
        return resampled(trials, sums -> sums[0] / sums[1]);
    }

    /**
     * {@link #turns}'s hierarchical bootstrap for any statistic of the column sums: each round is a row of numbers
     * (every round as long as the first), {@code statistic} turns the sums of each column over the drawn rounds into
     * the value (for {@link #turns}, bad over good). No interval with fewer than three rounds in all, or when the
     * statistic of the whole data is not a positive number.
     */
    static Estimate resampled(List<List<double[][]>> trials, ToDoubleFunction<double[]> statistic) {
        int width = -1, rounds = 0;
        for (List<double[][]> forks : trials) for (double[][] fork : forks) for (double[] round : fork) {
            if (width < 0) width = round.length;
            rounds++;
        }
        if (width < 0) return new Estimate(Double.NaN, Double.NaN, Double.NaN);
        double[] all = new double[width];
        for (List<double[][]> forks : trials) for (double[][] fork : forks) for (double[] round : fork) add(all, round);
        double r = statistic.applyAsDouble(all);
        if (rounds < 3 || !(r > 0) || Double.isInfinite(r)) return new Estimate(r, Double.NaN, Double.NaN);
        SplittableRandom random = new SplittableRandom(RESAMPLE_SEED);
        double[] values = new double[RESAMPLES];
        double[] sums = new double[width];
        for (int b = 0; b < RESAMPLES; b++) {
            Arrays.fill(sums, 0);
            for (int t = 0; t < trials.size(); t++) {
                List<double[][]> forks = trials.get(random.nextInt(trials.size()));
                for (int f = 0; f < forks.size(); f++) {
                    double[][] fork = forks.get(random.nextInt(forks.size()));
                    for (int i = 0; i < fork.length; i++) add(sums, fork[random.nextInt(fork.length)]);
                }
            }
            values[b] = statistic.applyAsDouble(sums);
        }
        Arrays.sort(values);
        double tail = (1 - CONFIDENCE) / 2;
        return new Estimate(r, quantile(values, tail), quantile(values, 1 - tail));
    }

    private static void add(double[] sums, double[] round) {
        for (int c = 0; c < sums.length; c++) sums[c] += round[c];
    }

    private static final long RESAMPLE_SEED = 20_170_422L;

    /** The {@code q} quantile of sorted {@code xs}, interpolated between neighbours. */
    static double quantile(double[] xs, double q) {
        double at = q * (xs.length - 1);
        int i = (int) Math.floor(at);
        if (i >= xs.length - 1) return xs[xs.length - 1];
        return xs[i] + (at - i) * (xs[i + 1] - xs[i]);
    }

    /** Do two intervals share a point? Intervals that are missing count as overlapping: nothing can be told. */
    public static boolean overlap(Estimate x, Estimate y) {
        if (!x.hasInterval() || !y.hasInterval()) return true;
        return x.low() <= y.high() && y.low() <= x.high();
    }

    /** The two-sided Student's t quantile at {@link #CONFIDENCE} for {@code df} degrees of freedom. */
    public static double t(double df) {
        return new TDistribution(null, df).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
    }

    private static double mean0(double[] xs) {
        double sum = 0;
        for (double x : xs) sum += x;
        return xs.length == 0 ? Double.NaN : sum / xs.length;
    }

    /** The sample variance (n − 1 in the denominator). */
    private static double variance(double[] xs) {
        double m = mean0(xs), ss = 0;
        for (double x : xs) ss += (x - m) * (x - m);
        return ss / (xs.length - 1);
    }
}
