package dev.ormbench.measure;

import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import java.util.List;
import javax.sql.DataSource;

/**
 * Counts the SQL statements that reach the database, per thread, through a datasource-proxy listener.
 * One execution is one round trip: a JDBC batch of 50 inserts counts once, and its rows count 50 in
 * {@link Tally#batchedRows}. Per thread, because JDBC executes on the calling thread and JMH may run
 * several benchmark threads at once.
 */
public final class StatementCounter implements QueryExecutionListener {

    /** The running totals of one thread. Only that thread writes them. */
    public static final class Tally {
        public volatile long statements;
        public volatile long batchedRows;
    }

    private static final ThreadLocal<Tally> TALLY = ThreadLocal.withInitial(Tally::new);

    /** The calling thread's totals, for as long as the thread lives. */
    public static Tally tally() {
        return TALLY.get();
    }

    /**
     * Counts one statement that bypassed JDBC statements on the calling thread, such as a {@code COPY} through
     * pgjdbc's CopyManager, which datasource-proxy cannot see.
     */
    public static void countUnproxied() {
        TALLY.get().statements++;
    }

    /** {@code dataSource}, wrapped so that every statement executed through it is counted. */
    public static DataSource counting(DataSource dataSource) {
        return ProxyDataSourceBuilder.create(dataSource).name("ormbench").listener(new StatementCounter()).build();
    }

    @Override
    public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
    }

    /** A statement as executed: its SQL text and the values of its parameters (of its first set, for a batch). */
    public record Executed(String sql, List<Object> parameters) {
    }

    private static volatile boolean capturing;
    private static final java.util.Map<String, Executed> CAPTURED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Starts or stops keeping every distinct statement text executed (with the parameters of its first execution),
     * for the plan recording of a run: on only outside measurement, such as a warm-up iteration.
     */
    public static void capture(boolean on) {
        capturing = on;
    }

    /** The distinct statements kept by {@link #capture}, in the order of their text; and forgets them. */
    public static List<Executed> drainCaptured() {
        List<Executed> out = new java.util.ArrayList<>(new java.util.TreeMap<>(CAPTURED).values());
        CAPTURED.clear();
        return out;
    }

    private static void keep(List<QueryInfo> queries) {
        for (QueryInfo q : queries) {
            CAPTURED.computeIfAbsent(q.getQuery(), sql -> {
                java.util.SortedMap<Integer, Object> byIndex = new java.util.TreeMap<>();
                if (!q.getParametersList().isEmpty()) {
                    for (var op : q.getParametersList().get(0)) {
                        Object[] args = op.getArgs();
                        if (args.length == 0 || !(args[0] instanceof Integer index)) continue;
                        boolean isNull = op.getMethod().getName().equals("setNull");
                        byIndex.put(index, isNull || args.length < 2 ? null : args[1]);
                    }
                }
                return new Executed(sql, new java.util.ArrayList<>(byIndex.values()));
            });
        }
    }

    @Override
    public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        if (capturing) keep(queryInfoList);
        Tally t = TALLY.get();
        t.statements++;
        if (execInfo.isBatch()) t.batchedRows += Math.max(execInfo.getBatchSize(), 1);
    }
}
