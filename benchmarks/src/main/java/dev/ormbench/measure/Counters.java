package dev.ormbench.measure;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Statements, rows and the wire ({@code bytesSent}, {@code bytesReceived}, {@code waitMicros}: {@link Wire}) per
 * operation, as JMH secondary metrics ({@code statements}, {@code rows}, ... in the JSON), for
 * every benchmark. Normalised per operation by {@link PerOperation}, which also says why nothing extends this class: a
 * metric added here is published for every benchmark; a pattern's own metrics live in a state of their own.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class Counters extends PerOperation {

    private StatementCounter.Tally tally;
    private long statementsAtStart;
    private long rowsTotal;
    private final Wire.Window wire = new Wire.Window();

    @Setup(Level.Iteration)
    public void reset() {
        tally = StatementCounter.tally();
        statementsAtStart = tally.statements;
        rowsTotal = 0;
        wire.start();
    }

    /**
     * Records one operation that produced {@code rows} result rows (or items). (A helper that also returned the
     * answer cannot live here: JMH rejects a public method of an {@code @AuxCounters} class that returns anything
     * but a number; see {@code PatternBenchmark.answer}.)
     */
    public void operation(int rows) {
        countOperation();
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

}
