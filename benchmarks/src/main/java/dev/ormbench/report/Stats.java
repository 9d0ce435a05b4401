package dev.ormbench.report;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The arithmetic of the report, at JMH's own confidence level (99.9 %, Student's t), so that an interval here
 * reads like the {@code ± error} JMH prints.
 * <ul>
 *   <li>A mean's interval: mean ± t(n−1) · s/√n over the per-iteration values, exactly as JMH computes
 *       {@code scoreError}; none with fewer than three iterations (JMH's {@code "NaN"}).</li>
 *   <li>A ratio of two means A/B (a speedup, or new/old between two runs): by the delta method on the log scale,
 *       Var(ln A/B) ≈ (s_A/√n_A / Ā)² + (s_B/√n_B / B̄)², with Welch–Satterthwaite degrees of freedom; the
 *       interval A/B · exp(±t · √Var) stays positive and is symmetric in log space, as a ratio should be.</li>
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
