package dev.ormbench.report;

import dev.ormbench.report.Patterns.Pattern;
import dev.ormbench.report.Summary.Headline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * REPORT.md's headlines along one param: a section per param of {@link #ALONG} that some pattern varies, each
 * headline (its first clause: the correctness counter and the time verdict) in one column per value of the param,
 * so that how a verdict moves with the round-trip time or the dataset size reads on one line.
 */
final class AlongSection {

    /** The section titles, by param: readme-tables.sh copies the rtt one into README.md. */
    static final List<Map.Entry<String, String>> ALONG = List.of(
            Map.entry("rtt", "Headline by round-trip time"),
            Map.entry("dataset", "Headline by dataset size"));

    private AlongSection() {
    }

    /** The sections, each with its heading; empty when no pattern varies a param of {@link #ALONG}. */
    static String of(List<Pattern> patterns) {
        StringBuilder md = new StringBuilder();
        for (Map.Entry<String, String> section : ALONG) {
            String param = section.getKey();
            var along = Summary.along(patterns, param);
            if (along.getValue().isEmpty() || along.getKey().size() < 2) continue;
            md.append("\n## ").append(section.getValue()).append("\n\n");
            md.append("The summary's headline of each pattern at every ").append(param.equals("rtt") ? "round-trip time" : "dataset size")
                    .append(" the run measured (`").append(param).append("`): ").append("the same two variants, the same rule.\n\n");
            List<String> headers = new ArrayList<>(List.of("pattern", "params", "bad → good"));
            List<Boolean> right = new ArrayList<>(List.of(false, false, false));
            for (String v : along.getKey()) {
                headers.add(param + "=" + v);
                right.add(false);
            }
            Table t = new Table(headers, right);
            for (Summary.Along a : along.getValue()) {
                List<String> cells = new ArrayList<>(List.of(a.pattern().name(), a.at(), SummarySection.variants(a.pattern())));
                for (String v : along.getKey()) {
                    Headline h = a.byValue().get(v);
                    cells.add(h == null ? "—" : Summary.clause(h));
                }
                t.add(cells);
            }
            md.append(t.render());
        }
        return md.toString();
    }
}
