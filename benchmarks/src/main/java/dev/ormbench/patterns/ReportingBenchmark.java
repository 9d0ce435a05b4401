package dev.ormbench.patterns;

import dev.ormbench.db.Db;
import dev.ormbench.db.Jdbc;
import dev.ormbench.measure.Counters;
import dev.ormbench.measure.Turns;
import dev.ormbench.model.CustomerOrder;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.jooq.DSLContext;
import org.jooq.DatePart;
import org.jooq.Field;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static dev.ormbench.jooq.Tables.ORDERS;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.trunc;

/**
 * Pattern 6 — a report computed from entities, and SQL aggregation as the fix.
 * <p>
 * The total of the orders per user ({@code groupBy=user}, the article's query) or per month ({@code month}, the
 * usual management report). Loading every {@code CustomerOrder} entity to add them up in Java ships every row
 * over the wire and builds an entity, a snapshot and a user proxy for each, only to throw them away. A
 * {@code group by} lets PostgreSQL add them up and send one row per group: with jOOQ's typed DSL (the ORM for
 * CRUD, a query builder for analytics), or as an HQL query returning tuples. The floor is the same SQL over plain
 * JDBC. {@code goodJooqGroupBy} is the headline fix because it is the article's advice for reports, leave the ORM
 * for SQLAlchemy Core, whose Java counterpart is jOOQ's {@code group by}; {@code altHqlGroupBy} shows that the ORM's
 * own query language can aggregate as well. Totals are exact: {@code numeric} in SQL, {@code BigDecimal} in Java.
 * <p>
 * Every variant sends 1 statement. {@code rows} is the number of groups; the bad variant reads every order
 * (about 1 million in the large dataset) to produce them, so expect the gap to grow with the dataset, and to be
 * widest per month (12 groups); per user the groups are nearly as many as the orders in the larger datasets.
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {PatternBenchmark.HEAP_MIN, PatternBenchmark.HEAP_MAX})
@Warmup(iterations = 5, time = 1)
public class ReportingBenchmark extends PatternBenchmark {

    /**
     * One line of the report: the group ({@code user}: the user's id; {@code month}: year × 100 + month, e.g.
     * 202304), its number of orders and the exact sum of their totals. Lines come in key order.
     */
    public record Total(long key, long orders, BigDecimal sum) {
    }

    @Param({"user", "month"})
    public String groupBy;

    private boolean byMonth;

    @Override
    protected void setup(Db db, BenchmarkParams params) {
        byMonth = Params.oneOf("groupBy", groupBy, "user", "month").equals("month");
    }

    /** Every order as an entity, added up in Java. */
    @Benchmark
    public List<Total> badEntitiesInJava(Counters counters) {
        return answer(counters, entitiesInJava(orm, byMonth));
    }

    /** {@code group by} in SQL, through jOOQ's typed DSL. */
    @Benchmark
    public List<Total> goodJooqGroupBy(Counters counters) {
        return answer(counters, jooqGroupBy(jooq, byMonth));
    }

    /** The headline pair in turns, one iteration each, in the same fork ({@link Turns}): the ratio the summary cites. */
    @Benchmark
    @Warmup(iterations = PAIRED_WARMUP, time = 1)
    public List<Total> pairedHeadline(Counters counters, Turns turns) {
        return turns.badTurn() > 0 ? badEntitiesInJava(counters) : goodJooqGroupBy(counters);
    }

    /** The same {@code group by} as an HQL query returning tuples. */
    @Benchmark
    public List<Total> altHqlGroupBy(Counters counters) {
        return answer(counters, hqlGroupBy(orm, byMonth));
    }

    @Benchmark
    public List<Total> floorJdbcGroupBy(Counters counters) throws SQLException {
        return answer(counters, jdbcGroupBy(dataSource, byMonth));
    }

    static long month(LocalDateTime t) {
        return t.getYear() * 100L + t.getMonthValue();
    }

    static List<Total> entitiesInJava(SessionFactory orm, boolean byMonth) {
        try (Session s = orm.openSession()) {
            List<CustomerOrder> orders = s.createSelectionQuery("from CustomerOrder", CustomerOrder.class).getResultList();
            Map<Long, Total> totals = new TreeMap<>();
            for (CustomerOrder o : orders) {
                long key = byMonth ? month(o.getCreatedAt()) : o.getUserId();
                totals.merge(key, new Total(key, 1, o.getTotal()),
                        (a, b) -> new Total(key, a.orders() + 1, a.sum().add(b.sum())));
            }
            return List.copyOf(totals.values());
        }
    }

    static List<Total> jooqGroupBy(DSLContext jooq, boolean byMonth) {
        if (byMonth) {
            Field<LocalDateTime> month = trunc(ORDERS.CREATED_AT, DatePart.MONTH);
            return jooq.select(month, count(), sum(ORDERS.TOTAL)).from(ORDERS).groupBy(month).orderBy(month)
                    .fetch(r -> new Total(month(r.value1()), r.value2(), r.value3()));
        }
        return jooq.select(ORDERS.USER_ID, count(), sum(ORDERS.TOTAL)).from(ORDERS)
                .groupBy(ORDERS.USER_ID).orderBy(ORDERS.USER_ID)
                .fetch(r -> new Total(r.value1(), r.value2(), r.value3()));
    }

    static final String HQL_BY_USER =
            "select o.userId, count(*), sum(o.total) from CustomerOrder o group by o.userId order by o.userId";
    static final String HQL_BY_MONTH = """
            select truncate(o.createdAt, month), count(*), sum(o.total) from CustomerOrder o
            group by truncate(o.createdAt, month) order by truncate(o.createdAt, month)""";

    static List<Total> hqlGroupBy(SessionFactory orm, boolean byMonth) {
        try (Session s = orm.openSession()) {
            List<Object[]> rows = s.createSelectionQuery(byMonth ? HQL_BY_MONTH : HQL_BY_USER, Object[].class)
                    .getResultList();
            List<Total> totals = new ArrayList<>(rows.size());
            for (Object[] r : rows) {
                long key = byMonth ? month((LocalDateTime) r[0]) : (Long) r[0];
                totals.add(new Total(key, (Long) r[1], (BigDecimal) r[2]));
            }
            return totals;
        }
    }

    static List<Total> jdbcGroupBy(DataSource ds, boolean byMonth) throws SQLException {
        String sql = byMonth
                ? "select date_trunc('month', created_at) m, count(*), sum(total) from orders group by m order by m"
                : "select user_id, count(*), sum(total) from orders group by user_id order by user_id";
        return Jdbc.list(ds, sql, 0, rs -> new Total(byMonth ? month(rs.getObject(1, LocalDateTime.class)) : rs.getLong(1),
                rs.getLong(2), rs.getBigDecimal(3)));
    }
}
