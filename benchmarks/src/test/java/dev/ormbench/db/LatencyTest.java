package dev.ormbench.db;

import dev.ormbench.TestDb;
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
 * {@code rtt=1ms} a trivial {@code SELECT 1} must cost about one millisecond more than without the proxy,
 * and a pattern must send exactly the same statements either way.
 */
class LatencyTest {

    private static final int ROUND_TRIPS = 200;

    @Test
    void oneMillisecondRttAddsAboutOneMillisecondPerRoundTrip() throws Exception {
        Postgres.Server direct = TestDb.small().server;
        double loopback = medianMicros(direct.dataSource(null));
        // The socket wrapper itself, with a delay of 1 ns: its overhead.
        double wrapperOnly = medianMicros(Latency.around(direct, Duration.ofNanos(1)).dataSource(null));
        double withRtt = medianMicros(Latency.around(direct, Duration.ofMillis(1)).dataSource(null));
        System.out.printf("latency calibration, median SELECT 1 round trip: loopback %.0f µs, through the wrapper with "
                + "no delay %.0f µs (overhead %.0f µs), at rtt=1ms %.0f µs (added %.0f µs)%n",
                loopback, wrapperOnly, wrapperOnly - loopback, withRtt, withRtt - loopback);
        assertThat(withRtt - loopback).isBetween(900.0, 1500.0);
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
        assertThat(Latency.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(Latency.parse("1ms")).isEqualTo(Duration.ofMillis(1));
        assertThat(Latency.parse("0.5ms")).isEqualTo(Duration.ofMillis(1).dividedBy(2));
        assertThat(Latency.parse("200us")).isEqualTo(Duration.ofNanos(200_000));
        assertThatThrownBy(() -> Latency.parse("fast")).isInstanceOf(SetupException.class)
                .hasMessage("bad rtt 'fast': use 0, a number of ms (1ms, 0.5ms) or of us (200us)");
    }

    private static double medianMicros(DataSource ds) throws SQLException {
        long[] nanos = new long[ROUND_TRIPS];
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int i = -20; i < ROUND_TRIPS; i++) { // 20 to warm up
                long t = System.nanoTime();
                try (ResultSet rs = s.executeQuery("select 1")) {
                    rs.next();
                }
                if (i >= 0) nanos[i] = System.nanoTime() - t;
            }
        }
        Arrays.sort(nanos);
        return nanos[ROUND_TRIPS / 2] / 1000.0;
    }
}
