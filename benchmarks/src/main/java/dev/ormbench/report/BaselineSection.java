package dev.ormbench.report;

import dev.ormbench.report.Baseline.Change;
import dev.ormbench.report.Baseline.Comparison;
import dev.ormbench.report.Baseline.Verdict;
import dev.ormbench.report.JmhResults.Result;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.ormbench.report.Fmt.plural;

/**
 * REPORT.md's comparison with a baseline run ({@code --baseline}): new over old per benchmark, a regression or an
 * improvement flagged only where the two runs' intervals do not overlap, and what only one of the runs has.
 */
final class BaselineSection {

    private BaselineSection() {
    }

    /** The section with its heading; {@code env} is the baseline's environment, null when it has none. */
    static String of(Comparison c, String file, Map<String, String> env) {
        StringBuilder md = new StringBuilder("\n## Compared with the baseline\n\n");
        md.append("Baseline `").append(file).append("`");
        if (env != null) {
            md.append(" (").append(env.getOrDefault("date", "date unknown")).append(", commit ")
                    .append(Fmt.code(env.getOrDefault("gitCommit", "unknown"))).append(")");
        }
        md.append(". ").append(plural((int) c.count(Verdict.REGRESSION), "regression")).append(", ")
                .append(plural((int) c.count(Verdict.IMPROVEMENT), "improvement")).append(", ")
                .append(c.count(Verdict.SAME)).append(" without significant change, ")
                .append(c.count(Verdict.UNKNOWN)).append(" without a verdict. ")
                .append("New/old is this run's score over the baseline's; a change is flagged only where the two runs' ")
                .append("99.9 % intervals do not overlap.\n\n");
        if (!c.ignoredParams().isEmpty()) {
            md.append("> ⚠ a param only one of the runs has was ignored to pair the results: ")
                    .append(String.join(", ", c.ignoredParams())).append(" (added or removed between the two versions of the suite).\n\n");
        }
        if (c.changes().isEmpty()) {
            md.append("> ⚠ no benchmark (with the same params and mode) is in both runs.\n");
        } else {
            Table t = new Table(List.of("benchmark", "params", "mode", "baseline", "this run", "new/old (×)",
                    "statements/op old → new", "verdict"), List.of(false, false, false, true, true, true, true, false));
            for (Change ch : c.changes()) {
                Result o = ch.old(), n = ch.now();
                String statements = Double.isNaN(o.secondary("statements")) && Double.isNaN(n.secondary("statements")) ? "—"
                        : Fmt.count(o.secondary("statements")) + " → " + Fmt.count(n.secondary("statements"));
                String verdict = ch.verdict() == Verdict.REGRESSION || ch.verdict() == Verdict.IMPROVEMENT
                        ? "**" + ch.describe() + "**" : ch.describe();
                t.add(shortName(n), params(n), n.mode(),
                        Fmt.scoreError(o.primary().score(), o.primary().error()) + " " + o.primary().unit(),
                        Fmt.scoreError(n.primary().score(), n.primary().error()) + " " + n.primary().unit(),
                        Double.isNaN(ch.ratio().value()) ? "n/a" : Fmt.ratio(ch.ratio()), statements, verdict);
            }
            md.append(t.render());
        }
        md.append(only("this run", c.onlyNew())).append(only("the baseline", c.onlyOld()));
        return md.toString();
    }

    /** {@code Only in this run: …} listing {@code results}; empty when there are none. */
    private static String only(String where, List<Result> results) {
        if (results.isEmpty()) return "";
        return "\nOnly in " + where + ": " + results.stream().map(r -> shortName(r) + " " + params(r))
                .collect(Collectors.joining("; ")) + ".\n";
    }

    private static String shortName(Result r) {
        String cls = r.className().substring(r.className().lastIndexOf('.') + 1);
        return cls + "." + r.method();
    }

    private static String params(Result r) {
        return r.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
