package dev.ormbench.patterns;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ormbench.db.Counters;
import dev.ormbench.db.Datasets;
import dev.ormbench.db.DbState;
import dev.ormbench.db.Postgres;
import dev.ormbench.db.SetupException;
import dev.ormbench.db.StatementCounter;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * Pattern 7 — a new connection per request → a connection pool (HikariCP).
 * <p>
 * A typical request: get a connection, read one user by primary key, give the connection back. Opening a
 * PostgreSQL connection costs a TCP handshake, authentication and a new server process (a fork), several round
 * trips and far more work than the query itself; a pool opens its connections once and lends them out.
 * <ul>
 *   <li>{@code badNewConnection}: an unpooled {@code PGSimpleDataSource}, a new connection per request, closed after;</li>
 *   <li>{@code goodPool}: HikariCP sized by HikariCP's advice, {@code connections = 2 × cores + 1} (one
 *       "spindle"), with the cores of this machine, since the embedded server runs here; for a server elsewhere
 *       give its size with {@code -p poolSize=N};</li>
 *   <li>{@code pitfallUndersizedPool}: a pool of a quarter of the threads (at least 1): the threads queue for a
 *       connection, which shows in the latency percentiles and in {@code connectMicros}.</li>
 * </ul>
 * Concurrency is JMH's {@code -t}, one value per run (default 4): run {@code -t 1}, {@code -t 4} and
 * {@code -t 16} to see the pool at, above and far above the server's cores. Each run measures throughput and
 * sample time (p50, p99 in the JSON's {@code scorePercentiles}). Besides {@code statements} (1 in every variant),
 * {@code connectMicros} is the time per request spent getting a connection: opening one, or borrowing (and
 * waiting for) one from the pool.
 * <p>
 * The setup fails in one line if the connections it plans would not fit the server's {@code max_connections};
 * the tear-down fails if the pool still has a connection lent out (a leak).
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(4)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@State(Scope.Benchmark)
public class ConnectionPoolBenchmark {

    static final String FIND_USER = "select id, email, name from users where id = ?";

    /** The answer of a request. */
    public record UserRow(long id, String email, String name) {
    }

    /** Size of {@code goodPool}'s pool: {@code advised} (2 × cores + 1) or a number. */
    @Param({"advised"})
    public String poolSize;

    private long users;
    private HikariDataSource pool;
    /** The data source of the running variant, wrapped by the statement counter. */
    private DataSource dataSource;

    /** Statements and rows, plus the time spent getting a connection. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class PoolCounters extends Counters {
        private long connectNanos;

        @Setup(Level.Iteration)
        public void resetConnect() {
            connectNanos = 0;
        }

        void connected(long nanos) {
            connectNanos += nanos;
        }

        // JMH reads the metrics of an @AuxCounters class from its own declared methods only: redeclare the inherited ones.
        @Override
        public double statements() {
            return super.statements();
        }

        @Override
        public double rows() {
            return super.rows();
        }

        /** Microseconds per request spent getting a connection (opening one, or borrowing one from the pool). */
        public double connectMicros() {
            return perOperation(connectNanos / 1000.0);
        }
    }

    /** Each thread asks for users in turn, starting at its own place. */
    @State(Scope.Thread)
    public static class Requests {
        private int thread;
        private int threads;
        private long next;

        @Setup(Level.Trial)
        public void start(ThreadParams params) {
            thread = params.getThreadIndex();
            threads = params.getThreadCount();
        }

        long nextUserId(long users) {
            if (next == 0) next = users * thread / threads;
            next = next % users + 1;
            return next;
        }
    }

    @Setup(Level.Trial)
    public void setup(DbState state, BenchmarkParams params) {
        users = Datasets.rows(state.db.dataset).get("users");
        int threads = params.getThreads();
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        String schema = Datasets.schema(state.db.dataset);
        switch (method) {
            case "badNewConnection" -> {
                // One connection per thread at a time, and as many again whose server process may still be exiting.
                checkConnectionBudget(state.db.dataSource, 2 * threads, "badNewConnection at -t " + threads);
                dataSource = StatementCounter.counting(state.db.server.dataSource(schema));
            }
            case "goodPool", "pitfallUndersizedPool" -> {
                int size = method.equals("goodPool") ? poolSize(poolSize) : Math.max(1, threads / 4);
                checkConnectionBudget(state.db.dataSource, size, method + " (a pool of " + size + ")");
                pool = openPool(state.db.server, schema, size);
                dataSource = StatementCounter.counting(pool);
            }
            default -> throw new IllegalStateException("no setup for " + method);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) closeChecked(pool);
        pool = null;
    }

    /** A new connection per request. */
    @Benchmark
    public UserRow badNewConnection(Requests requests, PoolCounters counters) throws SQLException {
        return request(requests, counters);
    }

    /** A connection from a pool of HikariCP's advised size. */
    @Benchmark
    public UserRow goodPool(Requests requests, PoolCounters counters) throws SQLException {
        return request(requests, counters);
    }

    /** A connection from a pool smaller than the thread count: requests wait for one. */
    @Benchmark
    public UserRow pitfallUndersizedPool(Requests requests, PoolCounters counters) throws SQLException {
        return request(requests, counters);
    }

    private UserRow request(Requests requests, PoolCounters counters) throws SQLException {
        UserRow row = findUser(dataSource, requests.nextUserId(users), counters::connected);
        counters.op(1);
        return row;
    }

    /** One request: a connection from {@code ds}, one indexed query, the connection closed (or returned). */
    static UserRow findUser(DataSource ds, long id, LongConsumer connectNanos) throws SQLException {
        long start = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            connectNanos.accept(System.nanoTime() - start);
            try (PreparedStatement p = c.prepareStatement(FIND_USER)) {
                p.setLong(1, id);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) throw new IllegalStateException("no user " + id);
                    return new UserRow(rs.getLong(1), rs.getString(2), rs.getString(3));
                }
            }
        }
    }

    /** {@code advised}: HikariCP's formula with this machine's cores and one spindle; or a number. */
    static int poolSize(String poolSize) {
        if (poolSize.equals("advised")) return 2 * Runtime.getRuntime().availableProcessors() + 1;
        try {
            int n = Integer.parseInt(poolSize);
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // the one-line error below
        }
        throw new SetupException("bad poolSize '" + poolSize + "': use advised or a number of connections");
    }

    /** A fixed-size HikariCP pool on the dataset's schema, filled before it is returned. */
    static HikariDataSource openPool(Postgres.Server server, String schema, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("ormbench-pattern7-" + size);
        config.setDataSource(server.dataSource(schema));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        // Logs the stack of whoever holds a connection longer than this; a request here takes well under 1 ms.
        config.setLeakDetectionThreshold(10_000);
        HikariDataSource pool = new HikariDataSource(config);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pool.getHikariPoolMXBean().getTotalConnections() < size) {
            if (System.nanoTime() > deadline) {
                int open = pool.getHikariPoolMXBean().getTotalConnections();
                pool.close();
                throw new SetupException("the pool of " + size + " connections opened only " + open + " within 30 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pool.close();
                throw new SetupException("interrupted while filling the pool");
            }
        }
        return pool;
    }

    /** Closes the pool; fails if a connection was still lent out, that is leaked by the code that borrowed it. */
    static void closeChecked(HikariDataSource pool) {
        int active = pool.getHikariPoolMXBean().getActiveConnections();
        pool.close();
        if (active != 0) {
            throw new IllegalStateException("connection leak: " + active + " connection(s) of " + pool.getPoolName()
                    + " still lent out at tear-down");
        }
    }

    /**
     * Fails in one line unless {@code planned} more connections fit under the server's {@code max_connections},
     * counting the reserved superuser slots and the connections already open (the suite's own pool among them).
     */
    static void checkConnectionBudget(DataSource ds, int planned, String what) {
        try (Connection c = ds.getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     select current_setting('max_connections')::int,
                            current_setting('superuser_reserved_connections')::int,
                            (select count(*) from pg_stat_activity where backend_type = 'client backend')::int""")) {
            rs.next();
            int max = rs.getInt(1);
            int reserved = rs.getInt(2);
            int inUse = rs.getInt(3);
            if (planned > max - reserved - inUse) {
                throw new SetupException(String.format(
                        "%s needs up to %d more connections, but the server allows max_connections=%d (%d reserved) and %d are open: lower -t or -p poolSize",
                        what, planned, max, reserved, inUse));
            }
        } catch (SQLException e) {
            throw new SetupException("cannot read max_connections: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
