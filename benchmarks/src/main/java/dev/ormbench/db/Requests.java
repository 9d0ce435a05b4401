package dev.ormbench.db;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The users the requests of a benchmark thread read: each thread asks for users in turn, starting at its own place
 * (thread {@code i} of {@code n} at user {@code users × i / n}), so that the threads do not all read the same rows.
 */
@State(Scope.Thread)
public class Requests {
    private int thread;
    private int threads;
    private long next;

    @Setup(Level.Trial)
    public void start(ThreadParams params) {
        thread = params.getThreadIndex();
        threads = params.getThreadCount();
    }

    /** The id of the user the next request reads, of {@code users} users numbered from 1. */
    public long nextUserId(long users) {
        if (next == 0) next = users * thread / threads;
        next = next % users + 1;
        return next;
    }
}
