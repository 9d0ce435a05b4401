package dev.ormbench.patterns;

import dev.ormbench.db.Db;
import dev.ormbench.db.Jdbc;
import dev.ormbench.measure.Counters;
import dev.ormbench.measure.Turns;
import dev.ormbench.model.Author;
import dev.ormbench.model.Book;
import dev.ormbench.model.BookRow;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Pattern 1 — the N+1 query problem, and eager loading as its fix.
 * <p>
 * A page of {@code pageSize} books, each with its author's name ({@code relation=bookAuthor}, many-to-one), or a
 * page of authors, each with the titles of their books ({@code relation=authorBooks}, one-to-many). The lazy
 * association touched in a loop costs one statement per parent: 1 + N round trips. {@code goodEagerLoading} is the
 * headline fix because it is the article's, per relation: {@code joinedload} for many-to-one is {@code join fetch}
 * here (1 statement), {@code selectinload} for one-to-many is Hibernate's batch ("select-in") loading (2 statements:
 * the parents, then all their children with {@code where author_id = any(?)}; a join fetch would multiply rows and
 * break the page limit). The floor is the same answer from one hand-written JDBC join.
 * <p>
 * Expect {@code statements} to read 1 + N, 1 or 2, and 1, and the time to follow the round trips.
 */
public class NPlusOneBenchmark extends PatternBenchmark {

    /** An author with the titles of their books, in book id order: the answer of the one-to-many side. */
    public record AuthorRow(long id, String name, List<String> titles) {
    }

    @Param({"bookAuthor", "authorBooks"})
    public String relation;

    @Param({"100"})
    public int pageSize;

    private boolean bookAuthor;

    @Override
    protected void setup(Db db, BenchmarkParams params) {
        bookAuthor = Params.oneOf("relation", relation, "bookAuthor", "authorBooks").equals("bookAuthor");
    }

    /** The lazy association, touched in a loop: 1 + N statements. */
    @Benchmark
    public List<?> badLazyLoop(Counters counters) {
        return answer(counters, bookAuthor ? lazyBooks(orm, pageSize) : lazyAuthors(orm, pageSize));
    }

    /** {@code join fetch} (many-to-one) or batch select-in loading (one-to-many): 1 or 2 statements. */
    @Benchmark
    public List<?> goodEagerLoading(Counters counters) {
        return answer(counters, bookAuthor ? joinFetchBooks(orm, pageSize) : batchFetchAuthors(orm, pageSize));
    }

    /** The headline pair in turns, one iteration each, in the same fork ({@link Turns}): the ratio the summary cites. */
    @Benchmark
    @Warmup(iterations = PAIRED_WARMUP, time = 1)
    public List<?> pairedHeadline(Counters counters, Turns turns) {
        return turns.badTurn() > 0 ? badLazyLoop(counters) : goodEagerLoading(counters);
    }

    /** One hand-written join over plain JDBC: what the ORM variants cost on top of the SQL itself. */
    @Benchmark
    public List<?> floorJdbcJoin(Counters counters) throws SQLException {
        return answer(counters, bookAuthor ? jdbcBooks(dataSource, pageSize) : jdbcAuthors(dataSource, pageSize));
    }

    // --- many-to-one: books with their author ---

    static List<BookRow> lazyBooks(SessionFactory orm, int pageSize) {
        return books(orm, "from Book b order by b.id", pageSize);
    }

    static List<BookRow> joinFetchBooks(SessionFactory orm, int pageSize) {
        return books(orm, "from Book b join fetch b.author order by b.id", pageSize);
    }

    private static List<BookRow> books(SessionFactory orm, String hql, int pageSize) {
        try (Session s = orm.openSession()) {
            return s.createSelectionQuery(hql, Book.class).setMaxResults(pageSize).getResultList()
                    .stream().map(BookRow::of).toList();
        }
    }

    static List<BookRow> jdbcBooks(DataSource ds, int pageSize) throws SQLException {
        return Jdbc.list(ds,
                "select b.id, b.title, a.name from books b join authors a on a.id = b.author_id order by b.id limit ?", pageSize,
                rs -> new BookRow(rs.getLong(1), rs.getString(2), rs.getString(3)), pageSize);
    }

    // --- one-to-many: authors with their books ---

    static List<AuthorRow> lazyAuthors(SessionFactory orm, int pageSize) {
        try (Session s = orm.openSession()) {
            return authorRows(s, pageSize);
        }
    }

    static List<AuthorRow> batchFetchAuthors(SessionFactory orm, int pageSize) {
        try (Session s = orm.openSession()) {
            // Hibernate's select-in loading, for this session only: when one lazy collection is touched, it
            // loads the books of up to pageSize authors of the session in one statement.
            s.setFetchBatchSize(pageSize);
            return authorRows(s, pageSize);
        }
    }

    private static List<AuthorRow> authorRows(Session s, int pageSize) {
        List<Author> authors = s.createSelectionQuery("from Author a order by a.id", Author.class)
                .setMaxResults(pageSize).getResultList();
        return authors.stream()
                .map(a -> new AuthorRow(a.getId(), a.getName(), a.getBooks().stream().map(Book::getTitle).toList()))
                .toList();
    }

    /**
     * One statement. {@code offset 0} keeps the lateral subquery from being flattened into a hash join over every
     * book: one author's books are scattered over the whole table, so the planner prices 100 index lookups above a
     * sequential scan of the million books (EXPLAIN ANALYZE at large: 126–430 ms as a hash join, 12 ms as the
     * nested loop this forces).
     */
    static List<AuthorRow> jdbcAuthors(DataSource ds, int pageSize) throws SQLException {
        return Jdbc.query(ds, """
                select a.id, a.name, b.title
                from (select id, name from authors order by id limit ?) a
                left join lateral (select id, title from books where author_id = a.id offset 0) b on true
                order by a.id, b.id""", rs -> {
            Map<Long, AuthorRow> byId = new LinkedHashMap<>();
            while (rs.next()) {
                long id = rs.getLong(1);
                AuthorRow row = byId.get(id);
                if (row == null) {
                    row = new AuthorRow(id, rs.getString(2), new ArrayList<>());
                    byId.put(id, row);
                }
                String title = rs.getString(3);
                if (title != null) row.titles().add(title);
            }
            return List.copyOf(byId.values());
        }, pageSize);
    }
}
