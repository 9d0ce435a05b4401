package dev.ormbench.patterns;

import dev.ormbench.db.Db;
import dev.ormbench.db.Signups.NewUser;
import dev.ormbench.db.Signups;
import dev.ormbench.measure.Counters;
import dev.ormbench.measure.InsertRate.Insert;
import dev.ormbench.measure.InsertRate;
import dev.ormbench.measure.StatementCounter;
import dev.ormbench.measure.Turns;
import org.hibernate.SessionFactory;
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

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    static final String COPY_SQL = "copy signups (email, name, bio, country, active, created_at, last_login) from stdin (format text)";

    @Param({"1000", "10000"})
    public int batchSize;

    Signups.Connections signups;

    @Override
    protected void setup(Db db, BenchmarkParams params) {
        open(db, params.getThreads());
    }

    void open(Db db, int threads) {
        signups = new Signups.Connections(db, Math.max(2, threads), connections -> connections.setReWriteBatchedInserts(true),
                Map.of("hibernate.jdbc.batch_size", JDBC_BATCH, "hibernate.order_inserts", true));
    }

    /** Every iteration starts from the same empty table. */
    @TearDown(Level.Iteration)
    public void emptyTable() {
        signups.empty();
    }

    @TearDown(Level.Trial)
    public void close() {
        if (signups != null) signups.close(); // as seeded: empty, the sequence restarted
    }

    /** persist() in a loop with an IDENTITY key: one INSERT … RETURNING per row. */
    @Benchmark
    public int badIdentityLoop(Batch batch, Counters counters, InsertRate rate) {
        return Insert.timed(rate, counters, () -> identityLoop(signups.rowByRow, batch.rows));
    }

    /** persist() with a pooled sequence, JDBC batching and reWriteBatchedInserts; flush and clear every batch. */
    @Benchmark
    public int altBatchedSession(Batch batch, Counters counters, InsertRate rate) {
        return Insert.timed(rate, counters, () -> batchedSession(signups.batching, batch.rows));
    }

    /** insert() on a StatelessSession, with the same sequence and batching. */
    @Benchmark
    public int goodStatelessSession(Batch batch, Counters counters, InsertRate rate) {
        return Insert.timed(rate, counters, () -> statelessSession(signups.batching, batch.rows));
    }

    /** The headline pair in turns, one iteration each, in the same fork ({@link Turns}): the ratio the summary cites. */
    @Benchmark
    @Warmup(iterations = PAIRED_WARMUP, time = 1)
    public int pairedHeadline(Batch batch, Counters counters, InsertRate rate, Turns turns) {
        return turns.badTurn() > 0 ? badIdentityLoop(batch, counters, rate) : goodStatelessSession(batch, counters, rate);
    }

    /** jOOQ's batch API: one JDBC batch, rewritten into multi-row INSERTs by the driver. */
    @Benchmark
    public int altJooqBatch(Batch batch, Counters counters, InsertRate rate) {
        return Insert.timed(rate, counters, () -> jooqBatch(signups.jooq, batch.rows));
    }

    /** COPY … FROM STDIN: PostgreSQL's own bulk-load path. */
    @Benchmark
    public int floorCopy(Batch batch, Counters counters, InsertRate rate) throws Exception {
        return Insert.timed(rate, counters, () -> (int) copy(signups.dataSource, batch.rows));
    }

    static int identityLoop(SessionFactory orm, List<NewUser> rows) {
        orm.inTransaction(s -> rows.forEach(u -> s.persist(u.identitySignup())));
        return rows.size();
    }

    static int batchedSession(SessionFactory orm, List<NewUser> rows) {
        orm.inTransaction(s -> {
            for (int i = 0; i < rows.size(); i++) {
                s.persist(rows.get(i).pooledSignup());
                if ((i + 1) % JDBC_BATCH == 0) { // send this batch, forget its entities: the persistence context stays small
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
            for (NewUser u : rows) batch.bind(u.email(), u.name(), u.bio(), u.country(), u.active(), u.createdAt(), u.lastLogin());
            // With reWriteBatchedInserts the driver reports SUCCESS_NO_INFO per row, not 1: count the rows sent.
            return batch.execute().length;
        });
    }

    /** Returns the number of rows PostgreSQL says it copied; COPY bypasses JDBC statements, so it is counted by hand. */
    static long copy(DataSource ds, List<NewUser> rows) throws SQLException, IOException {
        String text = Signups.copyText(rows);
        try (Connection c = ds.getConnection()) {
            long copied = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_SQL, new StringReader(text));
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
            rows = benchmark.signups.next(benchmark.batchSize);
        }
    }
}
