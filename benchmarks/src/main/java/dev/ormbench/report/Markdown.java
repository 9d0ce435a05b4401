package dev.ormbench.report;

import dev.ormbench.report.Baseline.Comparison;
import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.Patterns.Pattern;

import java.util.List;
import java.util.Map;

/**
 * REPORT.md, section by section: the environment ({@link EnvironmentSection}), the summary ({@link SummarySection}),
 * the headlines along a param ({@link AlongSection}), the round-trip {@link Model}, the baseline diff
 * ({@link BaselineSection}), a section per pattern with its tables and charts ({@link PatternSection}), and how the
 * numbers are computed ({@link MethodNotes}).
 */
final class Markdown {

    private Markdown() {
    }

    /**
     * What one report is made of. {@code source} is the JSON's file name ({@code sourceBeside} when it lies in the
     * report's folder, to be linked); {@code environmentFile} and {@code plansFile} the run's files in that folder, or
     * null; {@code where} is the report's path in the repository, for its citations. {@code comparison},
     * {@code baselineFile} and {@code baselineEnv} may be null.
     */
    record Input(String source, boolean sourceBeside, String environmentFile, String plansFile, String where, List<Result> results,
                 Map<String, String> environment, List<Pattern> patterns, Map<String, List<Charts.Chart>> charts,
                 Charts.Chart summaryChart, Comparison comparison, String baselineFile, Map<String, String> baselineEnvironment,
                 List<String> notes) {
    }

    static String report(Input in) {
        StringBuilder md = new StringBuilder();
        md.append("# ormbench report\n\n");
        md.append("From ").append(in.sourceBeside() ? link(in.source()) : Fmt.code(in.source())).append(" (JMH's own JSON: jmh-visualizer and other JMH tools read it unchanged)");
        if (in.environmentFile() != null) md.append(", the run's environment in ").append(link(in.environmentFile()));
        if (in.plansFile() != null) md.append(", the plans of its measured statements in ").append(link(in.plansFile()));
        md.append(". ").append(in.patterns().size()).append(in.patterns().size() == 1 ? " pattern, " : " patterns, ")
                .append(in.results().size()).append(" results. Numbers have three significant digits; ")
                .append(link("results.csv")).append(" has every digit. How they are computed: [notes](#how-the-numbers-are-computed).\n\n");
        for (String note : in.notes()) md.append("> ⚠ ").append(note).append("\n\n");

        md.append("## Environment\n\n");
        md.append(EnvironmentSection.of(in.environment(), in.results()));
        md.append("\n## Summary\n\n");
        md.append(SummarySection.of(in.patterns(), in.summaryChart(), in.environment(), in.where()));
        md.append(TurnsSection.of(in.patterns()));
        md.append(AlongSection.of(in.patterns()));
        md.append(Model.section(in.patterns(), in.environment()));
        if (in.comparison() != null) md.append(BaselineSection.of(in.comparison(), in.baselineFile(), in.baselineEnvironment()));
        for (Pattern p : in.patterns()) md.append(PatternSection.of(p, in.charts().getOrDefault(p.className(), List.of())));
        md.append(MethodNotes.section());
        return md.toString();
    }

    /** {@code [`path`](path)}: a file of the run, linked from the report. */
    private static String link(String path) {
        return "[`" + path + "`](" + path.replace(" ", "%20") + ")";
    }
}
