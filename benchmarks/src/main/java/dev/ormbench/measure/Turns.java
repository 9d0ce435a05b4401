package dev.ormbench.measure;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.util.SplittableRandom;

/**
 * Turns: a pattern's headline pair, bad and good, measured in one fork, one iteration each in turn, so that what the
 * host does for several seconds at a time falls on both alike. A pattern's {@code paired…} benchmark asks, each
 * operation, whose turn it is: {@code turns.badTurn() > 0 ? bad(…) : good(…)}.
 * <p>
 * Why turns of whole iterations. Measured apart, bad and good run minutes apart, and this kind of machine runs in
 * phases of seconds (one speed for several seconds, 1.2–4x slower for the next several): a phase can fall on one
 * variant and not the other, and the ratio moves from run to run by more than its interval says. Interleaved, a
 * phase lands on both. Interleaving every operation instead would let the bad operation's garbage and cache
 * footprint land on the good one (it ran 20–60 % slower so, METHODOLOGY "Headlines in turns"); a turn of one
 * iteration (1 s by default) is long enough for each to run as it does alone, and short enough to share the phases.
 * <p>
 * The order: measured iterations form rounds of two, one bad and one good, in an order drawn at random per round
 * (rounds in random order keep a periodic disturbance from lining up with one variant); warm-up iterations take
 * turns the same way, so both variants are warm. Every thread of a fork follows the same order: the draw depends
 * on the fork's seed and the round alone. Before each turn a full GC, outside the measurement, so that no turn
 * inherits the other's garbage.
 * <p>
 * What it publishes: {@code badTurn}, positive in an iteration of the bad variant and zero in one of the good
 * (JMH's {@code @AuxCounters} publish every public numeric method, and reject a public method of any other return
 * type, hence a number rather than a boolean). The report reads it per iteration from the JSON's raw data to split
 * the iterations, and computes the ratio round by round with an interval over forks and trials. JMH's own score of
 * a {@code paired…} benchmark is the mean over both variants' iterations: read the report's ratio, not that score.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class Turns extends PerOperation {

    /** The fork's seed: every thread of the fork draws the same order, each fork its own. */
    private static final long SEED = System.nanoTime() ^ ProcessHandle.current().pid() * 0x9E3779B97F4A7C15L;

    private int warmups;
    private int measured;
    private boolean bad;

    @Setup(Level.Iteration)
    public void nextTurn(IterationParams iteration) {
        boolean measuring = iteration.getType() == IterationType.MEASUREMENT;
        int index = measuring ? measured++ : warmups++;
        bad = isBadTurn(SEED ^ (measuring ? 1 : 0), index);
        System.gc();
    }

    /**
     * Whose turn iteration {@code index} of a phase is: rounds of two ({@code index / 2}), bad first or second as
     * drawn for that round from {@code seed}. Each round holds one bad and one good turn.
     */
    static boolean isBadTurn(long seed, int index) {
        boolean badFirst = new SplittableRandom(seed + index / 2).nextBoolean();
        return (index % 2 == 0) == badFirst;
    }

    /** Positive in a turn of the bad variant, zero in a turn of the good one (see the class comment). */
    public double badTurn() {
        return bad ? perIteration(1) : 0;
    }
}
