package dev.ormbench.measure;

import dev.ormbench.db.Db;
import dev.ormbench.db.DbState;
import dev.ormbench.db.Postgres;
import dev.ormbench.db.SetupException;
import dev.ormbench.patterns.NPlusOneBenchmarkAccess;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Calibration of the added round-trip time: a measurement with a generous bound, not a speed target. With
 * {@code rtt=1ms} the fastest trivial {@code SELECT 1} must cost about one millisecond more than without the proxy,
 * and a pattern must send exactly the same statements either way. The counting socket alone (rtt=0) is timed
 * beside it: what counting the wire ({@link Wire}) costs per round trip.
 */
class LatencyTest {

    private static final int ROUNDS = 5;
    private static final int ROUND_TRIPS = 100;

    @Test
    void oneMillisecondRttAddsAboutOneMillisecondPerRoundTrip() throws Exception {
        Postgres.Server direct = Postgres.server();
        DataSource plain = direct.dataSource(null);
        DataSource counting = direct.withRtt(Duration.ZERO).dataSource(null);
        DataSource delayed = direct.withRtt(Duration.ofMillis(1)).dataSource(null);
        // Interleaved, so that a machine that gets busier or quieter during the test weighs on all three alike.
        long[][] nanos = new long[3][];
        for (int round = 0; round < ROUNDS; round++) {
            nanos[0] = concat(nanos[0], roundTrips(plain));
            nanos[1] = concat(nanos[1], roundTrips(counting));
            nanos[2] = concat(nanos[2], roundTrips(delayed));
        }
        double loopback = median(nanos[0]);
        double wrapperOnly = median(nanos[1]);
        double withRtt = median(nanos[2]);
        System.out.printf("latency calibration, median SELECT 1 round trip: loopback %.1f µs, through the counting "
                + "socket at rtt=0 %.1f µs (overhead %.1f µs), at rtt=1ms %.0f µs (added %.0f µs)%n",
                loopback, wrapperOnly, wrapperOnly - loopback, withRtt, withRtt - loopback);
        // The fastest round trips, not the medians: a busy machine delays a thread's wake-up, never advances it.
        double added = fastest(nanos[2]) - fastest(nanos[0]);
        System.out.printf("latency calibration, fastest round trip: loopback %.1f µs, at rtt=1ms added %.0f µs%n",
                fastest(nanos[0]), added);
        assertThat(added).isBetween(900.0, 1500.0);
        // What the launcher records for the report's model (medians, so a busy machine may add to it, never take away).
        assertThat(Latency.addedMicrosPerRoundTrip(direct.dataSource(null), direct.withRtt(Duration.ofMillis(1)).dataSource(null), 100)).isBetween(900.0, 3000.0);
    }

    /** The factory is installed at {@code rtt=0} too, only to count: the server keeps its name. */
    @Test
    void atZeroRttTheSocketsOnlyCount() throws Exception {
        Postgres.Server direct = Postgres.server();
        Postgres.Server zero = direct.withRtt(Duration.ZERO);
        assertThat(zero.source()).isEqualTo(direct.source());
        assertThat(zero.url()).contains("socketFactory=" + Latency.class.getName());
        Wire.Tally tally = Wire.tally();
        long sent = tally.bytesSent;
        long received = tally.bytesReceived;
        roundTrips(zero.dataSource(null));
        assertThat(tally.bytesSent - sent).isPositive();
        assertThat(tally.bytesReceived - received).isPositive();
        sent = tally.bytesSent;
        roundTrips(direct.dataSource(null));
        assertThat(tally.bytesSent).isEqualTo(sent);
    }

    @Test
    void statementCountsDoNotDependOnTheRtt() throws Exception {
        try (Db slow = Db.open("small", 2, Duration.ofMillis(1))) {
            assertThat(slow.server.source()).endsWith("with 1 ms RTT");
            long before = StatementCounter.tally().statements;
            int books = NPlusOneBenchmarkAccess.lazyBooks(slow, 10);
            long statements = StatementCounter.tally().statements - before;
            assertThat(books).isEqualTo(10);
            assertThat(statements).isEqualTo(11);
        }
    }

    @Test
    void theRttParameterIsParsedOrRejectedInOneLine() {
        assertThat(DbState.parseRtt("0")).isEqualTo(Duration.ZERO);
        assertThat(DbState.parseRtt("1ms")).isEqualTo(Duration.ofMillis(1));
        assertThat(DbState.parseRtt("0.5ms")).isEqualTo(Duration.ofMillis(1).dividedBy(2));
        assertThat(DbState.parseRtt("200us")).isEqualTo(Duration.ofNanos(200_000));
        assertThatThrownBy(() -> DbState.parseRtt("fast")).isInstanceOf(SetupException.class)
                .hasMessage("bad rtt 'fast': use 0, a number of ms (1ms, 0.5ms) or of us (200us)");
    }

    /** {@value #ROUND_TRIPS} {@code SELECT 1} round trips on a new connection after 20 to warm up, in ns. */
    private static long[] roundTrips(DataSource ds) throws SQLException {
        long[] nanos = new long[ROUND_TRIPS];
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int i = -20; i < ROUND_TRIPS; i++) {
                long t = System.nanoTime();
                try (ResultSet rs = s.executeQuery("select 1")) {
                    rs.next();
                }
                if (i >= 0) nanos[i] = System.nanoTime() - t;
            }
        }
        return nanos;
    }

    private static long[] concat(long[] a, long[] b) {
        if (a == null) return b;
        long[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static double fastest(long[] nanos) {
        return Arrays.stream(nanos).min().orElseThrow() / 1000.0;
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1000.0;
    }
}
