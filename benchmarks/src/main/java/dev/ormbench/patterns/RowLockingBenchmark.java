package dev.ormbench.patterns;

import dev.ormbench.db.Accounts;
import dev.ormbench.db.Datasets;
import dev.ormbench.db.Db;
import dev.ormbench.db.LockCounters;
import dev.ormbench.measure.Counters;
import dev.ormbench.measure.Turns;
import dev.ormbench.model.LedgerEntry;
import dev.ormbench.model.UnversionedAccount;
import dev.ormbench.model.VersionedAccount;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.SessionFactory;
import org.hibernate.StaleStateException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.concurrent.ThreadLocalRandom;
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
 * {@code goodPessimisticLock} is the headline fix because it is the article's {@code with_for_update}, which is
 * {@code PESSIMISTIC_WRITE} in JPA; {@code altOptimisticRetry} shows the optimistic alternative and its retries.
 * <p>
 * Every variant refuses a withdrawal the same way when the balance is short (never within a run: the accounts
 * hold 1,000,000.00). After every iteration the suite audits, for every account: starting balance − sum of its
 * ledger = its balance; the difference, in withdrawals, is the iteration's {@code lostUpdates}. Accounts and
 * ledger are reset before every iteration and after the trial, so the seeded dataset is left as it was: the
 * {@link LockCounters} every variant takes bring that audit ({@code Accounts.Audit}) with them.
 * <p>
 * Expect {@code lostUpdates} (per iteration, not per operation) above zero for the bad variant and exactly 0 for
 * the others; {@code retries} (per operation) above zero for the optimistic variant only; {@code statements}
 * 3 per attempt for the ORM variants (read, ledger insert, update) and 1 for the floor; {@code rows} is
 * withdrawals made per operation, 1 unless the optimistic variant gave up. The price of correctness is waiting
 * (pessimistic) or repeated work (optimistic); the bad variant is fast because it is wrong.
 */
@Fork(value = 1, jvmArgsAppend = {PatternBenchmark.HEAP_MIN, PatternBenchmark.HEAP_MAX})
@Warmup(iterations = 10, time = 1)
@Threads(4)
public class RowLockingBenchmark extends PatternBenchmark {

    static final BigDecimal AMOUNT = Accounts.WITHDRAWAL; // 1.00
    static final int MAX_ATTEMPTS = 20;
    /** The benchmark does nothing between read and write; tests pause there to force an interleaving. */
    static final Runnable NO_PAUSE = () -> { };

    /** What one withdrawal did: whether it took the money, and how many times it had to start again. */
    public record Withdrawal(boolean done, int retries) {
        /** Records this withdrawal in the counters (a row when it took the money, its retries); returns it. */
        Withdrawal counted(Counters counters, LockCounters locks) {
            locks.withdrawal(counters, done, retries);
            return this;
        }
    }

    @Param({"2"})
    public int hotAccounts;

    @Override
    protected void setup(Db db, BenchmarkParams params) {
        Params.between("hotAccounts", hotAccounts, 1, Datasets.rows(db.dataset).get("accounts"), "on dataset " + db.dataset);
    }

    /** Read, check and subtract in Java, write back: no lock, lost updates. */
    @Benchmark
    public Withdrawal badReadModifyWrite(Counters counters, LockCounters locks) {
        return unlocked(orm, account(), AMOUNT, NO_PAUSE).counted(counters, locks);
    }

    /** The same, reading with PESSIMISTIC_WRITE (SELECT … FOR UPDATE). */
    @Benchmark
    public Withdrawal goodPessimisticLock(Counters counters, LockCounters locks) {
        return pessimistic(orm, account(), AMOUNT, NO_PAUSE).counted(counters, locks);
    }

    /** The headline pair in turns, one iteration each, in the same fork ({@link Turns}): the ratio the summary cites. */
    @Benchmark
    @Warmup(iterations = PAIRED_WARMUP, time = 1)
    public Withdrawal pairedHeadline(Counters counters, LockCounters locks, Turns turns) {
        return turns.badTurn() > 0 ? badReadModifyWrite(counters, locks) : goodPessimisticLock(counters, locks);
    }

    /** The same on the @Version-ed mapping, retried from the read when the write finds a newer version. */
    @Benchmark
    public Withdrawal altOptimisticRetry(Counters counters, LockCounters locks) {
        return optimistic(orm, account(), AMOUNT, NO_PAUSE).counted(counters, locks);
    }

    /** One atomic conditional UPDATE, with the ledger insert, in one statement. */
    @Benchmark
    public Withdrawal floorAtomicUpdate(Counters counters, LockCounters locks) throws SQLException {
        return atomic(dataSource, account(), AMOUNT).counted(counters, locks);
    }

    private long account() {
        return 1 + ThreadLocalRandom.current().nextInt(hotAccounts);
    }

    static Withdrawal unlocked(SessionFactory orm, long accountId, BigDecimal amount, Runnable afterRead) {
        return orm.fromTransaction(s -> {
            UnversionedAccount account = s.find(UnversionedAccount.class, accountId);
            afterRead.run();
            if (account.getBalance().compareTo(amount) < 0) return new Withdrawal(false, 0);
            account.setBalance(account.getBalance().subtract(amount));
            s.persist(new LedgerEntry(accountId, amount, LocalDateTime.now()));
            return new Withdrawal(true, 0);
        });
    }

    static Withdrawal pessimistic(SessionFactory orm, long accountId, BigDecimal amount, Runnable afterRead) {
        return orm.fromTransaction(s -> {
            UnversionedAccount account = s.find(UnversionedAccount.class, accountId, LockModeType.PESSIMISTIC_WRITE);
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
                    VersionedAccount account = s.find(VersionedAccount.class, accountId);
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
}
