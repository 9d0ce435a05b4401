package dev.ormbench.report;

import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.Patterns.Pattern;
import dev.ormbench.report.Patterns.Row;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The section "Headlines in turns": per headline measured in turns, each trial's ratio, the ratio over all trials,
 * whether the trials agree, and how fast each variant ran in turns against its own benchmark in the same file — the
 * check that taking turns did not change what it measures.
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
        header.addAll(List.of("all trials (99.9 % interval)", "reproduced", "in turns / alone: bad · good"));
        Table t = new Table(header, header.stream().map(x -> false).toList());
        for (Line l : lines) {
            Paired.Headline h = l.turns();
            List<String> cells = new ArrayList<>(List.of(l.pattern().name(), params(l.pattern(), l.row())));
            for (Paired.Trial trial : h.trials()) cells.add(ratio(trial.ratio()) + " · " + trial.rounds() + " rounds");
            while (cells.size() < 2 + trials) cells.add("—");
            cells.add(ratio(h.ratio()));
            cells.add(h.trials().size() < 2 ? "one trial" : h.reproduced() ? "yes" : "**did not reproduce**");
            cells.add(alone(h, 0, l.row().cells().get(l.pattern().headline().from())) + " · "
                    + alone(h, 1, l.row().cells().get(l.pattern().headline().to())));
            t.add(cells);
        }
        return "\n## Headlines in turns\n\n"
                + "Where the run has a pattern's `paired…` benchmark, the summary's ratio is its: bad and good took turns of one "
                + "iteration in the same forks, so that what the machine did for seconds at a time fell on both. The ratio is "
                + "the bad turns' summed time over the good turns', round by round; its interval resamples trials, then forks, "
                + "then rounds (a hierarchical bootstrap), so it holds what varies between forks and between trials. A trial "
                + "is one start of the pair, the server restarted between trials; \"yes\" when every two trials' intervals "
                + "overlap. The last column compares each variant's mean time in turns with its own benchmark in this file: "
                + "near 1x, taking turns did not change what is measured.\n\n"
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

    /** {@code 1.03x}: the variant's mean time in turns over its own benchmark's time; "—" when either is unknown. */
    private static String alone(Paired.Headline h, int side, Result own) {
        double inTurns = h.turnMicros(side), alone = own == null ? Double.NaN : Times.timeMicros(own);
        return Double.isNaN(inTurns) || !(alone > 0) ? "—" : Fmt.sig3(inTurns / alone) + "x";
    }
}
