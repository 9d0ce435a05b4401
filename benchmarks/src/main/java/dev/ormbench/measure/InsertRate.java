package dev.ormbench.measure;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code rowsPerSecond}: the rows a benchmark thread inserted in an iteration over the time its operations took,
 * averaged over the iterations (a mean of rates, so not exactly the rows per operation over the mean time per
 * operation when iterations differ).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class InsertRate extends PerOperation {

    private long rowsInserted;
    private long nanos;

    @Setup(Level.Iteration)
    public void clear() {
        rowsInserted = 0;
        nanos = 0;
    }

    /**
     * Records one operation that inserted {@code rows} rows in {@code elapsedNanos}, here and in {@code counters}.
     * (Void: JMH would take a public method of this class that returns a number for a counter.)
     */
    public void inserted(Counters counters, int rows, long elapsedNanos) {
        counters.operation(rows);
        countOperation();
        rowsInserted += rows;
        nanos += elapsedNanos;
    }

    public double rowsPerSecond() {
        return nanos == 0 ? 0 : perIteration(rowsInserted * 1e9 / nanos);
    }

    /**
     * One insert operation, which returns the rows it inserted. The timing helper lives here, not in
     * {@code InsertRate}: JMH would take a public method of that class that returns a number for a counter.
     */
    @FunctionalInterface
    public interface Insert<E extends Exception> {

        int rows() throws E;

        /** Runs {@code insert} and records it in {@code rate} and {@code counters}, timed; returns its rows. */
        static <E extends Exception> int timed(InsertRate rate, Counters counters, Insert<E> insert) throws E {
            long start = System.nanoTime();
            int rows = insert.rows();
            rate.inserted(counters, rows, System.nanoTime() - start);
            return rows;
        }
    }
}
