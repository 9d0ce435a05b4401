package dev.ormbench.report;

import dev.ormbench.report.Charts.Chart;
import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.JmhResults.Role;
import dev.ormbench.report.Summary.Headline;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.ormbench.report.Draw.INK;
import static dev.ormbench.report.Draw.MUTED;
import static dev.ormbench.report.Draw.SMALL;
import static dev.ormbench.report.Draw.TEXT;
import static dev.ormbench.report.Draw.WIDTH;

/**
 * The summary's forest plot: every headline's speedup with its 99.9 % interval on one logarithmic axis and a line at
 * 1x, so that the patterns' effects compare at a glance and an interval across 1x shows as no clear difference.
 */
final class ForestPlot {
    private static final int ROW = 24, TOP = 62;
    private final List<Headline> headlines;

    private ForestPlot(List<Headline> headlines) {
        this.headlines = headlines;
    }

    /** The plot of the headlines with a speedup, as {@code charts}/summary; null when there is none. */
    static Chart write(List<Headline> headlines, Path charts) throws IOException {
        List<Headline> drawn = headlines.stream()
                .filter(h -> h.speedup() != null && h.speedup().estimate() != null && h.speedup().estimate().value() > 0).toList();
        if (drawn.isEmpty()) return null;
        ForestPlot forest = new ForestPlot(drawn);
        Draw.save(forest::paint, WIDTH, forest.height(), charts.resolve("summary"));
        return Charts.chart(null, "Headline speedups, good vs bad, with their 99.9 % intervals, log scale (right of 1x: good is faster)",
                "summary");
    }

    private int height() {
        return TOP + headlines.size() * ROW + 56;
    }

    private static String label(Headline h) {
        return h.pattern().name() + " (" + h.at() + ")";
    }

    private void paint(Graphics2D g) {
        Draw.background(g, WIDTH, height());
        Draw.title(g, "Good vs bad: how many times faster, per pattern",
                "99.9 % interval · log scale · right of 1x the good variant is faster, left of it slower");
        double labelWidth = headlines.stream().mapToDouble(h -> Draw.width(label(h), TEXT)).max().orElse(50) + 16;
        double min = 1, max = 1;
        for (Headline h : headlines) {
            Stats.Estimate e = h.speedup().estimate();
            min = Math.min(min, e.hasInterval() ? e.low() : e.value());
            max = Math.max(max, e.hasInterval() ? e.high() : e.value());
        }
        LogAxis axis = LogAxis.covering(min, max, labelWidth, WIDTH - 70);
        double bottom = TOP + headlines.size() * ROW;
        axis.draw(g, TOP - 4, bottom, "x");
        g.setColor(INK);
        g.setStroke(new BasicStroke(1.5f));
        g.draw(new Line2D.Double(axis.x(1), TOP - 8, axis.x(1), bottom));
        for (int i = 0; i < headlines.size(); i++) {
            Headline h = headlines.get(i);
            Stats.Estimate e = h.speedup().estimate();
            double y = TOP + i * ROW + ROW / 2.0;
            g.setFont(TEXT);
            g.setColor(INK);
            g.drawString(label(h), (float) (labelWidth - 8 - Draw.width(label(h), TEXT)), (float) (y + 4));
            g.setColor(e.side() > 0 ? Draw.COLORS.get(Role.GOOD) : e.side() < 0 ? Draw.COLORS.get(Role.BAD) : MUTED);
            double end = axis.x(e.value());
            if (e.hasInterval()) {
                g.setStroke(new BasicStroke(2f));
                Draw.interval(g, axis.x(e.low()), axis.x(e.high()), y, 4);
                end = axis.x(e.high());
            }
            g.fill(new Rectangle2D.Double(axis.x(e.value()) - 4, y - 4, 8, 8));
            g.setColor(INK);
            g.setFont(SMALL);
            String value = Fmt.sig3(e.value()) + "x" + (e.hasInterval() ? "" : " (no interval)") + fixed(h);
            g.drawString(value, (float) (end + 6), (float) (y + 4));
        }
        g.setFont(SMALL);
        g.setColor(MUTED);
        g.drawString("green: faster · red: slower · grey: no clear difference or no interval", 20, (float) (bottom + 38));
    }

    /** {@code  · lost updates per iteration 1,750 → 0} when the headline is a correctness one, the time its cost. */
    private static String fixed(Headline h) {
        Result bad = h.row().cells().get(h.pattern().headline().from()), good = h.row().cells().get(h.pattern().headline().to());
        String m = Summary.correctness(bad, good);
        return m == null ? "" : " · " + Summary.WORDS.getOrDefault(m, m) + " " + Fmt.count(bad.secondary(m)) + " → 0";
    }
}
