package dev.ormbench.db;

import dev.ormbench.measure.Counters;
import dev.ormbench.measure.PerOperation;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The row-locking pattern's counters: {@code retries} per operation, and {@code lostUpdates} per iteration, the
 * count of the iteration's {@link Accounts.Audit}, which every thread publishes as its share so that JMH's sum is the
 * mean per iteration. Taking this state brings the audit into the benchmark (JMH makes the states a state's set-up
 * takes), so a benchmark gets its accounts reset and audited around every iteration by taking this.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class LockCounters extends PerOperation {

    private Accounts.Audit audit;
    private long retriesTotal;

    @Setup(Level.Iteration)
    public void clear(Accounts.Audit audit) {
        this.audit = audit;
        retriesTotal = 0;
    }

    /**
     * Records one withdrawal, here and in {@code counters} (a row when it took the money).
     * (Void: JMH would take a public method of this class that returns a number for a counter.)
     */
    public void withdrawal(Counters counters, boolean done, int retries) {
        counters.operation(done ? 1 : 0);
        countOperation();
        retriesTotal += retries;
    }

    public double retries() {
        return perOperation(retriesTotal);
    }

    public double lostUpdates() {
        return audit == null ? 0 : perIteration(audit.lostUpdates());
    }
}
