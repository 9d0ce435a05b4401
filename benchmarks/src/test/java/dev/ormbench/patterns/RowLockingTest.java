package dev.ormbench.patterns;

import dev.ormbench.TestDb;
import dev.ormbench.TestDb.Counted;
import dev.ormbench.db.Accounts;
import dev.ormbench.db.Datasets;
import dev.ormbench.db.Db;
import dev.ormbench.patterns.RowLockingBenchmark.Withdrawal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static dev.ormbench.patterns.RowLockingBenchmark.AMOUNT;
import static dev.ormbench.patterns.RowLockingBenchmark.NO_PAUSE;
import static dev.ormbench.db.Accounts.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

class RowLockingTest {

    /** One withdrawal of {@link RowLockingBenchmark#AMOUNT}, pausing where the variant has read the account. */
    interface Variant {
        Withdrawal withdraw(long accountId, Runnable afterRead) throws Exception;
    }

    private final Db db = TestDb.small();
    private final Variant unlocked = (id, pause) -> RowLockingBenchmark.unlocked(db.orm(), id, AMOUNT, pause);
    private final Variant pessimistic = (id, pause) -> RowLockingBenchmark.pessimistic(db.orm(), id, AMOUNT, pause);
    private final Variant optimistic = (id, pause) -> RowLockingBenchmark.optimistic(db.orm(), id, AMOUNT, pause);
    private final Variant atomic = (id, pause) -> RowLockingBenchmark.atomic(db.dataSource, id, AMOUNT);

    @BeforeEach
    @AfterEach
    void reset() {
        Accounts.reset(db.server, schema());
    }

    @Test
    void theSeededAccountsAreWhatTheAuditAssumes() throws Exception {
        assertThat(query("select count(*) from accounts where balance = 1000000.00 and version = 0"))
                .isEqualTo(Datasets.rows("small").get("accounts"));
        assertThat(query("select count(*) from ledger")).isZero();
        assertThat(START).isEqualByComparingTo("1000000.00");
        assertThat(Accounts.lostUpdates(db.server, schema(), AMOUNT)).isZero();
    }

    @Test
    void oneWithdrawalEachTakesTheMoneyWritesTheLedgerAndSendsTheStatementsItClaims() throws Exception {
        Map<String, Variant> variants = Map.of("unlocked", unlocked, "pessimistic", pessimistic,
                "optimistic", optimistic, "atomic", atomic);
        Map<String, Long> expected = Map.of("unlocked", 3L, "pessimistic", 3L, "optimistic", 3L, "atomic", 1L);
        for (var v : variants.entrySet()) {
            reset();
            Counted<Withdrawal> w = TestDb.count(() -> v.getValue().withdraw(1, NO_PAUSE));
            assertThat(w.value()).as(v.getKey()).isEqualTo(new Withdrawal(true, 0));
            assertThat(w.statements()).as(v.getKey()).isEqualTo(expected.get(v.getKey()));
            assertThat(balance(1)).as(v.getKey()).isEqualByComparingTo(START.subtract(AMOUNT));
            assertThat(query("select count(*) from ledger where account_id = 1 and amount = 1.00")).as(v.getKey()).isEqualTo(1);
            assertThat(Accounts.lostUpdates(db.server, schema(), AMOUNT)).isZero();
        }
    }

    @Test
    void theLockingReadIsASelectForUpdate() throws Exception {
        // The statement PostgreSQL is running while a second locking reader waits: the holder's pause is the window.
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(1)) {
            Future<Withdrawal> holder = pool.submit(() -> pessimistic.withdraw(2, () -> {
                read.countDown();
                await(release);
            }));
            await(read);
            try (Connection c = db.server.dataSource(schema()).getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select query from pg_stat_activity where query ilike '%from accounts%' and pid <> pg_backend_pid()")) {
                List<String> queries = new ArrayList<>();
                while (rs.next()) queries.add(rs.getString(1).toLowerCase());
                assertThat(queries).anySatisfy(q -> assertThat(q).containsPattern("for (no key )?update"));
            }
            release.countDown();
            assertThat(holder.get(30, TimeUnit.SECONDS).done()).isTrue();
        }
    }

    /**
     * The race, forced: A reads the account; B reads it too (or, with a lock, waits for A); A withdraws and
     * commits; then B goes on. Without a lock both read 1,000,000.00 and both write 999,999.00: one withdrawal is
     * in the ledger but not in the balance.
     */
    @Test
    void theUnlockedVariantLosesAnUpdate() throws Exception {
        Withdrawal[] w = interleave(unlocked);
        assertThat(w).containsExactly(new Withdrawal(true, 0), new Withdrawal(true, 0));
        assertThat(query("select count(*) from ledger where account_id = 1")).isEqualTo(2);
        assertThat(balance(1)).isEqualByComparingTo(START.subtract(AMOUNT));
        assertThat(Accounts.lostUpdates(db.server, schema(), AMOUNT)).isEqualTo(1);
    }

    @Test
    void thePessimisticLockMakesTheSecondReaderWait() throws Exception {
        Withdrawal[] w = interleave(pessimistic);
        assertThat(w).containsExactly(new Withdrawal(true, 0), new Withdrawal(true, 0));
        assertBothWithdrawalsCounted();
    }

    @Test
    void theOptimisticVersionCheckMakesTheStaleWriterRetry() throws Exception {
        Withdrawal[] w = interleave(optimistic);
        assertThat(w).containsExactly(new Withdrawal(true, 0), new Withdrawal(true, 1));
        assertBothWithdrawalsCounted();
        assertThat(query("select version from accounts where id = 1")).isEqualTo(2);
    }

    @Test
    void everyVariantRefusesAShortBalanceTheSameWay() throws Exception {
        for (Variant v : List.of(unlocked, pessimistic, optimistic, atomic)) {
            reset();
            execute("update accounts set balance = 0.50 where id = 3");
            assertThat(v.withdraw(3, NO_PAUSE)).isEqualTo(new Withdrawal(false, 0));
            assertThat(balance(3)).isEqualByComparingTo("0.50");
            assertThat(query("select count(*) from ledger")).isZero();
        }
    }

    /** Four threads hammering two accounts: every good variant (and the floor) conserves money exactly. */
    @Test
    void theGoodVariantsConserveMoneyUnderConcurrency() throws Exception {
        int threads = 4;
        int perThread = 60;
        for (Variant v : List.of(pessimistic, optimistic, atomic)) {
            reset();
            List<Withdrawal> all = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                List<Future<List<Withdrawal>>> futures = new ArrayList<>();
                CountDownLatch start = new CountDownLatch(1);
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        await(start);
                        List<Withdrawal> mine = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) mine.add(v.withdraw(1 + i % 2, NO_PAUSE));
                        return mine;
                    }));
                }
                start.countDown();
                for (var f : futures) all.addAll(f.get(120, TimeUnit.SECONDS));
            }
            long done = all.stream().filter(Withdrawal::done).count();
            if (v == optimistic) {
                // Under four threads on two rows a withdrawal may still lose the version check 20 times in a row and
                // give up (rarely: 1 in 240 seen on 2 busy cores); what it never does is lose money.
                assertThat(done).isGreaterThanOrEqualTo((long) threads * perThread * 95 / 100);
            } else {
                assertThat(done).isEqualTo((long) threads * perThread); // a lock or one UPDATE: nobody gives up
            }
            assertThat(query("select count(*) from ledger")).isEqualTo(done);
            assertThat(balance(1).add(balance(2)))
                    .isEqualByComparingTo(START.multiply(BigDecimal.TWO).subtract(AMOUNT.multiply(BigDecimal.valueOf(done))));
            assertThat(Accounts.lostUpdates(db.server, schema(), AMOUNT)).isZero();
        }
    }

    /**
     * A real JMH run with two threads (in this JVM, no fork: a test, not a measurement): the good variants report
     * 0 lost updates, the bad one a whole number per iteration; the optimistic one reports retries; and the
     * seeded dataset is left as seeded.
     */
    @Test
    void aJmhRunReportsLostUpdatesPerIterationAndLeavesTheDatasetAsSeeded() throws Exception {
        int iterations = 2;
        Options options = new OptionsBuilder()
                .include(RowLockingBenchmark.class.getName() + "\\.")
                .param("dataset", "small")
                .forks(0)
                .threads(2)
                .warmupIterations(0)
                .measurementIterations(iterations)
                .measurementTime(TimeValue.milliseconds(300))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, RunResult> byMethod = results.stream().collect(Collectors.toMap(
                r -> r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1), r -> r));
        assertThat(byMethod).containsOnlyKeys("badReadModifyWrite", "goodPessimisticLock", "altOptimisticRetry", "floorAtomicUpdate",
                "pairedHeadline");
        for (var e : byMethod.entrySet()) {
            var secondary = e.getValue().getSecondaryResults();
            assertThat(secondary).containsKeys("statements", "rows", "retries", "lostUpdates");
            assertThat(secondary.get("rows").getScore()).as(e.getKey()).isCloseTo(1.0, within(1e-9));
            double lost = secondary.get("lostUpdates").getScore();
            if (e.getKey().startsWith("bad") || e.getKey().startsWith("paired")) { // the pair's bad turn loses updates too
                // each iteration's count, shared out over threads and iterations: the iteration totals are whole numbers
                for (BenchmarkResult br : e.getValue().getBenchmarkResults()) {
                    for (var it : br.getIterationResults()) {
                        double perIteration = it.getSecondaryResults().get("lostUpdates").getScore() * iterations;
                        assertThat(perIteration).isCloseTo(Math.rint(perIteration), within(1e-6)).isNotNegative();
                    }
                }
            } else {
                assertThat(lost).as(e.getKey()).isZero();
            }
            if (!e.getKey().equals("altOptimisticRetry")) assertThat(secondary.get("retries").getScore()).as(e.getKey()).isZero();
        }
        assertThat(byMethod.get("floorAtomicUpdate").getSecondaryResults().get("statements").getScore()).isCloseTo(1.0, within(1e-9));

        assertThat(query("select count(*) from ledger")).isZero();
        assertThat(Datasets.intact(db.server, "small")).isTrue();
    }

    private void assertBothWithdrawalsCounted() throws Exception {
        assertThat(query("select count(*) from ledger where account_id = 1")).isEqualTo(2);
        assertThat(balance(1)).isEqualByComparingTo(START.subtract(AMOUNT).subtract(AMOUNT));
        assertThat(Accounts.lostUpdates(db.server, schema(), AMOUNT)).isZero();
    }

    /**
     * A reads account 1 and pauses until B has read it too or is waiting for A's lock; B, once it has read,
     * pauses until A has committed. Each pauses on its first read only (a retry reads again without pausing).
     */
    private Withdrawal[] interleave(Variant variant) throws Exception {
        CountDownLatch aRead = new CountDownLatch(1);
        CountDownLatch bRead = new CountDownLatch(1);
        CountDownLatch aDone = new CountDownLatch(1);
        Runnable aPause = once(() -> {
            aRead.countDown();
            awaitReadOrBlocked(bRead);
        });
        Runnable bPause = once(() -> {
            bRead.countDown();
            await(aDone);
        });
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<Withdrawal> a = pool.submit(() -> {
                try {
                    return variant.withdraw(1, aPause);
                } finally {
                    aDone.countDown();
                }
            });
            await(aRead);
            Future<Withdrawal> b = pool.submit(() -> variant.withdraw(1, bPause));
            return new Withdrawal[] {a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS)};
        }
    }

    private static Runnable once(Runnable r) {
        AtomicBoolean first = new AtomicBoolean(true);
        return () -> {
            if (first.getAndSet(false)) r.run();
        };
    }

    /** Until B has read, or a backend waits for a lock on its read of accounts (B behind A's FOR UPDATE). */
    private void awaitReadOrBlocked(CountDownLatch bRead) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Connection c = db.server.dataSource(schema()).getConnection();
             PreparedStatement p = c.prepareStatement("""
                     select count(*) from pg_stat_activity
                     where wait_event_type = 'Lock' and query ilike '%from accounts%' and pid <> pg_backend_pid()""")) {
            while (System.nanoTime() < deadline) {
                if (bRead.await(10, TimeUnit.MILLISECONDS)) return;
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) return;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        fail("B neither read the account nor waited for a lock within 20 s");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("latch not released within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String schema() {
        return Datasets.schema("small");
    }

    private BigDecimal balance(long id) throws Exception {
        try (Connection c = db.server.dataSource(schema()).getConnection();
             PreparedStatement p = c.prepareStatement("select balance from accounts where id = ?")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }

    private long query(String sql) throws Exception {
        try (Connection c = db.server.dataSource(schema()).getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = db.server.dataSource(schema()).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
