package dev.ormbench.report;

import dev.ormbench.report.Patterns.Pattern;
import dev.ormbench.report.Patterns.Row;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The section "Headlines in turns": per headline measured in turns, each trial's ratio, the ratio over all trials,
 * whether the trials agree, and the same pair measured apart by the variants' own benchmarks in the same file, with
 * whether the two agree.
 */
final class TurnsSection {

    private TurnsSection() {
    }

    /** One headline in turns: the pattern, the row whose params it was measured at, and the pair. */
    private record Line(Pattern pattern, Row row, Paired.Headline turns) {
    }

    static String of(List<Pattern> patterns) {
        List<Line> lines = new ArrayList<>();
        for (Pattern p : patterns) {
            if (p.headline() == null) continue;
            Set<String> seen = new LinkedHashSet<>();
            for (Row row : p.rows()) {
                Paired.Headline h = p.turns(row);
                if (h != null && seen.add(row.params().toString())) lines.add(new Line(p, row, h));
            }
        }
        if (lines.isEmpty()) return "";
        int trials = lines.stream().mapToInt(l -> l.turns().trials().size()).max().orElse(0);
        List<String> header = new ArrayList<>(List.of("pattern", "params"));
        for (int i = 1; i <= trials; i++) header.add("trial " + i);
        header.addAll(List.of("all trials (99.9 % interval)", "reproduced", "measured apart (99.9 % interval)"));
        Table t = new Table(header, header.stream().map(x -> false).toList());
        for (Line l : lines) {
            Paired.Headline h = l.turns();
            List<String> cells = new ArrayList<>(List.of(l.pattern().name(), params(l.pattern(), l.row())));
            for (Paired.Trial trial : h.trials()) cells.add(ratio(trial.ratio()) + " · " + trial.rounds() + " rounds");
            while (cells.size() < 2 + trials) cells.add("—");
            cells.add(ratio(h.ratio()));
            cells.add(h.trials().size() < 2 ? "one trial" : h.reproduced() ? "yes" : "**did not reproduce**");
            cells.add(apart(l.pattern(), l.row(), h));
            t.add(cells);
        }
        return "\n## Headlines in turns\n\n"
                + "Where the run has a pattern's `paired…` benchmark, the summary's ratio is its: bad and good took turns of one "
                + "iteration in the same forks, so that what the machine did for seconds at a time fell on both. The ratio is "
                + "the bad turns' summed time over the good turns', round by round; its interval resamples trials, then forks, "
                + "then rounds (a hierarchical bootstrap), so it holds what varies between forks and between trials. A trial "
                + "is one result of the pair in the file (`scripts/results.sh` runs each fork of a trial on a server start of "
                + "its own, and the second trial on a database seeded anew); \"yes\" when every two trials' intervals overlap. The last column is the same pair from the variants' own benchmarks in this file, measured apart (the "
                + "pooled interval of the tables), and whether its interval overlaps the one in turns.\n\n"
                + t.render();
    }

    /** The row's params as the summary gives them, without the mode: a pair in turns is timed per operation. */
    private static String params(Pattern p, Row row) {
        String at = Summary.at(p, row), mode = ", mode " + row.mode();
        return p.severalModes() && at.endsWith(mode) ? at.substring(0, at.length() - mode.length()) : at;
    }

    private static String ratio(Stats.Estimate e) {
        if (Double.isNaN(e.value())) return "no rounds";
        return Fmt.sig3(e.value()) + "x" + (e.hasInterval() ? " (" + Fmt.sig3(e.low()) + "–" + Fmt.sig3(e.high()) + ")" : "");
    }

    /**
     * The same pair from the variants' own benchmarks in this file ({@code Stats.ratio} over their iterations), and
     * whether it agrees with the ratio in turns (the intervals overlap); "—" when the file has not both.
     */
    private static String apart(Pattern p, Row row, Paired.Headline h) {
        Patterns.Speedup s = Patterns.speedup(row, p.headline());
        if (s.estimate() == null || Double.isNaN(s.estimate().value())) return "—";
        return ratio(s.estimate()) + (Stats.overlap(s.estimate(), h.ratio()) ? ", agrees" : ", **disagrees**");
    }
}
