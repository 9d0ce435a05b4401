package dev.ormbench.patterns;

import com.zaxxer.hikari.HikariDataSource;
import dev.ormbench.db.Datasets;
import dev.ormbench.db.Db;
import dev.ormbench.db.Pools;
import dev.ormbench.db.Requests;
import dev.ormbench.db.SetupException;
import dev.ormbench.measure.ConnectTime;
import dev.ormbench.measure.Counters;
import dev.ormbench.measure.StatementCounter;
import dev.ormbench.measure.Turns;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * {@code goodPool} is the headline fix because it is the article's: configure a connection pool, sized for the
 * server; {@code pitfallUndersizedPool} shows that a pool too small for its threads trades the connect cost for a
 * queue.
 * <p>
 * The setup fails in one line if the connections it plans would not fit the server's {@code max_connections};
 * the tear-down fails if the pool still has a connection lent out (a leak).
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(4)
@Fork(value = 1, jvmArgsAppend = {PatternBenchmark.HEAP_MIN, PatternBenchmark.HEAP_MAX})
@Warmup(iterations = 5, time = 1)
public class ConnectionPoolBenchmark extends PatternBenchmark {

    static final String FIND_USER = "select id, email, name from users where id = ?";

    /** The answer of a request. */
    public record UserRow(long id, String email, String name) {
    }

    /** Size of {@code goodPool}'s pool: {@code advised} (2 × cores + 1) or a number. */
    @Param({"advised"})
    public String poolSize;

    private long users;
    private HikariDataSource pool;
    /** New connections, and the pool of the running variant, both wrapped by the statement counter. */
    private DataSource unpooled, pooled;

    @Override
    protected void setup(Db db, BenchmarkParams params) {
        users = Datasets.rows(db.dataset).get("users");
        int threads = params.getThreads();
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        String schema = Datasets.schema(db.dataset);
        boolean paired = method.equals("pairedHeadline");
        if (paired || method.equals("badNewConnection")) {
            // One connection per thread at a time, and as many again whose server process may still be exiting.
            Pools.checkConnectionBudget(dataSource, 2 * threads, method + " at -t " + threads);
            unpooled = StatementCounter.counting(db.server.dataSource(schema));
        }
        if (paired || method.equals("goodPool") || method.equals("pitfallUndersizedPool")) {
            int size = method.equals("pitfallUndersizedPool") ? Math.max(1, threads / 4) : poolSize(poolSize);
            Pools.checkConnectionBudget(dataSource, size + (paired ? 2 * threads : 0), method + " (a pool of " + size + ")");
            pool = Pools.filled("ormbench-pattern7-" + size, db.server.dataSource(schema), size);
            pooled = StatementCounter.counting(pool);
        }
        if (unpooled == null && pooled == null) throw new IllegalStateException("no setup for " + method);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) Pools.closeChecked(pool);
        pool = null;
    }

    /** A new connection per request. */
    @Benchmark
    public UserRow badNewConnection(Requests requests, Counters counters, ConnectTime connect) throws SQLException {
        return request(unpooled, requests, counters, connect);
    }

    /** A connection from a pool of HikariCP's advised size. */
    @Benchmark
    public UserRow goodPool(Requests requests, Counters counters, ConnectTime connect) throws SQLException {
        return request(pooled, requests, counters, connect);
    }

    /** The headline pair in turns, one iteration each, in the same fork ({@link Turns}): the ratio the summary cites. */
    @Benchmark
    @Warmup(iterations = PAIRED_WARMUP, time = 1)
    @BenchmarkMode(Mode.AverageTime) // a ratio of times: the pair is timed per operation, whatever the class runs
    public UserRow pairedHeadline(Requests requests, Counters counters, ConnectTime connect, Turns turns) throws SQLException {
        return turns.badTurn() > 0 ? badNewConnection(requests, counters, connect) : goodPool(requests, counters, connect);
    }

    /** A connection from a pool smaller than the thread count: requests wait for one. */
    @Benchmark
    public UserRow pitfallUndersizedPool(Requests requests, Counters counters, ConnectTime connect) throws SQLException {
        return request(pooled, requests, counters, connect);
    }

    private UserRow request(DataSource connections, Requests ids, Counters counters, ConnectTime connect) throws SQLException {
        UserRow row = findUser(connections, ids.nextUserId(users), connect::connected);
        counters.operation(1);
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
}
