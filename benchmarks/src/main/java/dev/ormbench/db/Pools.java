package dev.ormbench.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/** HikariCP pools as the suite opens them (fixed size, autocommit), and the checks around them. */
public final class Pools {

    private Pools() {
    }

    /** The configuration of a fixed-size pool of {@code size} connections from {@code connections}. */
    public static HikariConfig fixed(String name, DataSource connections, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setDataSource(connections);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setAutoCommit(true);
        return config;
    }

    /**
     * A fixed-size pool, filled before it is returned (so that no measured request opens a connection), with
     * leak detection: HikariCP logs the stack of whoever holds a connection longer than 10 s.
     */
    public static HikariDataSource filled(String name, DataSource connections, int size) {
        HikariConfig config = fixed(name, connections, size);
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
    public static void closeChecked(HikariDataSource pool) {
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
    public static void checkConnectionBudget(DataSource ds, int planned, String what) {
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
