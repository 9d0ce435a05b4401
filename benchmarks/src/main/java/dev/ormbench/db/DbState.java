package dev.ormbench.db;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The dataset every benchmark runs on, chosen with {@code -p dataset=small,medium,large} (by default only
 * {@code large}, the size the committed results are made at: small is for tests and smoke runs), and the network
 * round-trip time, {@code -p rtt=0,1ms}: provisioned,
 * seeded (or reused) and opened once per trial, that is once per fork, outside any measurement.
 */
@State(Scope.Benchmark)
public class DbState {

    @Param({"large"})
    public String dataset;

    /**
     * Round-trip time added to every exchange between the driver and the server ({@link Latency}):
     * {@code 0} (no proxy, loopback as it is), or e.g. {@code -p rtt=0,1ms} to see a pattern at a network's RTT.
     */
    @Param({"0"})
    public String rtt;

    public Db db;

    @Setup(Level.Trial)
    public void open(BenchmarkParams params) {
        db = Db.open(dataset, Math.max(4, params.getThreads()), Latency.parse(rtt));
    }

    @TearDown(Level.Trial)
    public void close() {
        if (db != null) db.close();
    }
}
