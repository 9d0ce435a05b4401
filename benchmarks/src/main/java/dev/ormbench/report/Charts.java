package dev.ormbench.report;

import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.JmhResults.Role;
import dev.ormbench.report.Patterns.Pattern;
import dev.ormbench.report.Patterns.Row;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Per pattern (and per value of its other varying params), the variants' scores across dataset sizes on a
 * logarithmic axis, with JMH's 99.9 % interval as error bars, drawn by XChart as SVG and PNG.
 * <p>
 * XChart's own error bars refuse a logarithmic axis as soon as one interval reaches zero, which a noisy run with few
 * iterations often does; so each bar is a two-point line series of its own, and a lower bound at or below zero is
 * drawn down to the bottom of the chart.
 */
public final class Charts {

    private static final Map<Role, List<Color>> COLORS = Map.of(
            Role.BAD, List.of(new Color(0xD6, 0x27, 0x28), new Color(0xFF, 0x7F, 0x0E), new Color(0x8C, 0x56, 0x4B)),
            Role.GOOD, List.of(new Color(0x2C, 0xA0, 0x2C), new Color(0x17, 0xBE, 0xCF), new Color(0xBC, 0xBD, 0x22)),
            Role.FLOOR, List.of(new Color(0x1F, 0x77, 0xB4), new Color(0x94, 0x67, 0xBD)),
            Role.OTHER, List.of(new Color(0x7F, 0x7F, 0x7F), new Color(0xE3, 0x77, 0xC2)));

    private Charts() {
    }

    /** A chart written to the output folder, with paths relative to it. */
    public record Chart(String caption, String svg, String png) {
    }

    /** Draws the charts of {@code p} into {@code dir}/charts; a chart that cannot be drawn adds a line to {@code notes}. */
    public static List<Chart> write(Pattern p, Path dir, List<String> notes) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row row : p.rows()) {
            List<String> key = new ArrayList<>();
            p.columns().stream().filter(c -> !c.equals("dataset")).forEach(c -> key.add(c + "=" + row.params().get(c)));
            if (p.severalModes()) key.add("mode " + row.mode());
            groups.computeIfAbsent(String.join(", ", key), k -> new ArrayList<>()).add(row);
        }
        List<Chart> out = new ArrayList<>();
        Files.createDirectories(dir.resolve("charts"));
        for (Map.Entry<String, List<Row>> g : groups.entrySet()) {
            String title = p.name() + (g.getKey().isEmpty() ? "" : " (" + g.getKey() + ")");
            Set<String> units = g.getValue().stream().flatMap(r -> r.cells().values().stream()).map(r -> r.primary().unit())
                    .collect(Collectors.toSet());
            if (units.size() != 1) {
                notes.add(title + ": no chart, the variants' units differ (" + String.join(", ", units) + ")");
                continue;
            }
            XYChart chart = chart(p, title, g.getValue(), units.iterator().next());
            if (chart == null) {
                notes.add(title + ": no chart, no positive score to draw on a logarithmic axis");
                continue;
            }
            String file = fileName(p.name() + (g.getKey().isEmpty() ? "" : "-" + g.getKey()));
            Path base = dir.resolve("charts").resolve(file);
            writeSvg(chart, dir.resolve("charts").resolve(file + ".svg"));
            BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
            out.add(new Chart(title + ": " + String.join(" vs ", p.variants()) + ", " + units.iterator().next()
                    + ", log scale", "charts/" + file + ".svg", "charts/" + file + ".png"));
        }
        return out;
    }

    static XYChart chart(Pattern p, String title, List<Row> rows, String unit) {
        List<String> sizes = rows.stream().map(r -> r.params().getOrDefault("dataset", "")).distinct().toList();
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (Row r : rows) {
            for (Result x : r.cells().values()) {
                double s = x.primary().score(), e = x.primary().error();
                if (s > 0) {
                    min = Math.min(min, s);
                    max = Math.max(max, s);
                }
                if (s - e > 0) min = Math.min(min, s - e);
                if (s + e > 0 && !Double.isNaN(e)) max = Math.max(max, s + e);
            }
        }
        if (!(max > 0)) return null;
        double bottom = Math.pow(10, Math.floor(Math.log10(min)));

        XYChart chart = new XYChartBuilder().width(800).height(480).title(title)
                .xAxisTitle("dataset").yAxisTitle(unit + " (log scale)").build();
        var style = chart.getStyler();
        style.setYAxisLogarithmic(true);
        style.setYAxisMin(bottom);
        style.setXAxisMin(-0.5);
        style.setXAxisMax(sizes.size() - 0.5);
        style.setLegendPosition(Styler.LegendPosition.OutsideS);
        style.setLegendLayout(Styler.LegendLayout.Horizontal);
        style.setChartBackgroundColor(Color.WHITE);
        style.setPlotGridVerticalLinesVisible(false);
        style.setPlotGridLinesStroke(new BasicStroke(0.5f)); // solid: a dashed line is hundreds of shapes in SVG
        style.setPlotGridLinesColor(new Color(0xDD, 0xDD, 0xDD));
        style.setMarkerSize(8);
        style.setYAxisDecimalPattern("#,##0.###");
        // Dataset names at the whole-number ticks. XChart 3.8.8 drops every label unless all are distinct, so the
        // ticks in between get distinct invisible labels (runs of zero-width spaces).
        chart.setCustomXAxisTickLabelsFormatter(x -> {
            long i = Math.round(x);
            return Math.abs(x - i) < 1e-6 && i >= 0 && i < sizes.size() ? sizes.get((int) i)
                    : "\u200B".repeat((int) Math.max(1, Math.round((x + 1) * 100)));
        });

        int n = p.variants().size();
        Map<Role, Integer> used = new LinkedHashMap<>();
        for (int j = 0; j < n; j++) {
            String v = p.variants().get(j);
            Role role = p.roles().get(v);
            List<Color> palette = COLORS.get(role);
            Color color = palette.get((used.merge(role, 1, Integer::sum) - 1) % palette.size());
            double offset = n == 1 ? 0 : (j - (n - 1) / 2.0) * 0.06;
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (Row r : rows) {
                Result x = r.cells().get(v);
                if (x == null || !(x.primary().score() > 0)) continue;
                double at = sizes.indexOf(r.params().getOrDefault("dataset", "")) + offset;
                double s = x.primary().score(), e = x.primary().error();
                xs.add(at);
                ys.add(s);
                if (!Double.isNaN(e) && e > 0) {
                    XYSeries bar = chart.addSeries(v + " interval " + at, new double[]{at, at},
                            new double[]{Math.max(bottom, s - e), s + e});
                    bar.setShowInLegend(false);
                    bar.setMarker(SeriesMarkers.NONE);
                    bar.setLineColor(color);
                    bar.setLineStyle(new BasicStroke(1.5f));
                }
            }
            if (xs.isEmpty()) continue;
            XYSeries series = chart.addSeries(v, xs, ys);
            series.setLineColor(color);
            series.setMarkerColor(color);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /**
     * XChart draws text as outlines, with coordinates to many decimals: rounding them to a tenth of a pixel halves
     * the file and changes nothing visible.
     */
    private static void writeSvg(XYChart chart, Path file) throws IOException {
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        String text = svg.toString(StandardCharsets.UTF_8).replaceAll("(\\d\\.\\d)\\d+", "$1");
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String fileName(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-+$", "");
    }
}
