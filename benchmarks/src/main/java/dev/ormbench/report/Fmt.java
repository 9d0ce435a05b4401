package dev.ormbench.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** Numbers for people: three significant digits, thousands separated, and the same everywhere in the report. */
public final class Fmt {

    private static final MathContext THREE = new MathContext(3, RoundingMode.HALF_EVEN);

    private Fmt() {
    }

    /** Three significant digits: {@code 11,200}, {@code 510}, {@code 1.00}, {@code 0.0500}; {@code n/a} for NaN. */
    public static String sig3(double x) {
        if (Double.isNaN(x)) return "n/a";
        if (Double.isInfinite(x)) return x > 0 ? "∞" : "−∞";
        if (x == 0) return "0";
        BigDecimal bd = new BigDecimal(x).round(THREE);
        if (Math.abs(bd.doubleValue()) >= 1000) return String.format(Locale.ROOT, "%,d", bd.toBigInteger());
        if (bd.precision() < 3) bd = bd.setScale(bd.scale() + 3 - bd.precision(), RoundingMode.UNNECESSARY);
        return bd.toPlainString();
    }

    /** A count per operation: whole numbers as such ({@code 101}, {@code 1,000}), others to three digits. */
    public static String count(double x) {
        if (Double.isNaN(x)) return "n/a";
        double r = Math.rint(x);
        if (Math.abs(x - r) <= 1e-9 * Math.max(1, Math.abs(x))) return String.format(Locale.ROOT, "%,d", (long) r);
        return sig3(x);
    }

    /** Bytes in decimal units: {@code 114 kB}, {@code 2.30 MB}. */
    public static String bytes(double x) {
        if (Double.isNaN(x)) return "n/a";
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        int i = 0;
        while (i < units.length - 1 && Math.abs(new BigDecimal(x).round(THREE).doubleValue()) >= 1000) {
            x /= 1000;
            i++;
        }
        return sig3(x) + " " + units[i];
    }

    /** A score with JMH's error: {@code 1,460 ± 8,660}, or {@code 1,460 ± n/a} with fewer than three iterations. */
    public static String scoreError(double score, double error) {
        return sig3(score) + " ± " + sig3(error);
    }

    /** A ratio with its interval: {@code 38.2x (35.1–41.6)}, or {@code 38.2x (n/a)} without one. */
    public static String ratio(Stats.Estimate e) {
        String interval = e.hasInterval() ? sig3(e.low()) + "–" + sig3(e.high()) : "n/a";
        return sig3(e.value()) + "x (" + interval + ")";
    }

    /** A number for a CSV file: every digit the JSON had, no exponent, empty for NaN. */
    public static String plain(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) return "";
        String s = BigDecimal.valueOf(x).toPlainString();
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }

    /** {@code 1 pattern}, {@code 3 patterns}. */
    static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** Inline Markdown code, a backtick inside it turned into a quote; empty for an empty string. */
    static String code(String s) {
        return s.isEmpty() ? "" : "`" + s.replace("`", "'") + "`";
    }
}
