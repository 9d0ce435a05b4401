package dev.ormbench.patterns;

import dev.ormbench.db.Counters;
import dev.ormbench.db.DbState;
import dev.ormbench.model.CustomerOrder;
import org.hibernate.ScrollMode;
import org.hibernate.ScrollableResults;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
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
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Pattern 3 — every row of a big table loaded at once, and streaming it in batches as the fix.
 * <p>
 * A job walks every order of the dataset and computes a small aggregate (count, exact sum of totals, latest
 * date). {@code getResultList()} makes pgjdbc read the whole result into memory, then Hibernate builds an entity,
 * a snapshot and a proxy for its user for every row, and keeps them all in the persistence context: the memory
 * held grows with the table (about 1 million orders in the large dataset). Streaming keeps it flat: a JDBC fetch
 * size makes pgjdbc read {@code fetchSize} rows per round trip through a server-side cursor (only with autocommit
 * off, hence the transaction), and the session must not keep what it has read: a {@code StatelessSession}, or a
 * session cleared after every batch. The floor is the same cursor in plain JDBC.
 * <p>
 * The point is memory: {@code peakHeapMB} (see {@link Heap}, beside the usual counters) should grow with the
 * dataset for the bad variant and stay near zero for the streaming ones; {@code -prof gc} gives the bytes
 * allocated per operation, which stay about the same (every variant decodes every row). {@code statements}
 * counts executions, 1 everywhere: the cursor's further fetches (rows / fetchSize of them) are round trips that
 * are not statements.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 8, time = 1)
@State(Scope.Benchmark)
public class StreamingBenchmark {

    /** The aggregate of every order: how many, the exact sum of their totals, the latest order date. */
    public record Totals(long orders, BigDecimal sum, LocalDateTime latest) {
    }

    /** Accumulates {@link Totals}, one row at a time. */
    static final class Tally {
        private long orders;
        private BigDecimal sum = BigDecimal.ZERO;
        private LocalDateTime latest;

        void add(BigDecimal total, LocalDateTime createdAt) {
            orders++;
            sum = sum.add(total);
            if (latest == null || createdAt.isAfter(latest)) latest = createdAt;
        }

        void add(CustomerOrder o) {
            add(o.getTotal(), o.getCreatedAt());
        }

        long orders() {
            return orders;
        }

        Totals totals() {
            return new Totals(orders, sum, latest);
        }
    }

    /**
     * {@code peakHeapMB}, per operation: how far the heap that survived a garbage collection (every heap pool
     * except eden: survivor and old generation) rose above its level at the start of the operation, at its peak,
     * in MB. Eden is left out because everything allocated lands there, garbage included, so its level says how
     * much was allocated, not how much is held (that is {@code -prof gc}'s job); what an operation holds on to
     * survives the collections that happen while it runs and shows here. When a whole operation fits between two
     * collections (small datasets, or a young generation larger than what it reads), nothing is measured and
     * the figure is near zero for every variant. The peaks of the pools are summed, so it can only overstate, by
     * at most the survivor space. The pools belong to the whole JVM: with several benchmark threads
     * ({@code -t}), each sees what all of them hold.
     * <p>
     * The statements and rows of {@link Counters} come with it, normalised the same way (per operation).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Heap extends Counters {

        private static final List<MemoryPoolMXBean> SURVIVING = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && !p.getName().contains("Eden"))
                .toList();

        private long usedAtStart;
        private double peakGrowthTotal;

        @Setup(Level.Iteration)
        public void clear() {
            peakGrowthTotal = 0;
        }

        /** Call first thing in the operation. */
        public void start() {
            long used = 0;
            for (MemoryPoolMXBean p : SURVIVING) {
                p.resetPeakUsage();
                used += p.getUsage().getUsed();
            }
            usedAtStart = used;
        }

        /** Call last thing in the operation, then {@link #op(int)}. */
        public void end() {
            long peak = 0;
            for (MemoryPoolMXBean p : SURVIVING) peak += p.getPeakUsage().getUsed();
            peakGrowthTotal += Math.max(0, peak - usedAtStart);
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

        /** Peak growth of the surviving heap per operation, in MB (2^20 bytes). */
        public double peakHeapMB() {
            return perOperation(peakGrowthTotal) / (1 << 20);
        }
    }

    /** Rows per round trip of the streaming variants. */
    @Param({"1000"})
    public int fetchSize;

    static final String ALL_ORDERS = "from CustomerOrder";
    static final String ALL_ORDERS_SQL = "select id, user_id, total, status, created_at from orders";

    private SessionFactory orm;
    private DataSource dataSource;

    @Setup(Level.Trial)
    public void setup(DbState state) {
        orm = state.db.orm();
        dataSource = state.db.dataSource;
    }

    /** {@code getResultList()}: every order is in memory, as a row and as an entity, before the first is summed. */
    @Benchmark
    public Totals badResultList(Heap heap) {
        heap.start();
        Totals answer = resultList(orm);
        heap.end();
        heap.op(Math.toIntExact(answer.orders()));
        return answer;
    }

    /** A stateless session streaming the query with a fetch size, in a transaction: one batch in memory at a time. */
    @Benchmark
    public Totals altStatelessStream(Heap heap) {
        heap.start();
        Totals answer = statelessStream(orm, fetchSize);
        heap.end();
        heap.op(Math.toIntExact(answer.orders()));
        return answer;
    }

    /** A regular session scrolling with a fetch size, in a transaction, cleared after every batch. */
    @Benchmark
    public Totals goodScrollAndClear(Heap heap) {
        heap.start();
        Totals answer = scrollAndClear(orm, fetchSize);
        heap.end();
        heap.op(Math.toIntExact(answer.orders()));
        return answer;
    }

    /** The same cursor over plain JDBC: autocommit off, fetch size set. */
    @Benchmark
    public Totals floorJdbcCursor(Heap heap) throws SQLException {
        heap.start();
        Totals answer = jdbcCursor(dataSource, fetchSize);
        heap.end();
        heap.op(Math.toIntExact(answer.orders()));
        return answer;
    }

    static Totals resultList(SessionFactory orm) {
        try (Session s = orm.openSession()) {
            List<CustomerOrder> orders = s.createSelectionQuery(ALL_ORDERS, CustomerOrder.class).getResultList();
            Tally t = new Tally();
            for (CustomerOrder o : orders) t.add(o);
            return t.totals();
        }
    }

    static Totals statelessStream(SessionFactory orm, int fetchSize) {
        return orm.fromStatelessTransaction(s -> {
            Tally t = new Tally();
            try (Stream<CustomerOrder> orders = stream(s, fetchSize)) {
                orders.forEach(t::add);
            }
            return t.totals();
        });
    }

    /** The query of {@link #statelessStream}; pgjdbc streams it only inside a transaction. */
    static Stream<CustomerOrder> stream(StatelessSession s, int fetchSize) {
        return s.createSelectionQuery(ALL_ORDERS, CustomerOrder.class).setFetchSize(fetchSize).getResultStream();
    }

    static Totals scrollAndClear(SessionFactory orm, int fetchSize) {
        return orm.fromTransaction(s -> {
            Tally t = new Tally();
            try (ScrollableResults<CustomerOrder> orders = scroll(s, fetchSize)) {
                while (orders.next()) {
                    t.add(orders.get());
                    if (t.orders() % fetchSize == 0) s.clear();
                }
            }
            return t.totals();
        });
    }

    /** The query of {@link #scrollAndClear}; pgjdbc streams it only inside a transaction. */
    static ScrollableResults<CustomerOrder> scroll(Session s, int fetchSize) {
        return s.createSelectionQuery(ALL_ORDERS, CustomerOrder.class).setFetchSize(fetchSize)
                .scroll(ScrollMode.FORWARD_ONLY);
    }

    static Totals jdbcCursor(DataSource ds, int fetchSize) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (ResultSet rs = cursor(c, fetchSize)) {
                Tally t = new Tally();
                while (rs.next()) t.add(rs.getBigDecimal(3), rs.getObject(5, LocalDateTime.class));
                return t.totals();
            } finally {
                c.commit();
                c.setAutoCommit(true);
            }
        }
    }

    /** The query of {@link #jdbcCursor}, on a connection with autocommit off; closing the result set closes it. */
    static ResultSet cursor(Connection c, int fetchSize) throws SQLException {
        PreparedStatement p = c.prepareStatement(ALL_ORDERS_SQL);
        p.setFetchSize(fetchSize);
        p.closeOnCompletion();
        return p.executeQuery();
    }
}
