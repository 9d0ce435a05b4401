package dev.ormbench.report;

import dev.ormbench.report.Charts.Chart;
import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.JmhResults.Role;
import dev.ormbench.report.Patterns.Pattern;
import dev.ormbench.report.Patterns.Row;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.ormbench.report.Draw.INK;
import static dev.ormbench.report.Draw.SMALL;
import static dev.ormbench.report.Draw.WIDTH;

/**
 * One pattern's variants along one param (dataset size, depth, rtt, …): a line per variant on a logarithmic axis,
 * the 99.9 % interval as a bar at each point, so that how a variant scales shows at a glance, which a table per
 * value does not.
 */
final class LineChart {
    private static final int HEIGHT = 380, TOP = 62, BOTTOM = HEIGHT - 70, LEFT = 80, RIGHT = WIDTH - 230;
    private final Pattern p;
    private final String axis, others;
    private final List<String> xs;
    private final List<Row> rows;
    private final ChartUnit unit;

    /**
     * A chart along each axis of the pattern ({@link Pattern#axes()}), one per combination of the other params and
     * mode; only where the run measured two or more values of it.
     */
    static List<Chart> alongAxes(Pattern p, Path charts, Set<String> files) throws IOException {
        List<Chart> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> axis : p.axes().entrySet()) {
            String a = axis.getKey();
            Map<String, List<Row>> groups = new LinkedHashMap<>();
            for (Row row : p.rows()) {
                List<String> key = new ArrayList<>();
                p.columns().stream().filter(c -> !c.equals(a)).forEach(c -> key.add(c + "=" + row.params().get(c)));
                if (p.severalModes()) key.add("mode " + row.mode());
                groups.computeIfAbsent(String.join(", ", key), k -> new ArrayList<>()).add(row);
            }
            for (Map.Entry<String, List<Row>> g : groups.entrySet()) {
                List<String> xs = axis.getValue().stream()
                        .filter(v -> g.getValue().stream().anyMatch(r -> v.equals(r.params().get(a)))).toList();
                List<Result> results = g.getValue().stream().flatMap(r -> r.cells().values().stream()).toList();
                boolean oneUnit = results.stream().map(r -> r.primary().unit()).distinct().count() == 1
                        || results.stream().allMatch(r -> !Double.isNaN(Times.primaryMicros(r))); // times convert
                if (xs.size() < 2 || !oneUnit || results.stream().noneMatch(r -> r.primary().score() > 0)) continue;
                String file = Charts.unique(files, p.name() + "-across-" + a + (g.getKey().isEmpty() ? "" : "-" + g.getKey().replace("=", "-")));
                LineChart chart = new LineChart(p, a, xs, g.getKey(), g.getValue());
                Draw.save(chart::paint, WIDTH, HEIGHT, charts.resolve(file));
                out.add(Charts.chart(null, p.name() + " across " + a + (g.getKey().isEmpty() ? "" : " (" + g.getKey() + ")") + ": "
                        + chart.unit.what() + " per variant, log scale", file));
            }
        }
        return out;
    }

    private LineChart(Pattern p, String axis, List<String> xs, String others, List<Row> rows) {
        this.p = p;
        this.axis = axis;
        this.xs = xs;
        this.others = others;
        this.rows = rows;
        this.unit = ChartUnit.of(rows.stream().flatMap(r -> r.cells().values().stream()).toList());
    }

    /** A result's score in the chart's unit (times in any JMH unit convert; throughput stays as it is). */
    private double value(Result r, double x) {
        return unit.thrpt() || Double.isNaN(Times.primaryMicros(r)) ? x : x * Times.primaryMicros(r) / unit.micros();
    }

    private double x(int i) {
        return LEFT + 40 + i * (RIGHT - LEFT - 80.0) / Math.max(1, xs.size() - 1);
    }

    private void paint(Graphics2D g) {
        Draw.background(g, WIDTH, HEIGHT);
        Draw.title(g, p.name() + " across " + axis + (others.isEmpty() ? "" : " · " + others),
                unit.what() + " · log scale · " + unit.better() + " · bars: 99.9 % interval");
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (Row r : rows) {
            for (Result x : r.cells().values()) {
                double s = value(x, x.primary().score()), e = value(x, x.primary().error());
                if (!(s > 0)) continue;
                min = Math.min(min, e > 0 && s - e > 0 ? s - e : s);
                max = Math.max(max, e > 0 ? s + e : s);
            }
        }
        LogAxis y = LogAxis.covering(min, max, BOTTOM, TOP);
        y.drawVertical(g, LEFT, RIGHT);
        for (int i = 0; i < xs.size(); i++) {
            g.setColor(INK);
            g.drawString(axis + "=" + xs.get(i), (float) (x(i) - Draw.width(axis + "=" + xs.get(i), SMALL) / 2), (float) (BOTTOM + 18));
        }
        Map<Role, Integer> seen = new EnumMap<>(Role.class);
        // Value labels that would overlap one already written at the same x are left out (the table has them).
        List<List<Double>> labelled = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) labelled.add(new ArrayList<>());
        double legendY = TOP + 4;
        for (String v : p.variants()) {
            Role role = p.roles().get(v);
            int nth = seen.merge(role, 1, Integer::sum) - 1;
            Color c = Draw.COLORS.get(role);
            BasicStroke stroke = nth == 0 ? new BasicStroke(2f)
                    : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 3f + 2 * nth}, 0f);
            double px = Double.NaN, py = Double.NaN;
            boolean any = false;
            for (int i = 0; i < xs.size(); i++) {
                Result r = cell(v, xs.get(i));
                if (r == null || !(r.primary().score() > 0)) {
                    px = Double.NaN;
                    continue;
                }
                any = true;
                double s = value(r, r.primary().score()), e = value(r, r.primary().error()), cx = x(i), cy = y.x(s);
                g.setColor(c);
                if (!Double.isNaN(px)) {
                    g.setStroke(stroke);
                    g.draw(new Line2D.Double(px, py, cx, cy));
                }
                g.setStroke(new BasicStroke(1.2f));
                if (e > 0) g.draw(new Line2D.Double(cx, y.low(s, e), cx, y.x(s + e)));
                g.fill(new Rectangle2D.Double(cx - 3.5, cy - 3.5, 7, 7));
                g.setFont(SMALL);
                if (labelled.get(i).stream().noneMatch(ly -> Math.abs(ly - cy) < 13)) {
                    g.drawString(Fmt.sig3(s), (float) (cx + 6), (float) (cy - 4));
                    labelled.get(i).add(cy);
                }
                px = cx;
                py = cy;
            }
            if (!any) continue;
            g.setColor(c);
            g.setStroke(stroke);
            g.draw(new Line2D.Double(RIGHT + 20, legendY, RIGHT + 44, legendY));
            g.setColor(INK);
            g.setFont(SMALL);
            g.drawString(v, (float) (RIGHT + 50), (float) (legendY + 4));
            legendY += 18;
        }
        g.setStroke(new BasicStroke(1f));
    }

    private Result cell(String variant, String value) {
        for (Row r : rows) if (value.equals(r.params().get(axis)) && r.cells().containsKey(variant)) return r.cells().get(variant);
        return null;
    }
}
