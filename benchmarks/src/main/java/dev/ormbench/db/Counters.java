package dev.ormbench.db;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Statements and rows per operation, as JMH secondary metrics ({@code statements}, {@code rows} in the JSON), for
 * every benchmark. Normalised per operation by {@link PerOperation}, which also says why nothing extends this class: a
 * metric added here is published for every benchmark; a pattern's own metrics live in a state of their own.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class Counters extends PerOperation {

    private StatementCounter.Tally tally;
    private long statementsAtStart;
    private long rowsTotal;

    @Setup(Level.Iteration)
    public void reset() {
        tally = StatementCounter.tally();
        statementsAtStart = tally.statements;
        rowsTotal = 0;
    }

    /**
     * Records one operation that produced {@code rows} result rows (or items). (A helper that also returned the
     * answer cannot live here: JMH rejects a public method of an {@code @AuxCounters} class that returns anything
     * but a number; see {@code PatternBenchmark.answer}.)
     */
    public void operation(int rows) {
        countOperation();
        rowsTotal += rows;
    }

    /** SQL statements (round trips) per operation. */
    public double statements() {
        return perOperation(tally.statements - statementsAtStart);
    }

    /** Result rows (or items) per operation. */
    public double rows() {
        return perOperation(rowsTotal);
    }
}
