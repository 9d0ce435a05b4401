package dev.ormbench.patterns;

import dev.ormbench.db.Jdbc;
import dev.ormbench.measure.Counters;
import dev.ormbench.measure.Turns;
import dev.ormbench.model.Book;
import dev.ormbench.model.BookRow;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Pattern 8 — a join that filters but does not fetch, then lazy access: the same rows read twice.
 * <p>
 * Books whose author's name starts with {@code authorPrefix}: the query already joins {@code authors} to
 * filter, yet a plain {@code join} only filters; reading {@code book.getAuthor().getName()} afterwards loads
 * every distinct author again, one statement each. {@code goodJoinFetch} is the headline fix because it is the
 * article's: SQLAlchemy's {@code contains_eager} tells the ORM to fill the association from the join it already
 * has, and declaring the same join as {@code join fetch} does that in Hibernate: one statement, the same answer.
 * The floor is that one join in plain JDBC.
 */
public class JoinFetchBenchmark extends PatternBenchmark {

    /** Author names start with one of 26 surnames, so a prefix selects about 1/26 of the authors. */
    @Param({"Adams"})
    public String authorPrefix;

    @Param({"100"})
    public int pageSize;

    static final String PLAIN_JOIN = "from Book b join b.author a where a.name like :prefix order by b.id";
    static final String FETCH_JOIN = "from Book b join fetch b.author a where a.name like :prefix order by b.id";

    /** {@code join} to filter, then lazy access: 1 + (distinct authors on the page) statements. */
    @Benchmark
    public List<BookRow> badJoinThenLazy(Counters counters) {
        return answer(counters, joined(orm, PLAIN_JOIN, authorPrefix, pageSize));
    }

    /** The same join as {@code join fetch}: 1 statement. */
    @Benchmark
    public List<BookRow> goodJoinFetch(Counters counters) {
        return answer(counters, joined(orm, FETCH_JOIN, authorPrefix, pageSize));
    }

    /** The headline pair in turns, one iteration each, in the same fork ({@link Turns}): the ratio the summary cites. */
    @Benchmark
    @Warmup(iterations = PAIRED_WARMUP, time = 1)
    public List<BookRow> pairedHeadline(Counters counters, Turns turns) {
        return turns.badTurn() > 0 ? badJoinThenLazy(counters) : goodJoinFetch(counters);
    }

    @Benchmark
    public List<BookRow> floorJdbcJoin(Counters counters) throws SQLException {
        return answer(counters, jdbc(dataSource, authorPrefix, pageSize));
    }

    static List<BookRow> joined(SessionFactory orm, String hql, String prefix, int pageSize) {
        try (Session s = orm.openSession()) {
            List<Book> books = s.createSelectionQuery(hql, Book.class)
                    .setParameter("prefix", prefix + "%")
                    .setMaxResults(pageSize)
                    .getResultList();
            return books.stream().map(BookRow::of).toList();
        }
    }

    static List<BookRow> jdbc(DataSource ds, String prefix, int pageSize) throws SQLException {
        return Jdbc.list(ds, """
                        select b.id, b.title, a.name from books b join authors a on a.id = b.author_id
                        where a.name like ? order by b.id limit ?""", pageSize,
                rs -> new BookRow(rs.getLong(1), rs.getString(2), rs.getString(3)), prefix + "%", pageSize);
    }
}
