package dev.ormbench.report;

import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.Stats.Estimate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The headline pairs measured in turns: a {@code paired…} benchmark ran a pattern's bad and good variants in the same
 * forks, one iteration each in turn, and published {@code badTurn} (positive in a bad turn) per iteration. Here its
 * JSON becomes rounds — a bad turn and a good turn next to each other in time — and the ratio bad/good with an interval
 * over trials, forks and rounds ({@link Stats#turns}).
 * <p>
 * A trial is one result of the paired benchmark at given params; a file holding several (a run that measured the
 * pair at different times, with the server restarted between them) gives several trials, in file order. Each trial
 * also gets its own ratio and interval, and the pair "reproduced" when every two trials' intervals overlap.
 */
public final class Paired {

    /** The secondary metric that marks a bad turn. */
    static final String MARK = "badTurn";

    private Paired() {
    }

    /** One trial: the JMH result and its own ratio; {@code rounds} counts the rounds it contributed. */
    public record Trial(Result result, Estimate ratio, int rounds) {
    }

    /** The pair at one set of params: its trials, the ratio over all of them, and whether the trials agree. */
    public record Headline(List<Trial> trials, Estimate ratio, boolean reproduced) {

        /** The rounds over all trials. */
        public int rounds() {
            return trials.stream().mapToInt(Trial::rounds).sum();
        }
    }

    /** The paired results of one pattern class, by their params ({@code Map.toString()}), in file order. */
    static Map<String, Headline> of(List<Result> paired) {
        Map<String, List<Result>> byParams = new LinkedHashMap<>();
        for (Result r : paired) byParams.computeIfAbsent(r.params().toString(), k -> new ArrayList<>()).add(r);
        Map<String, Headline> out = new LinkedHashMap<>();
        byParams.forEach((params, results) -> out.put(params, headline(results)));
        return out;
    }

    static Headline headline(List<Result> results) {
        List<Trial> trials = new ArrayList<>();
        List<List<double[][]>> all = new ArrayList<>();
        for (Result r : results) {
            List<double[][]> forks = rounds(r);
            int n = forks.stream().mapToInt(f -> f.length).sum();
            trials.add(new Trial(r, Stats.turns(List.of(forks)), n));
            if (n > 0) all.add(forks);
        }
        boolean reproduced = true;
        for (int i = 0; i < trials.size(); i++) {
            for (int j = i + 1; j < trials.size(); j++) {
                reproduced &= Stats.overlap(trials.get(i).ratio(), trials.get(j).ratio());
            }
        }
        Estimate ratio = all.isEmpty() ? new Estimate(Double.NaN, Double.NaN, Double.NaN) : Stats.turns(all);
        return new Headline(List.copyOf(trials), ratio, reproduced);
    }

    /**
     * The rounds of each fork of {@code r}: its measured iterations two by two, in order, each pair {@code {bad, good}}
     * as times (a throughput is inverted); a pair that is not one bad and one good turn, or an odd last iteration, is
     * left out. No rounds without the {@link #MARK} metric.
     */
    static List<double[][]> rounds(Result r) {
        JmhResults.Metric mark = r.secondary().get(MARK);
        if (mark == null) return List.of();
        double[][] times = r.primary().byFork(), marks = mark.byFork();
        List<double[][]> out = new ArrayList<>();
        for (int f = 0; f < times.length && f < marks.length; f++) {
            List<double[]> rounds = new ArrayList<>();
            for (int i = 0; i + 1 < times[f].length && i + 1 < marks[f].length; i += 2) {
                boolean firstBad = marks[f][i] > 0, secondBad = marks[f][i + 1] > 0;
                if (firstBad == secondBad) continue;
                double a = time(r, times[f][i]), b = time(r, times[f][i + 1]);
                rounds.add(firstBad ? new double[] {a, b} : new double[] {b, a});
            }
            if (!rounds.isEmpty()) out.add(rounds.toArray(double[][]::new));
        }
        return out;
    }

    private static double time(Result r, double score) {
        return r.higherIsBetter() ? 1 / score : score;
    }
}
