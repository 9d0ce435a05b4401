package dev.ormbench.patterns;

import dev.ormbench.TestDb;
import dev.ormbench.TestDb.Counted;
import dev.ormbench.db.Datasets;
import dev.ormbench.db.Db;
import dev.ormbench.db.Orm;
import dev.ormbench.model.PooledSignup;
import dev.ormbench.db.Signups;
import dev.ormbench.db.Signups.NewUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BulkInsertTest {

    /** More than two JDBC batches, and more than two blocks of pooled keys. */
    private static final int ROWS = 2500;
    private static final List<NewUser> BATCH = NewUser.batch(1, ROWS);

    private static final Db db = TestDb.small();
    private static BulkInsertBenchmark bench;

    /** The benchmark's own trial set-up: its pool, its two session factories, its jOOQ context. */
    @BeforeAll
    static void open() {
        bench = new BulkInsertBenchmark();
        bench.open(db, 1);
    }

    @AfterAll
    static void close() {
        bench.close();
    }

    @BeforeEach
    void emptyTable() {
        Signups.empty(db.server, schema(), true);
    }

    @Test
    void everyVariantInsertsTheSameRows() throws Exception {
        List<NewUser> expected = BATCH.stream().sorted(Comparator.comparing(NewUser::email)).toList();
        assertThat(expected).extracting(NewUser::lastLogin).containsNull(); // some rows have a NULL column

        Map<String, Callable<Number>> variants = new java.util.LinkedHashMap<>();
        variants.put("badIdentityLoop", () -> BulkInsertBenchmark.identityLoop(bench.signups.rowByRow, BATCH));
        variants.put("altBatchedSession", () -> BulkInsertBenchmark.batchedSession(bench.signups.batching, BATCH));
        variants.put("goodStatelessSession", () -> BulkInsertBenchmark.statelessSession(bench.signups.batching, BATCH));
        variants.put("altJooqBatch", () -> BulkInsertBenchmark.jooqBatch(bench.signups.jooq, BATCH));
        variants.put("floorCopy", () -> BulkInsertBenchmark.copy(bench.signups.dataSource, BATCH));

        Map<String, Long> statements = new java.util.LinkedHashMap<>();
        for (var variant : variants.entrySet()) {
            Signups.empty(db.server, schema(), false);
            Counted<Number> run = TestDb.count(variant.getValue());
            assertThat(run.value().longValue()).as(variant.getKey()).isEqualTo(ROWS);
            assertThat(table()).as(variant.getKey()).isEqualTo(expected);
            assertThat(query("select count(distinct id) from signups")).as(variant.getKey()).isEqualTo(ROWS);
            statements.put(variant.getKey(), run.statements());
        }

        int batches = (ROWS + BulkInsertBenchmark.JDBC_BATCH - 1) / BulkInsertBenchmark.JDBC_BATCH;
        int blocks = (ROWS + PooledSignup.ALLOCATION_SIZE - 1) / PooledSignup.ALLOCATION_SIZE;
        assertThat(statements.get("badIdentityLoop")).isEqualTo(ROWS);
        // The batches, and one nextval per block of keys: give or take one, since the factory's pooled
        // optimizer may hold keys left over from a previous call, and asks twice on a fresh sequence.
        assertThat(statements.get("altBatchedSession")).isBetween((long) batches + blocks - 1, (long) batches + blocks + 1);
        // The stateless session inserts at once: before each nextval it sends the part of the batch it holds.
        assertThat(statements.get("goodStatelessSession")).isBetween((long) batches + blocks - 1, (long) batches + 2 * blocks + 1);
        assertThat(statements.get("altJooqBatch")).isEqualTo(1);
        assertThat(statements.get("floorCopy")).isEqualTo(1);
    }

    /**
     * The stateless session's statements per operation, as the benchmark runs it by default (1000 rows an operation,
     * JDBC batches of 1000, blocks of 1000 keys), from a fresh factory and a restarted sequence: they differ by
     * Hibernate line. The pooled optimizer's blocks end one row into each operation (its first nextval yields the
     * single key 1). Hibernate 7 executes the JDBC batch it holds before it calls nextval for the next block, so each
     * operation sends that one row alone, then nextval, then the other 999 rows: 3 statements. Hibernate 6.6 calls
     * nextval with the batch pending and sends the 1000 rows as one batch: 2 statements (at 10,000 rows, 21 against
     * 20). The first operation adds the optimizer's first nextval. The batched session sends the same on both lines.
     */
    @Test
    void theStatelessSessionSendsOneStatementMorePerOperationOnHibernate7() throws Exception {
        BulkInsertBenchmark fresh = new BulkInsertBenchmark();
        fresh.open(db, 1);
        try {
            List<Long> statements = new ArrayList<>();
            for (int op = 0; op < 3; op++) {
                List<NewUser> rows = NewUser.batch(1 + op * 1000L, 1000);
                statements.add(TestDb.count(() -> BulkInsertBenchmark.statelessSession(fresh.signups.batching, rows)).statements());
            }
            assertThat(statements).isEqualTo(Orm.hibernate6() ? List.of(3L, 2L, 2L) : List.of(4L, 3L, 3L));
            assertThat(query("select count(distinct id) from signups")).isEqualTo(3000);
        } finally {
            fresh.close();
        }
    }

    /** pgjdbc reports SUCCESS_NO_INFO for the rows of a batch it rewrote into multi-row INSERTs, 1 otherwise. */
    @Test
    void theSharedPoolRewritesBatchedInserts() throws Exception {
        try (Connection c = bench.signups.dataSource.getConnection(); var p = c.prepareStatement(
                "insert into signups (email, name, bio, country, active, created_at) values (?, 'n', 'b', 'US', true, now())")) {
            for (int i = 0; i < 4; i++) { // a power of two: one multi-row INSERT (3 would be sent as 2 + 1)
                p.setString(1, "rewrite" + i + "@example.com");
                p.addBatch();
            }
            assertThat(p.executeBatch()).containsOnly(Statement.SUCCESS_NO_INFO).hasSize(4);
        }
        assertThat(query("select count(*) from signups")).isEqualTo(4);
    }

    @Test
    void copyEscapesWhatItsTextFormatReserves() throws Exception {
        NewUser odd = new NewUser("odd@example.com", "Tab\there", "back\\slash\nnew line\r\\N", "US", true,
                BATCH.getFirst().createdAt(), null);
        assertThat(BulkInsertBenchmark.copy(bench.signups.dataSource, List.of(odd))).isEqualTo(1);
        assertThat(table()).containsExactly(odd);
    }

    /**
     * A real JMH run of every variant (in this JVM, no fork: a test, not a measurement): the statement counts
     * land in the results per operation, rows per second is the batch over the time per operation, and the
     * seeded dataset is left exactly as seeded, signups empty and its sequence restarted.
     */
    @Test
    void aJmhRunLeavesTheDatasetAsSeeded() throws Exception {
        int batch = 200;
        int iterations = 2;
        Options options = new OptionsBuilder()
                .include(BulkInsertBenchmark.class.getName() + "\\.")
                .param("dataset", "small")
                .param("batchSize", String.valueOf(batch))
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(iterations)
                .measurementTime(TimeValue.milliseconds(200))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, RunResult> byMethod = results.stream().collect(Collectors.toMap(
                r -> r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1), r -> r));
        assertThat(byMethod).containsOnlyKeys("badIdentityLoop", "altBatchedSession", "goodStatelessSession",
                "altJooqBatch", "floorCopy", "pairedHeadline");
        for (RunResult r : results) {
            Map<String, Result> secondary = r.getSecondaryResults();
            assertThat(secondary.get("rows").getScore()).isCloseTo(batch, within(1e-9));
            // The same operations timed twice, by JMH and inside the method: only the arithmetic is checked, per
            // iteration (JMH averages the iterations' times, and the iterations' rates: not the same thing).
            // One thread: an iteration's line holds its rate divided by the number of iterations.
            for (BenchmarkResult br : r.getBenchmarkResults()) {
                for (IterationResult it : br.getIterationResults()) {
                    double millisPerOp = it.getPrimaryResult().getScore();
                    double rate = it.getSecondaryResults().get("rowsPerSecond").getScore() * iterations;
                    assertThat(rate).isCloseTo(batch * 1000 / millisPerOp, withinPercent(10));
                }
            }
        }
        assertThat(byMethod.get("badIdentityLoop").getSecondaryResults().get("statements").getScore()).isCloseTo(batch, within(1e-9));
        assertThat(byMethod.get("altJooqBatch").getSecondaryResults().get("statements").getScore()).isCloseTo(1, within(1e-9));
        assertThat(byMethod.get("floorCopy").getSecondaryResults().get("statements").getScore()).isCloseTo(1, within(1e-9));

        assertThat(query("select count(*) from signups")).isZero();
        assertThat(query("select case when is_called then -1 else last_value end from signups_id_seq")).isEqualTo(1);
        assertThat(Datasets.intact(db.server, "small")).isTrue();
    }

    private static org.assertj.core.data.Percentage withinPercent(double p) {
        return org.assertj.core.data.Percentage.withPercentage(p);
    }

    private static String schema() {
        return Datasets.schema("small");
    }

    private static List<NewUser> table() throws Exception {
        try (Connection c = db.server.dataSource(schema()).getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "select email, name, bio, country, active, created_at, last_login from signups order by email collate \"C\"")) {
            List<NewUser> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new NewUser(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                        rs.getObject(6, java.time.LocalDateTime.class), rs.getObject(7, java.time.LocalDateTime.class)));
            }
            return rows;
        }
    }

    private static long query(String sql) throws Exception {
        try (Connection c = db.server.dataSource(schema()).getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
