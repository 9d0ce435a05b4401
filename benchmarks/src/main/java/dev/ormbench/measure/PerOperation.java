package dev.ormbench.measure;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The normalisation every {@code @AuxCounters(EVENTS)} state of the suite shares; subclass it, annotate the subclass
 * {@code @State(Scope.Thread) @AuxCounters(AuxCounters.Type.EVENTS)}, and call {@link #countOperation()} once per
 * benchmark operation.
 * <p>
 * Two JMH traps, explained here once:
 * <ul>
 *   <li>JMH treats an {@code EVENTS} value as a total and <em>sums</em> it over threads, over measurement iterations
 *       and over forks to make the score. So a counter publishes its per-operation ratio divided by
 *       threads × measurement iterations × forks ({@link #perOperation}): the sum JMH then computes is the mean per
 *       operation. Consequence, visible on the console only: a single measurement iteration line shows that share,
 *       not the mean (warm-up lines, which JMH does not sum, show the plain per-operation figure).</li>
 *   <li>JMH publishes only the public methods (and fields) that the {@code @AuxCounters} class itself declares, not
 *       inherited ones. So the suite never extends a publishing class (JMH does not allow a final state class, so this
 *       is a rule, not a modifier): {@link Counters}, which every benchmark takes, has no subclass, and a pattern
 *       with metrics of its own takes a second {@code @AuxCounters} state beside it. A metric added to
 *       {@link Counters} is thereby published for every benchmark.</li>
 * </ul>
 */
public abstract class PerOperation {

    private long ops;
    private int threads = 1;
    private int measurementShares = 1;
    private int divisor = 1;

    @Setup(Level.Trial)
    public void shares(BenchmarkParams params) {
        threads = Math.max(1, params.getThreads());
        measurementShares = threads * Math.max(1, params.getMeasurement().getCount()) * Math.max(1, params.getForks());
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        divisor = iteration.getType() == IterationType.MEASUREMENT ? measurementShares : threads;
        ops = 0;
    }

    /** Records one benchmark operation of this thread. */
    protected final void countOperation() {
        ops++;
    }

    /**
     * {@code total}, counted by this thread in this iteration, as the value to publish so that JMH's sum yields the
     * mean per operation.
     */
    protected final double perOperation(double total) {
        return ops == 0 ? 0 : total / ops / divisor;
    }

    /**
     * A value that this thread measured once for the iteration (a peak, or a count taken at the end of the
     * iteration), published so that JMH's sum yields its mean over threads and iterations.
     */
    protected final double perIteration(double value) {
        return value / divisor;
    }
}
