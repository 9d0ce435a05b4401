package dev.ormbench.report;

import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.Patterns.Pattern;
import dev.ormbench.report.Summary.Headline;

import java.util.List;
import java.util.Map;

/**
 * REPORT.md's summary: per pattern its one headline, bad against good at the largest dataset, in one table with the
 * forest plot under it; the lines a review quotes, so each says which variants, which params and how sure.
 */
final class SummarySection {

    private SummarySection() {
    }

    /**
     * The section's body: how a headline is chosen, the table, the chart ({@code chart} may be null), and a citation
     * per row ({@link Citations}; {@code report} is where REPORT.md is, {@code env} the run's environment).
     */
    static String of(List<Pattern> patterns, Charts.Chart chart, Map<String, String> env, String report) {
        StringBuilder md = new StringBuilder();
        md.append("Per pattern, at the largest dataset measured: its one bad… variant against its one good… variant, ")
                .append("chosen by the benchmark's method names before any number was read. \"Faster\" or \"slower\" only ")
                .append("when the whole 99.9 % interval of the ratio (in brackets) is on one side of 1x.");
        if (patterns.stream().anyMatch(p -> !p.turns().isEmpty())) {
            md.append(" A ratio \"in turns\" is the pair measured taking turns in the same forks, its interval over trials, forks ")
                    .append("and rounds, so that it holds what varies from run to run ([Headlines in turns](#headlines-in-turns)).");
        }
        md.append("\n\n");
        List<Headline> headlines = Summary.of(patterns);
        md.append(table(headlines));
        if (chart != null) md.append("\n![").append(chart.caption()).append("](").append(chart.svg()).append(")\n");
        md.append(Citations.section(headlines, env, report));
        return md.toString();
    }

    /** The summary table: one row per pattern and headline params, no column repeating another; each row its anchor. */
    static String table(List<Headline> headlines) {
        if (headlines.isEmpty()) return "No pattern has a result.\n";
        Table t = new Table(List.of("pattern", "params", "bad → good", "time/op bad → good", "headline (99.9 % interval)",
                "statements/op bad → good"), List.of(false, false, false, true, false, true));
        for (Headline h : headlines) {
            Pattern p = h.pattern();
            if (p.headline() == null) {
                t.add(Citations.cell(h), h.at(), "—", "—", h.words(), "—");
                continue;
            }
            Result bad = h.row().cells().get(p.headline().from()), good = h.row().cells().get(p.headline().to());
            String statements = Summary.statements(h);
            t.add(Citations.cell(h), h.at(), variants(p), times(bad, good), h.words(), statements.isEmpty() ? "—" : statements);
        }
        return t.render();
    }

    /** The headline's two variants: {@code `badX` → `goodX`}. */
    static String variants(Pattern p) {
        return "`" + p.headline().from() + "` → `" + p.headline().to() + "`";
    }

    /** {@code 8.36 → 0.446 ms} in one unit, or each in its own JMH unit when they are not times per operation. */
    private static String times(Result bad, Result good) {
        if (bad == null || good == null) return "—";
        double a = bad.primary().score() * Times.primaryMicros(bad), b = good.primary().score() * Times.primaryMicros(good);
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Fmt.sig3(bad.primary().score()) + " → " + Fmt.sig3(good.primary().score()) + " " + good.primary().unit();
        }
        var u = Times.unitFor(Math.max(a, b));
        return Fmt.sig3(a / u.getValue()) + " → " + Fmt.sig3(b / u.getValue()) + " " + u.getKey();
    }
}
