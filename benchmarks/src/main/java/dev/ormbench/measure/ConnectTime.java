package dev.ormbench.measure;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code connectMicros}: microseconds per request spent getting a connection (opening one, or borrowing one from a
 * pool, waiting included).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class ConnectTime extends PerOperation {
    private long connectNanos;

    @Setup(Level.Iteration)
    public void clear() {
        connectNanos = 0;
    }

    /**
     * Records one request that waited {@code nanos} for its connection.
     * (Void: JMH would take a public method of this class that returns a number for a counter.)
     */
    public void connected(long nanos) {
        countOperation();
        connectNanos += nanos;
    }

    public double connectMicros() {
        return perOperation(connectNanos / 1000.0);
    }
}
