package dev.ormbench.patterns;

import com.zaxxer.hikari.HikariDataSource;
import dev.ormbench.db.Datasets;
import dev.ormbench.db.Db;
import dev.ormbench.db.Pools;
import dev.ormbench.db.Postgres;
import dev.ormbench.db.Signups.NewUser;
import dev.ormbench.db.Signups;
import dev.ormbench.measure.Counters;
import dev.ormbench.measure.InsertRate;
import dev.ormbench.measure.StatementCounter;
import dev.ormbench.measure.Turns;
import dev.ormbench.model.IdentitySignup;
import dev.ormbench.model.PooledSignup;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import static dev.ormbench.jooq.Tables.SIGNUPS;

/**
 * Pattern 4 — row-by-row inserts, and bulk inserts as their fix.
 * <p>
 * One operation inserts {@code batchSize} new users and commits once. The loop as people write it persists one
 * entity at a time with an IDENTITY key: Hibernate must send each INSERT at once to read the generated key back
 * ({@code insert … returning id}), so JDBC batching cannot apply and every row costs a round trip, a parse, a bind
 * and an execution. The fixes, from the ORM down to the floor:
 * <ul>
 *   <li>{@code altBatchedSession}: a sequence with Hibernate's pooled optimizer (one {@code nextval} reserves
 *       1,000 keys, so an INSERT need not return anything), {@code hibernate.jdbc.batch_size} and
 *       {@code order_inserts}, the session flushed and cleared every batch; pgjdbc's
 *       {@code reWriteBatchedInserts=true} turns each JDBC batch into multi-row INSERTs (up to 128 rows each);</li>
 *   <li>{@code goodStatelessSession}: the same with a {@code StatelessSession} (no persistence context);</li>
 *   <li>{@code altJooqBatch}: jOOQ's batch API, one JDBC batch of the same INSERT, rewritten the same way;</li>
 *   <li>{@code floorCopy}: PostgreSQL's {@code COPY … FROM STDIN} through pgjdbc's {@code CopyManager}.</li>
 * </ul>
 * Every variant inserts the same rows (the keys aside; {@link Signups} says how the table and its keys are kept
 * fair and as seeded) through one pool, one transaction per operation: they differ only in how the rows travel.
 * <p>
 * Expect {@code statements} to read {@code batchSize} for the loop; about 2 per 1,000 rows for the batching session
 * (a batch and a {@code nextval}) and about 3 for the stateless session (it inserts at once, so it sends the batch
 * it has begun before each {@code nextval}: the batch is cut in two); 1 for jOOQ (a JDBC batch is one execution)
 * and 1 for COPY (counted by hand: COPY bypasses JDBC statements). {@code rowsPerSecond} ({@link InsertRate}) is the
 * insert rate of a benchmark thread.
 * <p>
 * {@code goodStatelessSession} is the headline fix because it is the article's {@code bulk_insert_mappings} in
 * Hibernate's terms: rows written without a persistence context, in JDBC batches. {@code altBatchedSession} shows
 * that a regular session batches as well once flushed and cleared, {@code altJooqBatch} the same batch from a query
 * builder. The article says bulk inserts "can be 10–100x faster"; METHODOLOGY.md gives what this suite measured.
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class BulkInsertBenchmark extends PatternBenchmark {

    /** Rows per JDBC batch, and per flush of the batching session. */
    static final int JDBC_BATCH = 1000;

    static final String COPY_SQL =
            "copy signups (email, name, bio, country, active, created_at, last_login) from stdin (format text)";

    @Param({"1000", "10000"})
    public int batchSize;

    Postgres.Server server;
    String schema;
    /** A pool whose connections have pgjdbc's reWriteBatchedInserts on; every variant uses it, counted. */
    HikariDataSource pool;
    /** No JDBC batching: the default. */
    SessionFactory rowByRow;
    /** JDBC batching and ordered inserts. */
    SessionFactory batching;

    /** The number of the next new user: every row of a trial gets its own, so its own e-mail. */
    private final AtomicLong nextNumber = new AtomicLong(1);

    @Override
    protected void setup(Db db, BenchmarkParams params) {
        open(db, params.getThreads());
    }

    void open(Db db, int threads) {
        server = db.server;
        schema = Datasets.schema(db.dataset);
        Signups.empty(server, schema, true);
        PGSimpleDataSource connections = server.dataSource(schema);
        connections.setReWriteBatchedInserts(true);
        pool = new HikariDataSource(Pools.fixed("ormbench-bulk-insert", connections, Math.max(2, threads)));
        dataSource = StatementCounter.counting(pool); // in place of the shared pool, for jOOQ and COPY too
        jooq = Db.jooq(dataSource);
        rowByRow = db.openOrm(cfg -> signups(cfg, false));
        batching = db.openOrm(cfg -> signups(cfg, true));
    }

    /**
     * The signup entities on this pool, with or without JDBC batching. They are not in {@code Entities.ALL}: a
     * sequence generator makes Hibernate read the database's sequences when a factory is built, a statement that
     * the other patterns' factories need not send.
     */
    private void signups(Configuration cfg, boolean batched) {
        cfg.addAnnotatedClass(IdentitySignup.class).addAnnotatedClass(PooledSignup.class);
        cfg.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource);
        if (batched) {
            cfg.getProperties().putAll(Map.of(
                    AvailableSettings.STATEMENT_BATCH_SIZE, JDBC_BATCH,
                    AvailableSettings.ORDER_INSERTS, true));
        }
    }

    /** Every iteration starts from the same empty table. */
    @TearDown(Level.Iteration)
    public void emptyTable() {
        Signups.empty(server, schema, false);
    }

    @TearDown(Level.Trial)
    public void close() {
        if (rowByRow != null) rowByRow.close();
        if (batching != null) batching.close();
        if (pool != null) pool.close();
        if (server != null) Signups.empty(server, schema, true); // as seeded: empty, the sequence restarted
    }

    /** persist() in a loop with an IDENTITY key: one INSERT … RETURNING per row. */
    @Benchmark
    public int badIdentityLoop(Batch batch, Counters counters, InsertRate rate) {
        long start = System.nanoTime();
        int n = identityLoop(rowByRow, batch.rows);
        rate.inserted(counters, n, System.nanoTime() - start);
        return n;
    }

    /** persist() with a pooled sequence, JDBC batching and reWriteBatchedInserts; flush and clear every batch. */
    @Benchmark
    public int altBatchedSession(Batch batch, Counters counters, InsertRate rate) {
        long start = System.nanoTime();
        int n = batchedSession(batching, batch.rows);
        rate.inserted(counters, n, System.nanoTime() - start);
        return n;
    }

    /** insert() on a StatelessSession, with the same sequence and batching. */
    @Benchmark
    public int goodStatelessSession(Batch batch, Counters counters, InsertRate rate) {
        long start = System.nanoTime();
        int n = statelessSession(batching, batch.rows);
        rate.inserted(counters, n, System.nanoTime() - start);
        return n;
    }

    /** The headline pair in turns, one iteration each, in the same fork ({@link Turns}): the ratio the summary cites. */
    @Benchmark
    public int pairedHeadline(Batch batch, Counters counters, InsertRate rate, Turns turns) {
        return turns.badTurn() > 0 ? badIdentityLoop(batch, counters, rate) : goodStatelessSession(batch, counters, rate);
    }

    /** jOOQ's batch API: one JDBC batch, rewritten into multi-row INSERTs by the driver. */
    @Benchmark
    public int altJooqBatch(Batch batch, Counters counters, InsertRate rate) {
        long start = System.nanoTime();
        int n = jooqBatch(jooq, batch.rows);
        rate.inserted(counters, n, System.nanoTime() - start);
        return n;
    }

    /** COPY … FROM STDIN: PostgreSQL's own bulk-load path. */
    @Benchmark
    public int floorCopy(Batch batch, Counters counters, InsertRate rate) throws SQLException, IOException {
        long start = System.nanoTime();
        int n = (int) copy(dataSource, batch.rows);
        rate.inserted(counters, n, System.nanoTime() - start);
        return n;
    }

    static int identityLoop(SessionFactory orm, List<NewUser> rows) {
        orm.inTransaction(s -> {
            for (NewUser u : rows) s.persist(u.identitySignup());
        });
        return rows.size();
    }

    static int batchedSession(SessionFactory orm, List<NewUser> rows) {
        orm.inTransaction(s -> {
            for (int i = 0; i < rows.size(); i++) {
                s.persist(rows.get(i).pooledSignup());
                if ((i + 1) % JDBC_BATCH == 0) {
                    // send this batch and forget its entities: the persistence context stays small
                    s.flush();
                    s.clear();
                }
            }
        });
        return rows.size();
    }

    static int statelessSession(SessionFactory orm, List<NewUser> rows) {
        orm.inStatelessTransaction(s -> {
            s.setJdbcBatchSize(JDBC_BATCH);
            for (NewUser u : rows) s.insert(u.pooledSignup());
        });
        return rows.size();
    }

    static int jooqBatch(DSLContext jooq, List<NewUser> rows) {
        return jooq.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            BatchBindStep batch = tx.batch(tx.insertInto(SIGNUPS, SIGNUPS.EMAIL, SIGNUPS.NAME, SIGNUPS.BIO,
                            SIGNUPS.COUNTRY, SIGNUPS.ACTIVE, SIGNUPS.CREATED_AT, SIGNUPS.LAST_LOGIN)
                    .values((String) null, null, null, null, (Boolean) null, null, null));
            for (NewUser u : rows) {
                batch.bind(u.email(), u.name(), u.bio(), u.country(), u.active(), u.createdAt(), u.lastLogin());
            }
            // With reWriteBatchedInserts the driver reports SUCCESS_NO_INFO per row, not 1: count the rows sent.
            return batch.execute().length;
        });
    }

    /** Returns the number of rows PostgreSQL says it copied. */
    static long copy(DataSource ds, List<NewUser> rows) throws SQLException, IOException {
        String text = Signups.copyText(rows);
        try (Connection c = ds.getConnection()) {
            long copied = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_SQL, new StringReader(text));
            // COPY goes through the driver's copy API, not a JDBC statement, so the counting proxy cannot see it:
            // it is one statement, sent by this thread, so it is added to this thread's tally here.
            StatementCounter.countUnproxied();
            return copied;
        }
    }

    /** The rows of a thread's next operation, built before it, outside the measurement. */
    @State(Scope.Thread)
    public static class Batch {

        List<NewUser> rows;

        @Setup(Level.Invocation)
        public void next(BulkInsertBenchmark benchmark) {
            rows = NewUser.batch(benchmark.nextNumber.getAndAdd(benchmark.batchSize), benchmark.batchSize);
        }
    }
}
