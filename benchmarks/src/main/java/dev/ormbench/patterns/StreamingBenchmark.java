package dev.ormbench.patterns;

import dev.ormbench.measure.Counters;
import dev.ormbench.measure.HeapPeak;
import dev.ormbench.measure.Turns;
import dev.ormbench.model.CustomerOrder;
import org.hibernate.ScrollMode;
import org.hibernate.ScrollableResults;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

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
 * session cleared after every batch. {@code goodScrollAndClear} is the headline fix because it is the article's
 * {@code yield_per} in Hibernate's terms: scroll with a fetch size, and clear what has been read; the
 * {@code StatelessSession} stream ({@code altStatelessStream}) gets there by keeping no persistence context at all.
 * The floor is the same cursor in plain JDBC.
 * <p>
 * The point is memory: {@code peakHeapMB} (see {@link HeapPeak}, beside the usual counters) should grow with the
 * dataset for the bad variant and stay near zero for the streaming ones; {@code -prof gc} gives the bytes
 * allocated per operation, which stay about the same (every variant decodes every row). {@code statements}
 * counts executions, 1 everywhere: the cursor's further fetches (rows / fetchSize of them) are round trips that
 * are not statements.
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {PatternBenchmark.HEAP_MIN, PatternBenchmark.HEAP_MAX, StreamingBenchmark.YOUNG})
public class StreamingBenchmark extends PatternBenchmark {

    /**
     * The young generation, fixed. Left to G1, it is a draw per fork: G1 sizes the young generation to meet its pause
     * goal from the pauses it has seen, and the bad operation keeps 1.4 GB alive. Where a young collection fell in a
     * bad operation (copying the live list, about 200 ms a pause), G1 kept the young generation near 200 MB, and the
     * operation took 4.5–5.3 s with five or six such pauses; where the good operations' pauses of 1–2 ms had grown it
     * past 1.4 GB first, the bad operation ran without a single collection in 2.4 s, and went on so for the rest of the
     * fork. Forks came out 1.7x or 3x. Fixed near what G1 itself chooses under this load, every fork collects alike
     * (METHODOLOGY "Surprises looked into").
     */
    static final String YOUNG = "-Xmn256m";

    /** The aggregate of every order: how many, the exact sum of their totals, the latest order date. */
    public record Totals(long orders, BigDecimal sum, LocalDateTime latest) {
    }

    /** Accumulates {@link Totals}, one row at a time. */
    static final class TotalsBuilder {
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

    /** Rows per round trip of the streaming variants. */
    @Param({"1000"})
    public int fetchSize;

    static final String ALL_ORDERS = "from CustomerOrder";
    static final String ALL_ORDERS_SQL = "select id, user_id, total, status, created_at from orders";

    /** {@code getResultList()}: every order is in memory, as a row and as an entity, before the first is summed. */
    @Benchmark
    public Totals badResultList(HeapPeak heap, Counters counters) {
        heap.start();
        Totals answer = resultList(orm);
        heap.end();
        counters.operation(Math.toIntExact(answer.orders()));
        return answer;
    }

    /** A stateless session streaming the query with a fetch size, in a transaction: one batch in memory at a time. */
    @Benchmark
    public Totals altStatelessStream(HeapPeak heap, Counters counters) {
        heap.start();
        Totals answer = statelessStream(orm, fetchSize);
        heap.end();
        counters.operation(Math.toIntExact(answer.orders()));
        return answer;
    }

    /** A regular session scrolling with a fetch size, in a transaction, cleared after every batch. */
    @Benchmark
    public Totals goodScrollAndClear(HeapPeak heap, Counters counters) {
        heap.start();
        Totals answer = scrollAndClear(orm, fetchSize);
        heap.end();
        counters.operation(Math.toIntExact(answer.orders()));
        return answer;
    }

    /** The headline pair in turns, one iteration each, in the same fork ({@link Turns}): the ratio the summary cites. */
    @Benchmark
    @Warmup(iterations = PAIRED_WARMUP, time = 1)
    public Totals pairedHeadline(HeapPeak heap, Counters counters, Turns turns) {
        return turns.badTurn() > 0 ? badResultList(heap, counters) : goodScrollAndClear(heap, counters);
    }

    /** The same cursor over plain JDBC: autocommit off, fetch size set. */
    @Benchmark
    public Totals floorJdbcCursor(HeapPeak heap, Counters counters) throws SQLException {
        heap.start();
        Totals answer = jdbcCursor(dataSource, fetchSize);
        heap.end();
        counters.operation(Math.toIntExact(answer.orders()));
        return answer;
    }

    static Totals resultList(SessionFactory orm) {
        try (Session s = orm.openSession()) {
            List<CustomerOrder> orders = s.createSelectionQuery(ALL_ORDERS, CustomerOrder.class).getResultList();
            TotalsBuilder t = new TotalsBuilder();
            for (CustomerOrder o : orders) t.add(o);
            return t.totals();
        }
    }

    static Totals statelessStream(SessionFactory orm, int fetchSize) {
        return orm.fromStatelessTransaction(s -> {
            TotalsBuilder t = new TotalsBuilder();
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
            TotalsBuilder t = new TotalsBuilder();
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
                TotalsBuilder t = new TotalsBuilder();
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
