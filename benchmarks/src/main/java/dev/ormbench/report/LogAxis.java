package dev.ormbench.report;

import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A logarithmic axis from 10^lo to 10^hi mapped onto [x0, x1] (x1 below x0 for a vertical axis, whose pixels grow
 * downwards). Its ends are the nearest 1, 2 or 5 × 10^k outside the values, so that every value lies between two
 * labelled ticks and no decade is left empty: the charts' values span decades, and a linear axis would hide the small.
 */
record LogAxis(double lo, double hi, double x0, double x1) {

    static LogAxis covering(double min, double max, double x0, double x1) {
        double lo = Math.log10(step(min, false)), hi = Math.log10(step(max, true));
        if (hi - lo < 0.3) {
            lo -= 0.15;
            hi += 0.15;
        }
        return new LogAxis(lo, hi, x0, x1);
    }

    /** The nearest 1, 2 or 5 × 10^k at or above {@code v} ({@code up}), or at or below it. */
    private static double step(double v, boolean up) {
        double d = Math.pow(10, Math.floor(Math.log10(v)));
        double[] ms = up ? new double[]{1, 2, 5, 10} : new double[]{5, 2, 1};
        for (double m : ms) if (up ? m * d >= v * (1 - 1e-9) : m * d <= v * (1 + 1e-9)) return m * d;
        return up ? 10 * d : d;
    }

    double x(double v) {
        double l = Math.log10(Math.max(v, Math.pow(10, lo)));
        return x0 + (Math.min(l, hi) - lo) / (hi - lo) * (x1 - x0);
    }

    /** The low end of an interval {@code s ± e}, kept on the axis when it reaches zero or below. */
    double low(double s, double e) {
        return x(Math.max(s - e, Math.pow(10, lo)));
    }

    /** Ticks at 1, 2 and 5 × 10^k within the axis when it spans three decades or fewer, else at powers of ten and the ends. */
    List<Double> ticks() {
        List<Double> out = new ArrayList<>();
        double from = Math.pow(10, lo) * (1 - 1e-9), to = Math.pow(10, hi) * (1 + 1e-9);
        boolean fine = hi - lo <= 3;
        for (int e = (int) Math.floor(lo); e <= (int) Math.ceil(hi); e++) {
            double d = Math.pow(10, e);
            for (double m : fine ? new double[]{1, 2, 5} : new double[]{1}) {
                if (m * d >= from && m * d <= to) out.add(m * d);
            }
        }
        if (!fine) {
            double a = Math.pow(10, lo), b = Math.pow(10, hi);
            if (out.isEmpty() || out.get(0) / a > 1.5) out.add(0, a);
            if (b / out.get(out.size() - 1) > 1.5) out.add(b);
        }
        return out;
    }

    /** A horizontal axis: a grid line from {@code top} to {@code bottom} per tick, its label under it. */
    void draw(Graphics2D g, double top, double bottom, String suffix) {
        grid(g, top, bottom, suffix, false);
    }

    /** A vertical axis: a grid line from {@code left} to {@code right} per tick, its label left of it. */
    void drawVertical(Graphics2D g, double left, double right) {
        grid(g, left, right, "", true);
    }

    private void grid(Graphics2D g, double from, double to, String suffix, boolean vertical) {
        g.setFont(Draw.SMALL);
        for (double t : ticks()) {
            double at = x(t);
            g.setColor(Draw.GRID);
            g.draw(vertical ? new Line2D.Double(from, at, to, at) : new Line2D.Double(at, from, at, to));
            g.setColor(Draw.MUTED);
            String label = tick(t) + suffix;
            double w = Draw.width(label, Draw.SMALL);
            if (vertical) g.drawString(label, (float) (from - 6 - w), (float) (at + 4));
            else g.drawString(label, (float) (at - w / 2), (float) (to + 14));
        }
    }

    /** A tick label: {@code 0.01}, {@code 2}, {@code 1,000}. */
    static String tick(double v) {
        BigDecimal d = new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros();
        if (d.scale() <= 0) return String.format(Locale.ROOT, "%,d", d.toBigInteger());
        return d.toPlainString();
    }
}
