package dev.ormbench.patterns;

import com.zaxxer.hikari.HikariDataSource;
import dev.ormbench.TestDb;
import dev.ormbench.TestDb.Counted;
import dev.ormbench.db.Datasets;
import dev.ormbench.db.Db;
import dev.ormbench.db.Pools;
import dev.ormbench.db.SetupException;
import dev.ormbench.measure.StatementCounter;
import dev.ormbench.patterns.ConnectionPoolBenchmark.UserRow;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionPoolTest {

    private final Db db = TestDb.small();
    private final String schema = Datasets.schema(db.dataset);

    @Test
    void pooledAndUnpooledRequestsGiveTheSameUserInOneStatement() throws Exception {
        DataSource unpooled = StatementCounter.counting(db.server.dataSource(schema));
        HikariDataSource pool = Pools.filled("test", db.server.dataSource(schema), 2);
        try {
            DataSource pooled = StatementCounter.counting(pool);
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isEqualTo(2); // filled before use
            AtomicLong connectNanos = new AtomicLong();
            Counted<UserRow> bad = TestDb.count(() -> ConnectionPoolBenchmark.findUser(unpooled, 42, connectNanos::addAndGet));
            Counted<UserRow> good = TestDb.count(() -> ConnectionPoolBenchmark.findUser(pooled, 42, connectNanos::addAndGet));

            assertThat(bad.value()).isEqualTo(new UserRow(42, "user42@example.com", "User 42")).isEqualTo(good.value());
            assertThat(bad.statements()).isEqualTo(1);
            assertThat(good.statements()).isEqualTo(1);
            assertThat(connectNanos.get()).isPositive();
        } finally {
            Pools.closeChecked(pool);
        }
    }

    @Test
    void anUndersizedPoolServesManyThreadsAndEndsWithNothingLentOut() throws Exception {
        HikariDataSource pool = Pools.filled("test", db.server.dataSource(schema), 2);
        DataSource pooled = StatementCounter.counting(pool);
        List<Future<List<UserRow>>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    List<UserRow> rows = new ArrayList<>();
                    for (int i = 1; i <= 50; i++) rows.add(ConnectionPoolBenchmark.findUser(pooled, thread * 100 + i, n -> { }));
                    return rows;
                }));
            }
            for (int t = 0; t < 8; t++) {
                List<UserRow> rows = results.get(t).get();
                assertThat(rows).hasSize(50);
                assertThat(rows.getLast()).isEqualTo(new UserRow(t * 100 + 50, "user" + (t * 100 + 50) + "@example.com", "User " + (t * 100 + 50)));
            }
        }
        assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isEqualTo(2);
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
        Pools.closeChecked(pool); // does not throw: every connection came back
        assertThat(pool.isClosed()).isTrue();
    }

    @Test
    void aLeakedConnectionFailsTheTearDown() throws Exception {
        HikariDataSource pool = Pools.filled("test", db.server.dataSource(schema), 1);
        Connection leaked = pool.getConnection(); // borrowed and never given back
        try {
            assertThatThrownBy(() -> Pools.closeChecked(pool))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("connection leak: 1 connection(s)");
            assertThat(pool.isClosed()).isTrue();
        } finally {
            leaked.close();
        }
    }

    @Test
    void moreConnectionsThanTheServerAllowsFailTheSetupInOneLine() {
        Pools.checkConnectionBudget(db.dataSource, 2, "two connections"); // fits
        assertThatThrownBy(() -> Pools.checkConnectionBudget(db.dataSource, 100_000, "goodPool (a pool of 100000)"))
                .isInstanceOf(SetupException.class)
                .hasMessageStartingWith("goodPool (a pool of 100000) needs up to 100000 more connections")
                .hasMessageContaining("max_connections=")
                .hasMessageNotContaining("\n");
    }

    @Test
    void poolSizeIsHikariCpsAdviceOrANumber() {
        assertThat(ConnectionPoolBenchmark.poolSize("advised")).isEqualTo(2 * Runtime.getRuntime().availableProcessors() + 1);
        assertThat(ConnectionPoolBenchmark.poolSize("7")).isEqualTo(7);
        assertThatThrownBy(() -> ConnectionPoolBenchmark.poolSize("0")).isInstanceOf(SetupException.class);
        assertThatThrownBy(() -> ConnectionPoolBenchmark.poolSize("many")).isInstanceOf(SetupException.class);
    }
}
