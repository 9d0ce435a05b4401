package dev.ormbench.report;

import dev.ormbench.report.Charts.Chart;
import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.JmhResults.Role;
import dev.ormbench.report.Patterns.Pattern;
import dev.ormbench.report.Patterns.Row;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.ormbench.report.Draw.INK;
import static dev.ormbench.report.Draw.MUTED;
import static dev.ormbench.report.Draw.SMALL;
import static dev.ormbench.report.Draw.TEXT;
import static dev.ormbench.report.Draw.WIDTH;
import static dev.ormbench.report.Draw.width;

/**
 * One pattern table as bars: a horizontal bar per variant on a logarithmic axis whose ticks cover every value, the
 * value written on the bar, the 99.9 % interval as an error bar, colour by role, and which way is better. With the
 * wire metrics, a second panel splits each variant's time into server wait and JVM, as shares of 100 %: on a log
 * axis a stacked bar would lie about the parts.
 */
final class BarChart {
    private static final int ROW = 30, TOP = 62;
    private static final Color WAIT = new Color(0x8A, 0x94, 0xA0), JVM = new Color(0xD8, 0xDE, 0xE4);
    private final Pattern p;
    private final Row row;
    private final List<Result> results;
    private final ChartUnit unit;
    private final boolean split;
    private final double scale, jvmScale;
    private final String jvmUnit;

    /** Draws a chart per row of {@code p} into {@code charts}; a row that cannot be drawn adds a line to {@code notes}. */
    static List<Chart> perRow(Pattern p, Path charts, Set<String> files, List<String> notes) throws IOException {
        List<Chart> out = new ArrayList<>();
        for (Row row : p.rows()) {
            String where = Summary.at(p, row);
            List<Result> results = p.variants().stream().map(v -> row.cells().get(v)).filter(r -> r != null).toList();
            if (results.isEmpty()) continue; // the pair in turns alone: nothing of its own to draw
            Set<String> units = results.stream().map(r -> r.primary().unit()).collect(Collectors.toSet());
            if (units.size() != 1) {
                notes.add(p.name() + " (" + where + "): no chart, the variants' units differ (" + String.join(", ", units) + ")");
                continue;
            }
            if (results.stream().noneMatch(r -> r.primary().score() > 0)) {
                notes.add(p.name() + " (" + where + "): no chart, no positive score to draw on a logarithmic axis");
                continue;
            }
            String file = Charts.unique(files, p.name() + "-" + row.params().entrySet().stream()
                    .filter(e -> p.columns().contains(e.getKey())).map(e -> e.getKey() + "-" + e.getValue())
                    .collect(Collectors.joining("-")) + (p.severalModes() ? "-" + row.mode() : ""));
            BarChart bars = new BarChart(p, row, results);
            Draw.save(bars::paint, WIDTH, bars.height(), charts.resolve(file));
            out.add(Charts.chart(row, p.name() + " (" + where + "): " + bars.what() + " per variant, log scale, "
                    + bars.unit.better(), file));
        }
        return out;
    }

    private BarChart(Pattern p, Row row, List<Result> results) {
        this.p = p;
        this.row = row;
        this.results = results;
        this.unit = ChartUnit.of(results);
        this.split = results.stream().anyMatch(r -> !Double.isNaN(Times.waitMicros(r)) && Times.timeMicros(r) > 0);
        var wireUnit = Times.unitFor(results);
        jvmScale = wireUnit.getValue();
        jvmUnit = wireUnit.getKey();
        scale = unit.times() ? Times.primaryMicros(results.get(0)) / unit.micros() : 1;
    }

    private int height() {
        return TOP + results.size() * ROW + 62;
    }

    private String what() {
        return unit.what() + (split ? ", split into server wait and JVM" : "");
    }

    private void paint(Graphics2D g) {
        Draw.background(g, WIDTH, height());
        Draw.title(g, p.name() + " · " + Summary.at(p, row), what() + " · log scale · " + unit.better());
        double labelWidth = results.stream().mapToDouble(r -> width(r.method(), TEXT)).max().orElse(50) + 16;
        double right = split ? WIDTH - 230 : WIDTH - 20;
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (Result r : results) {
            double s = r.primary().score() * scale, e = r.primary().error() * scale;
            if (!(s > 0)) continue;
            min = Math.min(min, s);
            max = Math.max(max, s);
            if (e > 0 && s - e > 0) min = Math.min(min, s - e);
            if (e > 0) max = Math.max(max, s + e);
        }
        // Room on the right of the largest bar for its label: the axis ends a decade above when it is tight.
        LogAxis axis = LogAxis.covering(min, max, labelWidth, right - 70);
        double bottom = TOP + results.size() * ROW;
        axis.draw(g, TOP - 4, bottom, "");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            double y = TOP + i * ROW + 5, s = r.primary().score() * scale, e = r.primary().error() * scale;
            g.setFont(TEXT);
            g.setColor(INK);
            g.drawString(r.method(), (float) (labelWidth - 8 - width(r.method(), TEXT)), (float) (y + 15));
            if (!(s > 0)) {
                g.setColor(MUTED);
                g.drawString("n/a", (float) labelWidth + 4, (float) (y + 15));
                continue;
            }
            g.setColor(Draw.COLORS.get(r.role()));
            g.fill(new Rectangle2D.Double(labelWidth, y, Math.max(1, axis.x(s) - labelWidth), ROW - 10));
            double end = axis.x(s);
            if (e > 0) {
                double b = axis.x(s + e);
                g.setColor(INK);
                g.setStroke(new BasicStroke(1.2f));
                Draw.interval(g, axis.low(s, e), b, y + (ROW - 10) / 2.0, 5);
                end = Math.max(end, b);
            }
            g.setColor(INK);
            g.setFont(TEXT);
            g.drawString(Fmt.sig3(s), (float) (end + 5), (float) (y + 15));
            if (split) share(g, r, right + 20, y);
        }
        legend(g, bottom + 30);
    }

    /** The wait/JVM split of one variant as shares of its time, with the wait's share written. */
    private void share(Graphics2D g, Result r, double x, double y) {
        double wait = Times.waitMicros(r), time = Times.timeMicros(r);
        double w = 190;
        if (Double.isNaN(wait) || !(time > 0)) {
            g.setColor(MUTED);
            g.drawString("no wait measured", (float) x, (float) (y + 15));
            return;
        }
        double f = Math.min(1, Math.max(0, wait / time));
        g.setColor(WAIT);
        g.fill(new Rectangle2D.Double(x, y, w * f, ROW - 10));
        g.setColor(JVM);
        g.fill(new Rectangle2D.Double(x + w * f, y, w * (1 - f), ROW - 10));
        g.setColor(INK);
        g.setFont(SMALL);
        g.drawString(Math.round(f * 100) + " % wait · JVM " + Fmt.sig3(Times.jvmMicros(r) / jvmScale) + " " + jvmUnit,
                (float) (x + 4), (float) (y + 14));
    }

    private void legend(Graphics2D g, double y) {
        double x = 20;
        g.setFont(SMALL);
        Set<Role> roles = new LinkedHashSet<>();
        results.forEach(r -> roles.add(r.role()));
        for (Role role : roles) {
            key(g, Draw.COLORS.get(role), role.label(), x, y);
            x += 26 + width(role.label(), SMALL);
        }
        g.setColor(INK);
        g.drawString("error bar: 99.9 % interval", (float) x + 10, (float) y);
        if (split) {
            double sx = WIDTH - 210;
            key(g, WAIT, "server wait", sx, y);
            key(g, JVM, "JVM", sx + 90, y);
            g.drawString("share of each variant's time", (float) sx, (float) TOP - 10);
        }
    }

    /** A legend entry: a square of {@code colour} and its label. */
    private static void key(Graphics2D g, Color colour, String label, double x, double y) {
        g.setColor(colour);
        g.fill(new Rectangle2D.Double(x, y - 9, 12, 10));
        g.setColor(INK);
        g.drawString(label, (float) (x + 16), (float) y);
    }
}
