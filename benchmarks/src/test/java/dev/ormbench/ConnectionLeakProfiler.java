package dev.ormbench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Counts the suite's connections at the end of each iteration of a trial; JMH makes one per benchmark. */
public final class ConnectionLeakProfiler implements InternalProfiler {
    private int iteration;

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        try {
            if (++iteration < iterationParams.getCount()) {
                Set<Integer> now = new HashSet<>(SuiteConnections.suiteConnections(ConnectionLeakTest.server));
                now.removeAll(ConnectionLeakTest.before);
                ConnectionLeakTest.DURING.put(benchmarkParams.getBenchmark(), now.size());
            } else {
                // The last iteration ran the trial's tear-down: the pools are closed.
                ConnectionLeakTest.LEFT.put(benchmarkParams.getBenchmark(),
                        SuiteConnections.awaitSuiteConnections(ConnectionLeakTest.server, ConnectionLeakTest.before));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return List.of();
    }

    @Override
    public String getDescription() {
        return "the suite's connections in pg_stat_activity after each iteration";
    }
}
