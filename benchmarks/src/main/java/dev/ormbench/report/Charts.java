package dev.ormbench.report;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.JmhResults.Role;
import dev.ormbench.report.Patterns.Pattern;
import dev.ormbench.report.Patterns.Row;
import dev.ormbench.report.Summary.Headline;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The charts, drawn with Java2D once into a PNG and once into an SVG (VectorGraphics2D), so both show the same thing:
 * <ul>
 *   <li>per pattern table, a horizontal bar per variant on a logarithmic axis whose ticks cover every value, the value
 *       written on the bar, the 99.9 % interval as an error bar, colour by role, and which way is better; with the
 *       wire metrics, a second panel splits each variant's time into server wait and JVM (shares of 100 %: on a log
 *       axis a stacked bar would lie about the parts);</li>
 *   <li>the summary: every headline's speedup with its 99.9 % interval on one logarithmic axis, a line at 1x
 *       (a forest plot).</li>
 * </ul>
 */
public final class Charts {

    static final int WIDTH = 860;

    private static final Map<Role, Color> COLORS = Map.of(
            Role.BAD, new Color(0xD6, 0x27, 0x28),
            Role.PITFALL, new Color(0xFF, 0x7F, 0x0E),
            Role.GOOD, new Color(0x2C, 0xA0, 0x2C),
            Role.ALT, new Color(0x17, 0xBE, 0xCF),
            Role.FLOOR, new Color(0x1F, 0x77, 0xB4),
            Role.OTHER, new Color(0x7F, 0x7F, 0x7F));

    private static final Color INK = new Color(0x24, 0x29, 0x2F), GRID = new Color(0xDD, 0xDD, 0xDD), MUTED = new Color(0x6E, 0x77, 0x81);
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12), BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 14),
            SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final FontMetrics METRICS;

    static {
        System.setProperty("java.awt.headless", "true");
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        METRICS = g.getFontMetrics(TEXT);
        g.dispose();
    }

    private Charts() {
    }

    /** A chart written to the output folder, with paths relative to it; {@code row} is null for the summary chart. */
    public record Chart(Row row, String caption, String svg, String png) {
    }

    /** Draws one chart per row of {@code p} into {@code dir}/charts; a row that cannot be drawn adds a line to {@code notes}. */
    public static List<Chart> write(Pattern p, Path dir, List<String> notes) throws IOException {
        List<Chart> out = new ArrayList<>();
        Files.createDirectories(dir.resolve("charts"));
        Set<String> files = new LinkedHashSet<>();
        for (Row row : p.rows()) {
            String where = Summary.at(p, row);
            List<Result> results = p.variants().stream().map(v -> row.cells().get(v)).filter(r -> r != null).toList();
            Set<String> units = results.stream().map(r -> r.primary().unit()).collect(Collectors.toSet());
            if (units.size() != 1) {
                notes.add(p.name() + " (" + where + "): no chart, the variants' units differ (" + String.join(", ", units) + ")");
                continue;
            }
            if (results.stream().noneMatch(r -> r.primary().score() > 0)) {
                notes.add(p.name() + " (" + where + "): no chart, no positive score to draw on a logarithmic axis");
                continue;
            }
            String base = fileName(p.name() + "-" + row.params().entrySet().stream()
                    .filter(e -> p.columns().contains(e.getKey())).map(e -> e.getKey() + "-" + e.getValue())
                    .collect(Collectors.joining("-")) + (p.severalModes() ? "-" + row.mode() : ""));
            String file = base;
            for (int i = 2; !files.add(file); i++) file = base + "-" + i;
            Bars bars = new Bars(p, row, results);
            save(bars::paint, WIDTH, bars.height(), dir.resolve("charts").resolve(file));
            out.add(new Chart(row, p.name() + " (" + where + "): " + bars.what() + " per variant, log scale, " + bars.better(),
                    "charts/" + file + ".svg", "charts/" + file + ".png"));
        }
        out.addAll(lines(p, dir, files));
        return out;
    }

    /**
     * A line chart along each axis of the pattern ({@link Pattern#axes()}: dataset size, depth, rtt, …), one per
     * combination of the other params and mode; only where the run measured two or more values of it.
     */
    private static List<Chart> lines(Pattern p, Path dir, Set<String> files) throws IOException {
        List<Chart> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> axis : p.axes().entrySet()) {
            String a = axis.getKey();
            Map<String, List<Row>> groups = new java.util.LinkedHashMap<>();
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
                String base = fileName(p.name() + "-across-" + a + (g.getKey().isEmpty() ? "" : "-" + g.getKey().replace("=", "-")));
                String file = base;
                for (int i = 2; !files.add(file); i++) file = base + "-" + i;
                Lines chart = new Lines(p, a, xs, g.getKey(), g.getValue());
                save(chart::paint, WIDTH, Lines.HEIGHT, dir.resolve("charts").resolve(file));
                out.add(new Chart(null, p.name() + " across " + a + (g.getKey().isEmpty() ? "" : " (" + g.getKey() + ")") + ": "
                        + chart.what() + " per variant, log scale", "charts/" + file + ".svg", "charts/" + file + ".png"));
            }
        }
        return out;
    }

    /** The forest plot of the headlines with a speedup; null when there is none. */
    public static Chart summary(List<Headline> headlines, Path dir) throws IOException {
        List<Headline> drawn = headlines.stream()
                .filter(h -> h.speedup() != null && h.speedup().estimate() != null && h.speedup().estimate().value() > 0).toList();
        if (drawn.isEmpty()) return null;
        Files.createDirectories(dir.resolve("charts"));
        Forest forest = new Forest(drawn);
        save(forest::paint, WIDTH, forest.height(), dir.resolve("charts").resolve("summary"));
        return new Chart(null, "Headline speedups, good vs bad, with their 99.9 % intervals, log scale (right of 1x: good is faster)",
                "charts/summary.svg", "charts/summary.png");
    }

    /**
     * A logarithmic axis from 10^lo to 10^hi mapped onto [x0, x1]. Its ends are the nearest 1, 2 or 5 × 10^k outside
     * the values, so that every value lies between two labelled ticks and no decade is left empty.
     */
    private record LogAxis(double lo, double hi, double x0, double x1) {

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

        void draw(Graphics2D g, double top, double bottom, String suffix) {
            g.setFont(SMALL);
            for (double t : ticks()) {
                double x = x(t);
                g.setColor(GRID);
                g.draw(new Line2D.Double(x, top, x, bottom));
                g.setColor(MUTED);
                String label = tick(t) + suffix;
                g.drawString(label, (float) (x - width(label, SMALL) / 2), (float) (bottom + 14));
            }
        }
    }

    /** One pattern table as bars. */
    private static final class Bars {
        private static final int ROW = 30, TOP = 62;
        private final Pattern p;
        private final Row row;
        private final List<Result> results;
        private final boolean thrpt, split;
        private final double scale, jvmScale;
        private final String unit, jvmUnit;

        Bars(Pattern p, Row row, List<Result> results) {
            this.p = p;
            this.row = row;
            this.results = results;
            this.thrpt = results.get(0).higherIsBetter();
            this.split = results.stream().anyMatch(r -> !Double.isNaN(Times.waitMicros(r)) && Times.timeMicros(r) > 0);
            var wireUnit = Times.unitFor(results);
            jvmScale = wireUnit.getValue();
            jvmUnit = wireUnit.getKey();
            double per = Times.primaryMicros(results.get(0));
            if (thrpt || Double.isNaN(per)) {
                scale = 1;
                unit = results.get(0).primary().unit();
            } else {
                var u = Times.unitFor(results);
                scale = per / u.getValue();
                unit = u.getKey() + "/op";
            }
        }

        int height() {
            return TOP + results.size() * ROW + 62;
        }

        String what() {
            return (thrpt ? "throughput" : "time per operation") + " (" + unit + ")" + (split ? ", split into server wait and JVM" : "");
        }

        String better() {
            return thrpt ? "higher is better" : "lower is better";
        }

        void paint(Graphics2D g) {
            background(g, WIDTH, height());
            title(g, p.name() + " · " + Summary.at(p, row), what() + " · log scale · " + better());
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
                Color c = COLORS.get(r.role());
                g.setColor(c);
                g.fill(new Rectangle2D.Double(labelWidth, y, Math.max(1, axis.x(s) - labelWidth), ROW - 10));
                double end = axis.x(s);
                if (e > 0) {
                    double a = axis.x(Math.max(s - e, Math.pow(10, axis.lo()))), b = axis.x(s + e), mid = y + (ROW - 10) / 2.0;
                    g.setColor(INK);
                    g.setStroke(new BasicStroke(1.2f));
                    g.draw(new Line2D.Double(a, mid, b, mid));
                    g.draw(new Line2D.Double(a, mid - 5, a, mid + 5));
                    g.draw(new Line2D.Double(b, mid - 5, b, mid + 5));
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
            g.setColor(new Color(0x8A, 0x94, 0xA0));
            g.fill(new Rectangle2D.Double(x, y, w * f, ROW - 10));
            g.setColor(new Color(0xD8, 0xDE, 0xE4));
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
                g.setColor(COLORS.get(role));
                g.fill(new Rectangle2D.Double(x, y - 9, 12, 10));
                g.setColor(INK);
                g.drawString(role.label(), (float) (x + 16), (float) y);
                x += 26 + width(role.label(), SMALL);
            }
            g.setColor(INK);
            g.drawString("error bar: 99.9 % interval", (float) x + 10, (float) y);
            if (split) {
                double sx = WIDTH - 210;
                g.setColor(new Color(0x8A, 0x94, 0xA0));
                g.fill(new Rectangle2D.Double(sx, y - 9, 12, 10));
                g.setColor(INK);
                g.drawString("server wait", (float) sx + 16, (float) y);
                g.setColor(new Color(0xD8, 0xDE, 0xE4));
                g.fill(new Rectangle2D.Double(sx + 90, y - 9, 12, 10));
                g.setColor(INK);
                g.drawString("JVM", (float) sx + 106, (float) y);
                g.drawString("share of each variant's time", (float) sx, (float) TOP - 10);
            }
        }
    }

    /** One pattern's variants along one param: a line per variant on a logarithmic axis. */
    private static final class Lines {
        static final int HEIGHT = 380;
        private static final int TOP = 62, BOTTOM = HEIGHT - 70, LEFT = 80, RIGHT = WIDTH - 230;
        private final Pattern p;
        private final String axis, others;
        private final List<String> xs;
        private final List<Row> rows;
        private final boolean thrpt;
        private final double scale;
        private final String unit;

        /** A result's score in the chart's unit (times in any JMH unit convert; throughput stays as it is). */
        private double value(Result r, double x) {
            return thrpt || Double.isNaN(Times.primaryMicros(r)) ? x : x * Times.primaryMicros(r) / scale;
        }

        Lines(Pattern p, String axis, List<String> xs, String others, List<Row> rows) {
            this.p = p;
            this.axis = axis;
            this.xs = xs;
            this.others = others;
            this.rows = rows;
            List<Result> results = rows.stream().flatMap(r -> r.cells().values().stream()).toList();
            Result any = results.get(0);
            thrpt = any.higherIsBetter();
            if (thrpt || Double.isNaN(Times.primaryMicros(any))) {
                scale = 1;
                unit = any.primary().unit();
            } else {
                var u = Times.unitFor(results);
                scale = u.getValue();
                unit = u.getKey() + "/op";
            }
        }

        String what() {
            return (thrpt ? "throughput" : "time per operation") + " (" + unit + ")";
        }

        private double x(int i) {
            return LEFT + 40 + i * (RIGHT - LEFT - 80.0) / Math.max(1, xs.size() - 1);
        }

        void paint(Graphics2D g) {
            background(g, WIDTH, HEIGHT);
            title(g, p.name() + " across " + axis + (others.isEmpty() ? "" : " · " + others),
                    what() + " · log scale · " + (thrpt ? "higher is better" : "lower is better") + " · bars: 99.9 % interval");
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
            g.setFont(SMALL);
            for (double t : y.ticks()) {
                double py = y.x(t);
                g.setColor(GRID);
                g.draw(new Line2D.Double(LEFT, py, RIGHT, py));
                g.setColor(MUTED);
                String label = tick(t);
                g.drawString(label, (float) (LEFT - 6 - width(label, SMALL)), (float) (py + 4));
            }
            for (int i = 0; i < xs.size(); i++) {
                g.setColor(INK);
                g.drawString(axis + "=" + xs.get(i), (float) (x(i) - width(axis + "=" + xs.get(i), SMALL) / 2), (float) (BOTTOM + 18));
            }
            Map<Role, Integer> seen = new java.util.EnumMap<>(Role.class);
            // Value labels that would overlap one already written at the same x are left out (the table has them).
            List<List<Double>> labelled = new ArrayList<>();
            for (int i = 0; i < xs.size(); i++) labelled.add(new ArrayList<>());
            double legendY = TOP + 4;
            for (String v : p.variants()) {
                Role role = p.roles().get(v);
                int nth = seen.merge(role, 1, Integer::sum) - 1;
                Color c = COLORS.get(role);
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
                    if (e > 0) g.draw(new Line2D.Double(cx, y.x(Math.max(s - e, Math.pow(10, y.lo()))), cx, y.x(s + e)));
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

    /** The summary's forest plot. */
    private static final class Forest {
        private static final int ROW = 24, TOP = 62;
        private final List<Headline> headlines;

        Forest(List<Headline> headlines) {
            this.headlines = headlines;
        }

        int height() {
            return TOP + headlines.size() * ROW + 56;
        }

        private static String label(Headline h) {
            return h.pattern().name() + " (" + h.at() + ")";
        }

        void paint(Graphics2D g) {
            background(g, WIDTH, height());
            title(g, "Good vs bad: how many times faster, per pattern",
                    "99.9 % interval · log scale · right of 1x the good variant is faster, left of it slower");
            double labelWidth = headlines.stream().mapToDouble(h -> width(label(h), TEXT)).max().orElse(50) + 16;
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
                g.drawString(label(h), (float) (labelWidth - 8 - width(label(h), TEXT)), (float) (y + 4));
                Color c = e.side() > 0 ? COLORS.get(Role.GOOD) : e.side() < 0 ? COLORS.get(Role.BAD) : MUTED;
                g.setColor(c);
                double end = axis.x(e.value());
                if (e.hasInterval()) {
                    g.setStroke(new BasicStroke(2f));
                    g.draw(new Line2D.Double(axis.x(e.low()), y, axis.x(e.high()), y));
                    g.draw(new Line2D.Double(axis.x(e.low()), y - 4, axis.x(e.low()), y + 4));
                    g.draw(new Line2D.Double(axis.x(e.high()), y - 4, axis.x(e.high()), y + 4));
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
    }

    /** {@code  · lost updates per iteration 1,750 → 0} when the headline is a correctness one, the time its cost. */
    private static String fixed(Headline h) {
        Result bad = h.row().cells().get(h.pattern().headline().from()), good = h.row().cells().get(h.pattern().headline().to());
        String m = Summary.correctness(bad, good);
        return m == null ? "" : " · " + Summary.WORDS.getOrDefault(m, m) + " " + Fmt.count(bad.secondary(m)) + " → 0";
    }

    private static void background(Graphics2D g, int w, int h) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, w, h));
    }

    private static void title(Graphics2D g, String title, String subtitle) {
        g.setColor(INK);
        g.setFont(BOLD);
        g.drawString(title, 20, 24);
        g.setFont(TEXT);
        g.setColor(MUTED);
        g.drawString(subtitle, 20, 42);
    }

    private static double width(String s, Font f) {
        return METRICS.getFont().equals(f) ? METRICS.stringWidth(s) : METRICS.stringWidth(s) * f.getSize2D() / TEXT.getSize2D();
    }

    /** A tick label: {@code 0.01}, {@code 2}, {@code 1,000}. */
    static String tick(double v) {
        BigDecimal d = new BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros();
        if (d.scale() <= 0) return String.format(java.util.Locale.ROOT, "%,d", d.toBigInteger());
        return d.toPlainString();
    }

    /** Paints once into a PNG and once into an SVG: {@code base}.png and {@code base}.svg. */
    private static void save(Consumer<Graphics2D> painter, int w, int h, Path base) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        painter.accept(g);
        g.dispose();
        ImageIO.write(image, "png", base.resolveSibling(base.getFileName() + ".png").toFile());

        VectorGraphics2D vg = new VectorGraphics2D();
        painter.accept(vg);
        Document doc = Processors.get("svg").getDocument(vg.getCommands(), new PageSize(0, 0, w, h));
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        doc.writeTo(svg);
        // Coordinates to a tenth of a pixel: half the file, nothing visible lost.
        String text = svg.toString(StandardCharsets.UTF_8).replaceAll("(\\d\\.\\d)\\d+", "$1");
        Files.writeString(base.resolveSibling(base.getFileName() + ".svg"), text, StandardCharsets.UTF_8);
    }

    private static String fileName(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-+$", "").replaceAll("^-+", "");
    }
}
