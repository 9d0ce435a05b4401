package dev.ormbench.patterns;

import dev.ormbench.db.Counters;
import dev.ormbench.db.Datasets;
import dev.ormbench.db.DbState;
import dev.ormbench.db.SetupException;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.query.SelectionQuery;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.Record3;
import org.jooq.ResultQuery;
import org.jooq.SelectSeekStep1;
import org.jooq.SelectSeekStep2;
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

import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.ormbench.jooq.Tables.POSTS;
import static org.jooq.Records.mapping;

/**
 * Pattern 10 — OFFSET pagination → keyset ("seek") pagination.
 * <p>
 * One page of {@value #PAGE} posts (id, title, created_at), {@code depth} into the table ({@code first}, or
 * {@code 10pct}, {@code 90pct}: that share of the posts, rounded down to a whole page), ordered by {@code sortKey}:
 * the unique primary key {@code id}, or {@code createdAt}, which repeats (about three posts a minute) and needs
 * {@code id} as a tie-breaker, as every real feed does; the index on {@code (created_at, id)} serves it.
 * <p>
 * {@code OFFSET n LIMIT 20} makes the server walk and throw away the first n rows of the order on every
 * request: the cost grows with the depth. A keyset ("seek") page starts after the last row of the previous page,
 * {@code WHERE (created_at, id) > (:c, :id) ORDER BY created_at, id LIMIT 20}: one descent of the index to
 * the cursor, then 20 rows, at any depth. The cursor is that last row of the previous page; the benchmark
 * computes it once in the setup (outside the measurement), so every variant reads the same page.
 * <p>
 * Expect the same time for all variants on the first page, and OFFSET's time to grow with the depth (and the
 * dataset) while the keyset's stays flat. One statement per operation everywhere.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 8, time = 1)
@State(Scope.Benchmark)
public class PaginationBenchmark {

    public static final int PAGE = 20;

    /** A post of the page: the answer of every variant. */
    public record PostRow(long id, String title, LocalDateTime createdAt) {
    }

    /** The last row of the previous page, where a keyset page starts; {@code null} for the first page. */
    public record Cursor(long id, LocalDateTime createdAt) {
    }

    /** {@code id} (unique) or {@code createdAt} (repeats; {@code id} breaks the ties). */
    @Param({"id", "createdAt"})
    public String sortKey;

    /** {@code first}, or {@code Npct}: N percent of the posts deep, rounded down to a whole page. */
    @Param({"first", "10pct", "90pct"})
    public String depth;

    private SessionFactory orm;
    private DSLContext jooq;
    private boolean byId;
    private int offset;
    private Cursor cursor;

    @Setup(Level.Trial)
    public void setup(DbState state) {
        orm = state.db.orm();
        jooq = state.db.jooq;
        byId = byId(sortKey);
        offset = offset(depth, Datasets.rows(state.db.dataset).get("posts"));
        cursor = cursorBefore(jooq, byId, offset);
    }

    /** JPQL with {@code setFirstResult(offset)}: {@code OFFSET n LIMIT 20}. */
    @Benchmark
    public List<PostRow> badOffset(Counters counters) {
        List<PostRow> page = offsetPage(orm, byId, offset);
        counters.op(page.size());
        return page;
    }

    /** JPQL with the keyset predicate: {@code WHERE (created_at, id) > (?, ?) … LIMIT 20}. */
    @Benchmark
    public List<PostRow> goodKeyset(Counters counters) {
        List<PostRow> page = keysetPage(orm, byId, cursor);
        counters.op(page.size());
        return page;
    }

    /** jOOQ's {@code seek()}, which writes the keyset predicate from the {@code ORDER BY}. */
    @Benchmark
    public List<PostRow> altSeek(Counters counters) {
        List<PostRow> page = seekPage(jooq, byId, cursor);
        counters.op(page.size());
        return page;
    }

    static boolean byId(String sortKey) {
        return switch (sortKey) {
            case "id" -> true;
            case "createdAt" -> false;
            default -> throw new SetupException("bad sortKey '" + sortKey + "': use id or createdAt");
        };
    }

    /** The offset of a page {@code depth} into {@code rows} rows: 0 for {@code first}, a whole number of pages for {@code Npct}. */
    static int offset(String depth, long rows) {
        if (depth.equals("first")) return 0;
        if (depth.endsWith("pct")) {
            try {
                int pct = Integer.parseInt(depth.substring(0, depth.length() - 3));
                if (pct >= 0 && pct < 100) return (int) (rows * pct / 100 / PAGE * PAGE);
            } catch (NumberFormatException e) {
                // the one-line error below
            }
        }
        throw new SetupException("bad depth '" + depth + "': use first or a percentage below 100 such as 10pct, 90pct");
    }

    /** The last row before {@code offset} in the page order: the keyset cursor of the page at {@code offset}. */
    static Cursor cursorBefore(DSLContext jooq, boolean byId, int offset) {
        if (offset == 0) return null;
        Record2<Long, LocalDateTime> last = jooq.select(POSTS.ID, POSTS.CREATED_AT).from(POSTS)
                .orderBy(byId ? List.of(POSTS.ID) : List.of(POSTS.CREATED_AT, POSTS.ID))
                .offset(offset - 1).limit(1)
                .fetchOne();
        if (last == null) throw new SetupException("the posts table has fewer than " + offset + " rows");
        return new Cursor(last.value1(), last.value2());
    }

    private static String orderBy(boolean byId) {
        return byId ? " order by p.id" : " order by p.createdAt, p.id";
    }

    static List<PostRow> offsetPage(SessionFactory orm, boolean byId, int offset) {
        try (Session s = orm.openSession()) {
            return s.createSelectionQuery("select p.id, p.title, p.createdAt from Post p" + orderBy(byId), PostRow.class)
                    .setFirstResult(offset)
                    .setMaxResults(PAGE)
                    .getResultList();
        }
    }

    static List<PostRow> keysetPage(SessionFactory orm, boolean byId, Cursor after) {
        String where = after == null ? "" : byId ? " where p.id > :id" : " where (p.createdAt, p.id) > (:createdAt, :id)";
        try (Session s = orm.openSession()) {
            SelectionQuery<PostRow> q = s.createSelectionQuery(
                    "select p.id, p.title, p.createdAt from Post p" + where + orderBy(byId), PostRow.class);
            if (after != null) {
                q.setParameter("id", after.id());
                if (!byId) q.setParameter("createdAt", after.createdAt());
            }
            return q.setMaxResults(PAGE).getResultList();
        }
    }

    static List<PostRow> seekPage(DSLContext jooq, boolean byId, Cursor after) {
        var select = jooq.select(POSTS.ID, POSTS.TITLE, POSTS.CREATED_AT).from(POSTS);
        ResultQuery<Record3<Long, String, LocalDateTime>> page;
        if (byId) {
            SelectSeekStep1<Record3<Long, String, LocalDateTime>, Long> ordered = select.orderBy(POSTS.ID);
            page = after == null ? ordered.limit(PAGE) : ordered.seek(after.id()).limit(PAGE);
        } else {
            SelectSeekStep2<Record3<Long, String, LocalDateTime>, LocalDateTime, Long> ordered =
                    select.orderBy(POSTS.CREATED_AT, POSTS.ID);
            page = after == null ? ordered.limit(PAGE) : ordered.seek(after.createdAt(), after.id()).limit(PAGE);
        }
        return page.fetch(mapping(PostRow::new));
    }
}
