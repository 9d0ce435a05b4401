package dev.ormbench.db;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The upkeep of {@code accounts} and {@code ledger} for the row-locking pattern: back to as seeded, and the audit
 * that counts lost updates. Both over a connection of their own, so no benchmark thread's statement count sees them;
 * {@link Audit} runs them around every iteration of a benchmark, and {@link LockCounters} publishes the count.
 */
public final class Accounts {

    /** Every account's balance as seeded (fixtures/seed.sql). */
    public static final BigDecimal START = new BigDecimal("1000000.00");
    /** What one withdrawal of the row-locking pattern takes, and so the unit in which the audit counts. */
    public static final BigDecimal WITHDRAWAL = new BigDecimal("1.00");

    private Accounts() {
    }

    /**
     * Every account back to its seeded balance and version, the ledger empty with its identity restarted: the
     * dataset as seeded. Over a connection of its own, so no benchmark thread's statement count sees it.
     */
    public static void reset(Postgres.Server server, String schema) {
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
     * The audit, for withdrawals of {@code amount}: for every account, its balance minus (starting balance − its ledger total), summed, in
     * withdrawals. Positive means withdrawals were recorded whose money was never taken: lost updates.
     */
    public static long lostUpdates(Postgres.Server server, String schema, BigDecimal amount) {
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
                BigDecimal[] withdrawals = excess.divideAndRemainder(amount);
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
     * The audit around every iteration, shared by the benchmark's threads: accounts and ledger reset before it; after
     * it, once every thread has stopped and before JMH reads the counters of any thread, the count of lost updates
     * ({@link #lostUpdates(Postgres.Server, String, BigDecimal)} in withdrawals of {@link #WITHDRAWAL}); after the
     * trial, the dataset reset to as seeded.
     */
    @State(Scope.Benchmark)
    public static class Audit {

        private Postgres.Server server;
        private String schema;
        /** The last audit: withdrawals recorded in the ledger but missing from the balances. */
        private volatile long lostUpdates;

        @Setup(Level.Trial)
        public void open(DbState state) {
            server = state.db.server;
            schema = Datasets.schema(state.db.dataset);
        }

        @Setup(Level.Iteration)
        public void reset() {
            Accounts.reset(server, schema);
        }

        @TearDown(Level.Iteration)
        public void audit() {
            lostUpdates = Accounts.lostUpdates(server, schema, WITHDRAWAL);
        }

        @TearDown(Level.Trial)
        public void restore() {
            if (server != null) Accounts.reset(server, schema);
        }

        /** The count of the last iteration's audit. */
        public long lostUpdates() {
            return lostUpdates;
        }
    }
}
