package dev.ormbench.patterns;

import dev.ormbench.db.Datasets;
import dev.ormbench.db.Db;
import dev.ormbench.db.Pages.Cursor;
import dev.ormbench.db.Pages;
import dev.ormbench.measure.Counters;
import dev.ormbench.measure.Turns;
import dev.ormbench.model.Post;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.query.SelectionQuery;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.ormbench.jooq.Tables.COMMENTS;
import static dev.ormbench.jooq.Tables.POSTS;
import static org.jooq.Records.mapping;

/**
 * The article's closing example, several patterns at once: a page of {@value Pages#SIZE} posts after
 * a cursor, only their id and title, each with its comments (5 per post in every dataset).
 * <p>
 * The naive version pays for every mistake together: {@code OFFSET} (the server walks every earlier row), whole
 * {@code Post} entities (the 256-character body nobody reads) and the lazy {@code comments} collection touched in a
 * loop, 1 + 20 statements. The production version is a keyset page (pattern 10) of the two needed columns
 * (pattern 2), then the comments of those 20 posts in one select-in statement (pattern 1): 2 statements, what
 * SQLAlchemy's {@code load_only} + {@code selectinload} send. Hibernate cannot load part of an entity without
 * bytecode enhancement, so the good variant selects the columns and runs the select-in itself. The floor is one
 * statement: jOOQ's {@code MULTISET} nests the comments into each post row on the server. {@code goodKeysetSelectIn}
 * is the headline fix because it is the article's closing recommendation put together from its own fixes.
 * <p>
 * The page starts {@code depth} into the table (default half-way), its cursor computed in the setup. Expect
 * {@code statements} 21, 2 and 1, and the naive version's time to grow with the dataset (OFFSET) on top of
 * its round trips.
 */
public class ProductionQueryBenchmark extends PatternBenchmark {

    static final int PAGE = Pages.SIZE;

    /** A comment as the page shows it. */
    public record CommentRow(long id, String body) {
    }

    /** A post of the page with its comments in id order: the answer of every variant. */
    public record PostRow(long id, String title, List<CommentRow> comments) {
    }

    /** Where the page starts: {@code first}, or {@code Npct} of the posts deep (as in {@link PaginationBenchmark}). */
    @Param({"50pct"})
    public String depth;

    private int offset;
    private Long afterId;

    @Override
    protected void setup(Db db, BenchmarkParams params) {
        offset = Pages.offset(depth, Datasets.rows(db.dataset).get("posts"));
        Cursor cursor = Pages.cursorBefore(jooq, true, offset);
        afterId = cursor == null ? null : cursor.id();
    }

    /** OFFSET, whole entities, lazy comments touched in a loop: 1 + 20 statements. */
    @Benchmark
    public List<PostRow> badNaive(Counters counters) {
        return answer(counters, naive(orm, offset));
    }

    /** Keyset, id and title only, comments of the page in one select-in: 2 statements. */
    @Benchmark
    public List<PostRow> goodKeysetSelectIn(Counters counters) {
        return answer(counters, keysetSelectIn(orm, afterId));
    }

    /** The headline pair in turns, one iteration each, in the same fork ({@link Turns}): the ratio the summary cites. */
    @Benchmark
    @Warmup(iterations = PAIRED_WARMUP, time = 1)
    public List<PostRow> pairedHeadline(Counters counters, Turns turns) {
        return turns.badTurn() > 0 ? badNaive(counters) : goodKeysetSelectIn(counters);
    }

    /** jOOQ: keyset, and the comments nested into each row with MULTISET: 1 statement. */
    @Benchmark
    public List<PostRow> floorJooqMultiset(Counters counters) {
        return answer(counters, multiset(jooq, afterId));
    }

    static List<PostRow> naive(SessionFactory orm, int offset) {
        try (Session s = orm.openSession()) {
            List<Post> posts = s.createSelectionQuery("from Post p order by p.id", Post.class)
                    .setFirstResult(offset)
                    .setMaxResults(PAGE)
                    .getResultList();
            return posts.stream()
                    .map(p -> new PostRow(p.getId(), p.getTitle(),
                            p.getComments().stream().map(c -> new CommentRow(c.getId(), c.getBody())).toList()))
                    .toList();
        }
    }

    static List<PostRow> keysetSelectIn(SessionFactory orm, Long afterId) {
        try (Session s = orm.openSession()) {
            SelectionQuery<Object[]> q = s.createSelectionQuery(
                    "select p.id, p.title from Post p" + (afterId == null ? "" : " where p.id > :after") + " order by p.id",
                    Object[].class);
            if (afterId != null) q.setParameter("after", afterId);
            Map<Long, PostRow> byId = new LinkedHashMap<>();
            for (Object[] p : q.setMaxResults(PAGE).getResultList()) {
                byId.put((Long) p[0], new PostRow((Long) p[0], (String) p[1], new ArrayList<>()));
            }
            if (byId.isEmpty()) return List.of();
            List<Object[]> comments = s.createSelectionQuery(
                            "select c.post.id, c.id, c.body from Comment c where c.post.id in :posts order by c.id",
                            Object[].class)
                    .setParameter("posts", byId.keySet())
                    .getResultList();
            for (Object[] c : comments) byId.get((Long) c[0]).comments().add(new CommentRow((Long) c[1], (String) c[2]));
            return List.copyOf(byId.values());
        }
    }

    static List<PostRow> multiset(DSLContext jooq, Long afterId) {
        return jooq.select(POSTS.ID, POSTS.TITLE,
                        DSL.multiset(DSL.select(COMMENTS.ID, COMMENTS.BODY)
                                        .from(COMMENTS)
                                        .where(COMMENTS.POST_ID.eq(POSTS.ID))
                                        .orderBy(COMMENTS.ID))
                                .convertFrom(r -> r.map(mapping(CommentRow::new))))
                .from(POSTS)
                .where(afterId == null ? DSL.noCondition() : POSTS.ID.gt(afterId))
                .orderBy(POSTS.ID)
                .limit(PAGE)
                .fetch(mapping(PostRow::new));
    }
}
