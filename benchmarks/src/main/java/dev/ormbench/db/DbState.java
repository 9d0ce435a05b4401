package dev.ormbench.db;

import dev.ormbench.measure.Latency;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.time.Duration;
import java.util.Locale;

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
        db = Db.open(dataset, Math.max(4, params.getThreads()), parseRtt(rtt));
    }

    @TearDown(Level.Trial)
    public void close() {
        if (db != null) db.close();
    }

    /** Parses the {@code rtt} benchmark parameter: {@code 0}, {@code 1ms}, {@code 0.5ms}, {@code 200us}. */
    public static Duration parseRtt(String rtt) {
        String s = rtt.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("-")) throw new SetupException("bad rtt '" + rtt + "': a round-trip time cannot be negative");
        try {
            if (s.equals("0")) return Duration.ZERO;
            if (s.endsWith("ms")) return Duration.ofNanos(Math.round(Double.parseDouble(s.substring(0, s.length() - 2)) * 1e6));
            if (s.endsWith("us")) return Duration.ofNanos(Math.round(Double.parseDouble(s.substring(0, s.length() - 2)) * 1e3));
        } catch (NumberFormatException e) {
            // the one-line error below
        }
        throw new SetupException("bad rtt '" + rtt + "': use 0, a number of ms (1ms, 0.5ms) or of us (200us)");
    }
}
