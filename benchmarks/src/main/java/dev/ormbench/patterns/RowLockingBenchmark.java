package dev.ormbench.patterns;

import dev.ormbench.db.Counters;
import dev.ormbench.db.Datasets;
import dev.ormbench.db.DbState;
import dev.ormbench.db.Postgres;
import dev.ormbench.model.Account;
import dev.ormbench.model.LedgerEntry;
import dev.ormbench.model.PlainAccount;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.SessionFactory;
import org.hibernate.StaleStateException;
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

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Pattern 9 — read-modify-write races, and row locking as their fix.
 * <p>
 * Several threads ({@code @Threads(4)}, or {@code -t}) withdraw 1.00 at a time from a few hot accounts
 * ({@code hotAccounts}); each withdrawal also writes a ledger row, in the same transaction. The code as people
 * write it reads the account, checks and subtracts in Java and lets dirty checking write the new balance back:
 * two transactions that read the same balance both write "balance − 1", so one withdrawal is lost — its ledger
 * row exists, its money was never taken. The fixes:
 * <ul>
 *   <li>{@code goodPessimisticLock}: the same code, but the read is {@code PESSIMISTIC_WRITE}, a
 *       {@code SELECT … FOR UPDATE} (or {@code FOR NO KEY UPDATE}): the second reader waits for the first to commit;</li>
 *   <li>{@code altOptimisticRetry}: {@code @Version}: the write of a stale read updates no row, Hibernate throws,
 *       and the withdrawal is retried from the read, up to {@value #MAX_ATTEMPTS} attempts in all;</li>
 *   <li>{@code floorAtomicUpdate}: no read at all, one statement:
 *       {@code UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?}, with the ledger insert
 *       in the same statement (a data-modifying CTE).</li>
 * </ul>
 * Every variant refuses a withdrawal the same way when the balance is short (never within a run: the accounts
 * hold 1,000,000.00). After every iteration the suite audits, for every account: starting balance − sum of its
 * ledger = its balance; the difference, in withdrawals, is the iteration's {@code lostUpdates}. Accounts and
 * ledger are reset before every iteration and after the trial, so the seeded dataset is left as it was.
 * <p>
 * Expect {@code lostUpdates} (per iteration, not per operation) above zero for the bad variant and exactly 0 for
 * the others; {@code retries} (per operation) above zero for the optimistic variant only; {@code statements}
 * 3 per attempt for the ORM variants (read, ledger insert, update) and 1 for the floor; {@code rows} is
 * withdrawals made per operation, 1 unless the optimistic variant gave up. The price of correctness is waiting
 * (pessimistic) or repeated work (optimistic); the bad variant is fast because it is wrong.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 8, time = 1)
@Threads(4)
@State(Scope.Benchmark)
public class RowLockingBenchmark {

    /** Every account's balance as seeded (fixtures/seed.sql). */
    static final BigDecimal START = new BigDecimal("1000000.00");
    static final BigDecimal AMOUNT = new BigDecimal("1.00");
    static final int MAX_ATTEMPTS = 20;
    /** The benchmark does nothing between read and write; tests pause there to force an interleaving. */
    static final Runnable NO_PAUSE = () -> { };

    /** What one withdrawal did: whether it took the money, and how many times it had to start again. */
    public record Withdrawal(boolean done, int retries) {
    }

    @Param({"2"})
    public int hotAccounts;

    private Postgres.Server server;
    private String schema;
    private SessionFactory orm;
    private DataSource dataSource;
    /** The last audit: withdrawals recorded in the ledger but missing from the balances. */
    volatile long lostUpdates;

    @Setup(Level.Trial)
    public void open(DbState state) {
        long accounts = Datasets.rows(state.dataset).get("accounts");
        if (hotAccounts < 1 || hotAccounts > accounts) {
            throw new IllegalArgumentException("hotAccounts must be between 1 and " + accounts + " on dataset " + state.dataset);
        }
        server = state.db.server;
        schema = Datasets.schema(state.dataset);
        orm = state.db.orm();
        dataSource = state.db.dataSource;
    }

    @Setup(Level.Iteration)
    public void reset() {
        reset(server, schema);
    }

    /** Runs after every thread has stopped, before JMH reads the counters of any thread. */
    @TearDown(Level.Iteration)
    public void audit() {
        lostUpdates = lostUpdates(server, schema);
    }

    @TearDown(Level.Trial)
    public void restore() {
        if (server != null) reset(server, schema);
    }

    /** Read, check and subtract in Java, write back: no lock, lost updates. */
    @Benchmark
    public Withdrawal badReadModifyWrite(LockCounters counters) {
        return counters.record(unlocked(orm, account(), AMOUNT, NO_PAUSE));
    }

    /** The same, reading with PESSIMISTIC_WRITE (SELECT … FOR UPDATE). */
    @Benchmark
    public Withdrawal goodPessimisticLock(LockCounters counters) {
        return counters.record(pessimistic(orm, account(), AMOUNT, NO_PAUSE));
    }

    /** The same on the @Version-ed mapping, retried from the read when the write finds a newer version. */
    @Benchmark
    public Withdrawal altOptimisticRetry(LockCounters counters) {
        return counters.record(optimistic(orm, account(), AMOUNT, NO_PAUSE));
    }

    /** One atomic conditional UPDATE, with the ledger insert, in one statement. */
    @Benchmark
    public Withdrawal floorAtomicUpdate(LockCounters counters) throws SQLException {
        return counters.record(atomic(dataSource, account(), AMOUNT));
    }

    private long account() {
        return 1 + ThreadLocalRandom.current().nextInt(hotAccounts);
    }

    static Withdrawal unlocked(SessionFactory orm, long accountId, BigDecimal amount, Runnable afterRead) {
        return orm.fromTransaction(s -> {
            PlainAccount account = s.find(PlainAccount.class, accountId);
            afterRead.run();
            if (account.getBalance().compareTo(amount) < 0) return new Withdrawal(false, 0);
            account.setBalance(account.getBalance().subtract(amount));
            s.persist(new LedgerEntry(accountId, amount, LocalDateTime.now()));
            return new Withdrawal(true, 0);
        });
    }

    static Withdrawal pessimistic(SessionFactory orm, long accountId, BigDecimal amount, Runnable afterRead) {
        return orm.fromTransaction(s -> {
            PlainAccount account = s.find(PlainAccount.class, accountId, LockModeType.PESSIMISTIC_WRITE);
            afterRead.run();
            if (account.getBalance().compareTo(amount) < 0) return new Withdrawal(false, 0);
            account.setBalance(account.getBalance().subtract(amount));
            s.persist(new LedgerEntry(accountId, amount, LocalDateTime.now()));
            return new Withdrawal(true, 0);
        });
    }

    static Withdrawal optimistic(SessionFactory orm, long accountId, BigDecimal amount, Runnable afterRead) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                boolean done = orm.fromTransaction(s -> {
                    Account account = s.find(Account.class, accountId);
                    afterRead.run();
                    if (account.getBalance().compareTo(amount) < 0) return false;
                    account.setBalance(account.getBalance().subtract(amount));
                    s.persist(new LedgerEntry(accountId, amount, LocalDateTime.now()));
                    return true;
                });
                return new Withdrawal(done, attempt);
            } catch (RuntimeException e) {
                if (!versionConflict(e)) throw e;
                // another transaction changed the account since this one read it: rolled back, start again
            }
        }
        return new Withdrawal(false, MAX_ATTEMPTS - 1);
    }

    private static boolean versionConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException) return true;
        }
        return false;
    }

    static final String ATOMIC_WITHDRAWAL = """
            with withdrawn as (
              update accounts set balance = balance - ? where id = ? and balance >= ? returning id)
            insert into ledger (account_id, amount, created_at) select id, ?, ? from withdrawn""";

    static Withdrawal atomic(DataSource ds, long accountId, BigDecimal amount) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(ATOMIC_WITHDRAWAL)) {
            p.setBigDecimal(1, amount);
            p.setLong(2, accountId);
            p.setBigDecimal(3, amount);
            p.setBigDecimal(4, amount);
            p.setObject(5, LocalDateTime.now());
            return new Withdrawal(p.executeUpdate() == 1, 0);
        }
    }

    /**
     * Every account back to its seeded balance and version, the ledger empty with its identity restarted: the
     * dataset as seeded. Over a connection of its own, so no benchmark thread's statement count sees it.
     */
    static void reset(Postgres.Server server, String schema) {
        try (Connection c = server.dataSource(schema).getConnection();
             PreparedStatement p = c.prepareStatement(
                     "update accounts set balance = ?, version = 0 where balance <> ? or version <> 0")) {
            try (Statement s = c.createStatement()) {
                s.execute("truncate ledger restart identity");
            }
            p.setBigDecimal(1, START);
            p.setBigDecimal(2, START);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset accounts and ledger of " + schema, e);
        }
    }

    /**
     * The audit: for every account, its balance minus (starting balance − its ledger total), summed, in
     * withdrawals. Positive means withdrawals were recorded whose money was never taken: lost updates.
     */
    static long lostUpdates(Postgres.Server server, String schema) {
        try (Connection c = server.dataSource(schema).getConnection();
             PreparedStatement p = c.prepareStatement("""
                     select coalesce(sum(excess), 0), coalesce(min(excess), 0)
                     from (select a.balance - (? - coalesce(l.spent, 0)) as excess
                           from accounts a
                           left join (select account_id, sum(amount) as spent from ledger group by account_id) l
                             on l.account_id = a.id) audit""")) {
            p.setBigDecimal(1, START);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                BigDecimal excess = rs.getBigDecimal(1);
                BigDecimal[] withdrawals = excess.divideAndRemainder(AMOUNT);
                if (rs.getBigDecimal(2).signum() < 0 || withdrawals[1].signum() != 0) {
                    throw new IllegalStateException("accounts and ledger disagree by " + excess + ", not a number of lost withdrawals");
                }
                return withdrawals[0].longValueExact();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot audit accounts and ledger of " + schema, e);
        }
    }

    /**
     * The statements and rows of {@link Counters}, {@code retries} per operation, and {@code lostUpdates} per
     * iteration: the audit's count, which every thread publishes as its share so that JMH's sum is the mean per
     * iteration.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class LockCounters extends Counters {

        private RowLockingBenchmark benchmark;
        private long retriesTotal;

        @Setup(Level.Iteration)
        public void clear(RowLockingBenchmark benchmark) {
            this.benchmark = benchmark;
            retriesTotal = 0;
        }

        Withdrawal record(Withdrawal w) {
            op(w.done() ? 1 : 0);
            retriesTotal += w.retries();
            return w;
        }

        // JMH publishes only the counters a class declares itself: the inherited ones, declared again.
        @Override
        public double statements() {
            return super.statements();
        }

        @Override
        public double rows() {
            return super.rows();
        }

        public double retries() {
            return perOperation(retriesTotal);
        }

        public double lostUpdates() {
            return benchmark == null ? 0 : perIteration(benchmark.lostUpdates);
        }
    }
}
