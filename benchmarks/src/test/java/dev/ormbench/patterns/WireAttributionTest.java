package dev.ormbench.patterns;

import com.zaxxer.hikari.HikariDataSource;
import dev.ormbench.TestDb;
import dev.ormbench.db.Datasets;
import dev.ormbench.db.Db;
import dev.ormbench.db.Pools;
import dev.ormbench.measure.Wire;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire metrics ({@link Wire}) belong to the thread that waited: several request threads on one undersized pool,
 * as in pattern 7, where connections pass from thread to thread; and a connection that a request opens itself is
 * part of that request.
 */
class WireAttributionTest {

    private final Db db = TestDb.small();
    private final String schema = Datasets.schema(db.dataset);

    /** One thread's traffic over a call, and the call's time. */
    record Measured(long sent, long received, long waitNanos, long elapsedNanos) {
    }

    @Test
    void eachThreadIsChargedWithItsOwnWaitsOnly() throws Exception {
        HikariDataSource pool = Pools.filled("ormbench-wire-test", db.server.dataSource(schema), 2);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            Wire.Tally main = Wire.tally();
            long mainSent = main.bytesSent;
            long mainWait = main.waitNanos;
            // One thread sleeps 5 × 0.1 s on the server; two request threads share the pool with it meanwhile.
            Future<Measured> sleeper = threads.submit(() -> measure(() -> {
                for (int i = 0; i < 5; i++) sleep(pool, 0.1);
                return null;
            }));
            List<Future<Measured>> requests = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int first = 1 + t * 100;
                requests.add(threads.submit(() -> measure(() -> {
                    for (int i = 0; i < 10; i++) ConnectionPoolBenchmark.findUser(pool, first + i, nanos -> { });
                    return null;
                })));
            }
            Measured slept = sleeper.get();
            System.out.printf("wire attribution: the sleeping thread waited %.0f ms of %.0f ms%n",
                    slept.waitNanos() / 1e6, slept.elapsedNanos() / 1e6);
            assertThat(slept.waitNanos()).isGreaterThanOrEqualTo(500_000_000L).isLessThanOrEqualTo(slept.elapsedNanos());
            for (Future<Measured> f : requests) {
                Measured r = f.get();
                System.out.printf("wire attribution: a request thread waited %.1f ms of %.0f ms, %d bytes sent, %d received%n",
                        r.waitNanos() / 1e6, r.elapsedNanos() / 1e6, r.sent(), r.received());
                // Ten indexed lookups: a few ms even on a busy machine, never the other thread's half second.
                assertThat(r.waitNanos()).isPositive().isLessThan(slept.waitNanos() / 2).isLessThanOrEqualTo(r.elapsedNanos());
                assertThat(r.sent()).isPositive();
                assertThat(r.received()).isPositive();
            }
            // Nothing the workers or the pool's own threads did is charged to this thread.
            assertThat(main.bytesSent).isEqualTo(mainSent);
            assertThat(main.waitNanos).isEqualTo(mainWait);
        } finally {
            threads.shutdown();
            Pools.closeChecked(pool);
        }
    }

    /**
     * A pool fills itself on threads of its own: the thread that creates it is charged with the one connection
     * HikariCP opens on the caller's thread to fail fast, not with the four its housekeeping opens meanwhile (each on
     * a pgjdbc connection thread that the housekeeping thread starts).
     */
    @Test
    void aPoolFillingItselfIsNotChargedToTheThreadThatCreatedIt() throws Exception {
        Measured oneConnection = measure(() -> {
            try (Connection c = db.server.dataSource(schema).getConnection()) {
                return c.isValid(1);
            }
        });
        Wire.Window window = new Wire.Window();
        window.start();
        HikariDataSource pool = Pools.filled("ormbench-wire-test", db.server.dataSource(schema), 5);
        try {
            Thread.sleep(200); // the last connection's hand-over, if it were charged here
            window.mark();
            System.out.printf("wire attribution: one connection %d bytes received; a pool of 5 filling itself, %d%n",
                    oneConnection.received(), window.bytesReceived());
            assertThat(window.bytesReceived()).isPositive().isLessThan(2 * oneConnection.received());
        } finally {
            Pools.closeChecked(pool);
        }
    }

    /** Pattern 7's bad variant opens a connection per request: the start-up exchange is part of the request. */
    @Test
    void aConnectionOpenedByTheRequestCountsInTheRequest() throws Exception {
        DataSource unpooled = db.server.dataSource(schema);
        HikariDataSource pool = Pools.filled("ormbench-wire-test", db.server.dataSource(schema), 1);
        try {
            for (int i = 0; i < 3; i++) ConnectionPoolBenchmark.findUser(pool, 42, nanos -> { }); // statement prepared
            Measured pooled = measure(() -> ConnectionPoolBenchmark.findUser(pool, 42, nanos -> { }));
            Measured opened = measure(() -> ConnectionPoolBenchmark.findUser(unpooled, 42, nanos -> { }));
            System.out.printf("wire attribution: a pooled request %d bytes sent, %d received; with its own connection "
                    + "%d sent, %d received%n", pooled.sent(), pooled.received(), opened.sent(), opened.received());
            // The start-up message (user, database, options) one way; authentication, the server's parameters and
            // the key for cancelling the other.
            assertThat(opened.sent()).isGreaterThan(pooled.sent() + 50);
            assertThat(opened.received()).isGreaterThan(pooled.received() + 200);
        } finally {
            Pools.closeChecked(pool);
        }
    }

    private static void sleep(DataSource ds, double seconds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pg_sleep(" + seconds + ")")) {
            rs.next();
        }
    }

    /** The calling thread's traffic during {@code call}. */
    private static Measured measure(Callable<?> call) throws Exception {
        Wire.Window window = new Wire.Window();
        window.start();
        long start = System.nanoTime();
        call.call();
        long elapsed = System.nanoTime() - start;
        window.mark();
        return new Measured(window.bytesSent(), window.bytesReceived(), window.waitNanos(), elapsed);
    }
}
