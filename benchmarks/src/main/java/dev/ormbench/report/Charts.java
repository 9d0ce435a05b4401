package dev.ormbench.report;

import dev.ormbench.report.Patterns.Pattern;
import dev.ormbench.report.Patterns.Row;
import dev.ormbench.report.Summary.Headline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The charts of a report, each drawn once into a PNG and once into an SVG ({@link Draw#save}) under {@code charts/}:
 * per pattern a {@link BarChart} per table and a {@link LineChart} along each param with several values, and for
 * the summary a {@link ForestPlot} of the headlines. Here: which charts a pattern gets, and their file names.
 */
final class Charts {

    private Charts() {
    }

    /** A chart written to the output folder, with paths relative to it; {@code row} is null for a chart of no one table. */
    record Chart(Row row, String caption, String svg, String png) {
    }

    /** Draws the charts of {@code p} into {@code dir}/charts; a row that cannot be drawn adds a line to {@code notes}. */
    static List<Chart> write(Pattern p, Path dir, List<String> notes) throws IOException {
        Path charts = Files.createDirectories(dir.resolve("charts"));
        Set<String> files = new LinkedHashSet<>();
        List<Chart> out = new ArrayList<>(BarChart.perRow(p, charts, files, notes));
        out.addAll(LineChart.alongAxes(p, charts, files));
        return out;
    }

    /** The forest plot of the headlines with a speedup; null when there is none. */
    static Chart summary(List<Headline> headlines, Path dir) throws IOException {
        return ForestPlot.write(headlines, Files.createDirectories(dir.resolve("charts")));
    }

    /** The chart drawn as {@code charts/file}.svg and .png. */
    static Chart chart(Row row, String caption, String file) {
        return new Chart(row, caption, "charts/" + file + ".svg", "charts/" + file + ".png");
    }

    /** A file name for {@code name}, made safe, with -2, -3, … when one of the pattern's charts already has it. */
    static String unique(Set<String> files, String name) {
        String base = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-+$", "").replaceAll("^-+", "");
        String file = base;
        for (int i = 2; !files.add(file); i++) file = base + "-" + i;
        return file;
    }
}
