package dev.ormbench.patterns;

import dev.ormbench.TestDb;
import dev.ormbench.TestDb.Counted;
import dev.ormbench.db.Datasets;
import dev.ormbench.db.Db;
import dev.ormbench.measure.HeapPeak;
import dev.ormbench.model.CustomerOrder;
import dev.ormbench.patterns.StreamingBenchmark.Totals;
import org.hibernate.ScrollableResults;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StreamingTest {

    private static final int FETCH = 100;
    private final Db db = TestDb.small();
    private final long orders = Datasets.rows("small").get("orders");

    @Test
    void everyVariantGivesTheSameTotalsInOneStatement() throws Exception {
        Counted<Totals> bad = TestDb.count(() -> StreamingBenchmark.resultList(db.orm()));
        Counted<Totals> stateless = TestDb.count(() -> StreamingBenchmark.statelessStream(db.orm(), FETCH));
        Counted<Totals> scroll = TestDb.count(() -> StreamingBenchmark.scrollAndClear(db.orm(), FETCH));
        Counted<Totals> floor = TestDb.count(() -> StreamingBenchmark.jdbcCursor(db.dataSource, FETCH));

        assertThat(bad.value()).isEqualTo(stateless.value()).isEqualTo(scroll.value()).isEqualTo(floor.value())
                .isEqualTo(totalsInSql());
        assertThat(bad.value().orders()).isEqualTo(orders);
        for (Counted<?> c : List.of(bad, stateless, scroll, floor)) assertThat(c.statements()).isEqualTo(1);
    }

    /**
     * The streaming variants read through a server-side cursor, one batch at a time: after the first rows have
     * been consumed, the server still holds the query as an open portal (visible in {@code pg_cursors}), and
     * moving that portal to its end skips exactly the rows the driver has not fetched: all but one batch.
     */
    @Test
    void goodVariantsHaveFetchedOnlyOneBatchAfterTheFirstRows() throws Exception {
        long statelessLeft = db.orm().fromStatelessTransaction(s -> {
            try (Stream<CustomerOrder> rows = StreamingBenchmark.stream(s, FETCH)) {
                consume(rows.iterator(), 10);
                return s.doReturningWork(StreamingTest::rowsLeftInCursor);
            }
        });
        long scrollLeft = db.orm().fromTransaction(s -> {
            try (ScrollableResults<CustomerOrder> rows = StreamingBenchmark.scroll(s, FETCH)) {
                for (int i = 0; i < 10; i++) assertThat(rows.next()).isTrue();
                return s.doReturningWork(StreamingTest::rowsLeftInCursor);
            }
        });
        long jdbcLeft;
        try (Connection c = db.dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (ResultSet rs = StreamingBenchmark.cursor(c, FETCH)) {
                for (int i = 0; i < 10; i++) assertThat(rs.next()).isTrue();
                jdbcLeft = rowsLeftInCursor(c);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        assertThat(List.of(statelessLeft, scrollLeft, jdbcLeft)).containsOnly(orders - FETCH);
    }

    /** The check above can fail: outside a transaction pgjdbc reads the whole result, and no cursor stays open. */
    @Test
    void withoutATransactionTheSameQueryIsReadAtOnce() {
        long left = db.orm().fromStatelessSession(s -> {
            try (Stream<CustomerOrder> rows = StreamingBenchmark.stream(s, FETCH)) {
                consume(rows.iterator(), 10);
                return s.doReturningWork(StreamingTest::rowsLeftInCursor);
            }
        });
        assertThat(left).isEqualTo(-1);
    }

    /**
     * {@code peakHeapMB} sees what an operation holds across a collection, and not what it merely allocates.
     * Small objects, as rows are: they start in eden, like the rows of the benchmark.
     */
    @Test
    void heapCounterMeasuresWhatIsHeldNotWhatIsAllocated() {
        int mb = 64;
        assertThat(peakHeapMB(mb, true)).isGreaterThan(mb * 0.9);
        assertThat(peakHeapMB(mb, false)).isLessThan(mb * 0.25);
    }

    private static double peakHeapMB(int mb, boolean hold) {
        HeapPeak heap = new HeapPeak();
        heap.start();
        List<byte[]> held = new ArrayList<>();
        long sink = 0;
        for (int i = 0; i < mb * 16 * 1024; i++) { // 64-byte arrays, 80 bytes each with their header: mb MB and more
            byte[] b = new byte[64];
            b[0] = (byte) (i & 0x7f);
            sink += b[0];
            if (hold) held.add(b);
        }
        System.gc();
        heap.end();
        assertThat(held.size() + sink).isNotNegative(); // keeps both alive until here
        return heap.peakHeapMB();
    }

    /** JMH publishes the usual counters and peakHeapMB side by side, per operation. */
    @Test
    void jmhReportsTheCountersAndThePeakPerOperation() throws Exception {
        RunResult result = new Runner(new OptionsBuilder()
                .include(StreamingBenchmark.class.getName() + ".altStatelessStream")
                .param("dataset", "small")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(2)
                .measurementTime(TimeValue.milliseconds(300))
                .shouldFailOnError(true)
                .build()).runSingle();
        Map<String, Result> secondary = result.getSecondaryResults();
        assertThat(secondary.get("statements").getScore()).isCloseTo(1.0, within(1e-9));
        assertThat(secondary.get("rows").getScore()).isCloseTo(orders, within(1e-6));
        assertThat(secondary.get("peakHeapMB").getScore()).isNotNegative();
    }

    private static void consume(Iterator<?> rows, int n) {
        for (int i = 0; i < n; i++) rows.next();
    }

    /**
     * On the connection that runs the query: the number of rows its open protocol-level portal has not yet sent
     * (moving the portal to its end counts them), or -1 when there is no such portal.
     */
    private static long rowsLeftInCursor(Connection c) throws SQLException {
        List<String> portals = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select name from pg_cursors where name <> ''"
                     + " and statement not like '%pg_cursors%'")) {
            while (rs.next()) portals.add(rs.getString(1));
        }
        if (portals.isEmpty()) return -1;
        assertThat(portals).hasSize(1);
        try (Statement s = c.createStatement()) {
            return s.executeUpdate("move forward all in \"" + portals.getFirst().replace("\"", "\"\"") + "\"");
        }
    }

    private Totals totalsInSql() throws SQLException {
        try (Connection c = db.dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("select count(*), sum(total), max(created_at) from orders");
             ResultSet rs = p.executeQuery()) {
            rs.next();
            return new Totals(rs.getLong(1), rs.getBigDecimal(2), rs.getObject(3, LocalDateTime.class));
        }
    }
}
