package dev.ormbench.patterns;

import dev.ormbench.db.Datasets;
import dev.ormbench.db.Db;
import dev.ormbench.db.Orm;
import dev.ormbench.db.Pages;
import dev.ormbench.db.Pages.Cursor;
import dev.ormbench.measure.Counters;
import dev.ormbench.measure.Turns;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.query.SelectionQuery;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.ResultQuery;
import org.jooq.SelectSeekStep1;
import org.jooq.SelectSeekStep2;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.time.LocalDateTime;
import java.util.List;

import static dev.ormbench.jooq.Tables.POSTS;
import static org.jooq.Records.mapping;

/**
 * Pattern 10 — OFFSET pagination → keyset ("seek") pagination.
 * <p>
 * One page of {@value Pages#SIZE} posts (id, title, created_at), {@code depth} into the table ({@code first}, or
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
 * {@code goodKeyset} is the headline fix because it is the article's keyset filter, written as a JPQL row-value
 * predicate; {@code altSeek} shows jOOQ's {@code seek()} writing the same predicate from the {@code ORDER BY}.
 * <p>
 * Expect the same time for all variants on the first page, and OFFSET's time to grow with the depth (and the
 * dataset) while the keyset's stays flat. One statement per operation everywhere.
 */
public class PaginationBenchmark extends PatternBenchmark {

    /** A post of the page: the answer of every variant. */
    public record PostRow(long id, String title, LocalDateTime createdAt) {
    }

    /** {@code id} (unique) or {@code createdAt} (repeats; {@code id} breaks the ties). */
    @Param({"id", "createdAt"})
    public String sortKey;

    /** {@code first}, or {@code Npct}: N percent of the posts deep, rounded down to a whole page. */
    @Param({"first", "10pct", "90pct"})
    public String depth;

    private boolean byId;
    private int offset;
    private Cursor cursor;

    @Override
    protected void setup(Db db, BenchmarkParams params) {
        byId = Params.oneOf("sortKey", sortKey, "id", "createdAt").equals("id");
        offset = Pages.offset(depth, Datasets.rows(db.dataset).get("posts"));
        cursor = Pages.cursorBefore(jooq, byId, offset);
    }

    /** JPQL with {@code setFirstResult(offset)}: {@code OFFSET n LIMIT 20}. */
    @Benchmark
    public List<PostRow> badOffset(Counters counters) {
        return answer(counters, offsetPage(orm, byId, offset));
    }

    /** JPQL with the keyset predicate: {@code WHERE (created_at, id) > (?, ?) … LIMIT 20}. */
    @Benchmark
    public List<PostRow> goodKeyset(Counters counters) {
        return answer(counters, keysetPage(orm, byId, cursor));
    }

    /** The headline pair in turns, one iteration each, in the same fork ({@link Turns}): the ratio the summary cites. */
    @Benchmark
    @Warmup(iterations = PAIRED_WARMUP, time = 1)
    public List<PostRow> pairedHeadline(Counters counters, Turns turns) {
        return turns.badTurn() > 0 ? badOffset(counters) : goodKeyset(counters);
    }

    /** jOOQ's {@code seek()}, which writes the keyset predicate from the {@code ORDER BY}. */
    @Benchmark
    public List<PostRow> altSeek(Counters counters) {
        return answer(counters, seekPage(jooq, byId, cursor));
    }

    private static String orderBy(boolean byId) {
        return byId ? " order by p.id" : " order by p.createdAt, p.id";
    }

    static List<PostRow> offsetPage(SessionFactory orm, boolean byId, int offset) {
        try (Session s = orm.openSession()) {
            return Orm.createSelectionQuery(s, "select p.id, p.title, p.createdAt from Post p" + orderBy(byId), PostRow.class)
                    .setFirstResult(offset)
                    .setMaxResults(Pages.SIZE)
                    .getResultList();
        }
    }

    static List<PostRow> keysetPage(SessionFactory orm, boolean byId, Cursor after) {
        String where = after == null ? "" : byId ? " where p.id > :id" : " where (p.createdAt, p.id) > (:createdAt, :id)";
        try (Session s = orm.openSession()) {
            SelectionQuery<PostRow> q = Orm.createSelectionQuery(s,
                    "select p.id, p.title, p.createdAt from Post p" + where + orderBy(byId), PostRow.class);
            if (after != null) {
                q.setParameter("id", after.id());
                if (!byId) q.setParameter("createdAt", after.createdAt());
            }
            return q.setMaxResults(Pages.SIZE).getResultList();
        }
    }

    static List<PostRow> seekPage(DSLContext jooq, boolean byId, Cursor after) {
        var select = jooq.select(POSTS.ID, POSTS.TITLE, POSTS.CREATED_AT).from(POSTS);
        ResultQuery<Record3<Long, String, LocalDateTime>> page;
        if (byId) {
            SelectSeekStep1<Record3<Long, String, LocalDateTime>, Long> ordered = select.orderBy(POSTS.ID);
            page = after == null ? ordered.limit(Pages.SIZE) : ordered.seek(after.id()).limit(Pages.SIZE);
        } else {
            SelectSeekStep2<Record3<Long, String, LocalDateTime>, LocalDateTime, Long> ordered =
                    select.orderBy(POSTS.CREATED_AT, POSTS.ID);
            page = after == null ? ordered.limit(Pages.SIZE) : ordered.seek(after.createdAt(), after.id()).limit(Pages.SIZE);
        }
        return page.fetch(mapping(PostRow::new));
    }
}
