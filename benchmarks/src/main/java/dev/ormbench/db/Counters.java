package dev.ormbench.db;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Statements and rows per operation, as JMH secondary metrics ({@code statements}, {@code rows} in the JSON).
 * <p>
 * Trap: JMH treats an {@code @AuxCounters(EVENTS)} value as a total and <em>sums</em> it over threads, over
 * measurement iterations and over forks to make the score. So this state counts operations too (every
 * benchmark method calls {@link #op(int)} once) and publishes its per-operation ratio divided by
 * threads × measurement iterations × forks: the sum JMH then computes is the mean per operation. The
 * consequence, visible on the console only: a single measurement iteration line shows that share, not the
 * mean (warm-up lines, which JMH does not sum, show the plain per-operation figure).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class Counters {

    private StatementCounter.Tally tally;
    private long statementsAtStart;
    private long ops;
    private long rowsTotal;
    private int threads = 1;
    private int measurementShares = 1;
    private int divisor = 1;
    private final Wire.Window wire = new Wire.Window();

    @Setup(Level.Trial)
    public void trial(BenchmarkParams params) {
        threads = Math.max(1, params.getThreads());
        measurementShares = threads * Math.max(1, params.getMeasurement().getCount()) * Math.max(1, params.getForks());
    }

    @Setup(Level.Iteration)
    public void reset(IterationParams iteration) {
        divisor = iteration.getType() == IterationType.MEASUREMENT ? measurementShares : threads;
        tally = StatementCounter.tally();
        statementsAtStart = tally.statements;
        ops = 0;
        rowsTotal = 0;
        wire.start();
    }

    /** Records one operation that produced {@code rows} result rows (or items). */
    public void op(int rows) {
        ops++;
        rowsTotal += rows;
        wire.mark();
    }

    /** SQL statements (round trips) per operation. */
    public double statements() {
        return perOperation(tally.statements - statementsAtStart);
    }

    /** Result rows (or items) per operation. */
    public double rows() {
        return perOperation(rowsTotal);
    }

    /** Bytes written to the server per operation ({@link Wire}). */
    public double bytesSent() {
        return perOperation(wire.bytesSent());
    }

    /** Bytes read from the server per operation ({@link Wire}). */
    public double bytesReceived() {
        return perOperation(wire.bytesReceived());
    }

    /** µs per operation spent in the socket, waiting for the server's answers ({@link Wire}). */
    public double waitMicros() {
        return perOperation(wire.waitNanos() / 1e3);
    }

    /**
     * For subclasses that publish more metrics. Trap: JMH reads only the public methods that the
     * {@code @AuxCounters} class itself declares, so a subclass must re-declare {@link #statements()} and
     * {@link #rows()} (as calls to {@code super}) or they vanish from the results.
     * <p>
     * {@code total}, counted by this thread in this iteration,
     * as the value to publish so that JMH's sum yields the mean per operation.
     */
    protected final double perOperation(double total) {
        return ops == 0 ? 0 : total / ops / divisor;
    }

    /**
     * For subclasses: a value that this thread measured once for the iteration (a peak, or a count taken
     * at the end of the iteration), published so that JMH's sum yields its mean over threads and iterations.
     */
    protected final double perIteration(double value) {
        return value / divisor;
    }
}
