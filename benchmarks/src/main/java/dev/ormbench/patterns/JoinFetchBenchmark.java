package dev.ormbench.patterns;

import dev.ormbench.db.Counters;
import dev.ormbench.db.DbState;
import dev.ormbench.model.Book;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
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

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Pattern 8 — a join that filters but does not fetch, then lazy access: the same rows read twice.
 * <p>
 * Books whose author's name starts with {@code authorPrefix}: the query already joins {@code authors} to
 * filter, yet a plain {@code join} only filters; reading {@code book.getAuthor().getName()} afterwards loads
 * every distinct author again, one statement each. Declaring the same join as {@code join fetch} (Hibernate's
 * counterpart of SQLAlchemy's {@code contains_eager}) fills the association from the row already read: one
 * statement, the same answer. The floor is that one join in plain JDBC.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 8, time = 1)
@State(Scope.Benchmark)
public class JoinFetchBenchmark {

    /** A book with its author's name. */
    public record BookRow(long id, String title, String author) {
    }

    /** Author names start with one of 26 surnames, so a prefix selects about 1/26 of the authors. */
    @Param({"Adams"})
    public String authorPrefix;

    @Param({"100"})
    public int pageSize;

    static final String PLAIN_JOIN = "from Book b join b.author a where a.name like :prefix order by b.id";
    static final String FETCH_JOIN = "from Book b join fetch b.author a where a.name like :prefix order by b.id";

    private SessionFactory orm;
    private DataSource dataSource;

    @Setup(Level.Trial)
    public void setup(DbState state) {
        orm = state.db.orm();
        dataSource = state.db.dataSource;
    }

    /** {@code join} to filter, then lazy access: 1 + (distinct authors on the page) statements. */
    @Benchmark
    public List<BookRow> badJoinThenLazy(Counters counters) {
        List<BookRow> answer = joined(orm, PLAIN_JOIN, authorPrefix, pageSize);
        counters.op(answer.size());
        return answer;
    }

    /** The same join as {@code join fetch}: 1 statement. */
    @Benchmark
    public List<BookRow> goodJoinFetch(Counters counters) {
        List<BookRow> answer = joined(orm, FETCH_JOIN, authorPrefix, pageSize);
        counters.op(answer.size());
        return answer;
    }

    @Benchmark
    public List<BookRow> floorJdbcJoin(Counters counters) throws SQLException {
        List<BookRow> answer = jdbc(dataSource, authorPrefix, pageSize);
        counters.op(answer.size());
        return answer;
    }

    static List<BookRow> joined(SessionFactory orm, String hql, String prefix, int pageSize) {
        try (Session s = orm.openSession()) {
            List<Book> books = s.createSelectionQuery(hql, Book.class)
                    .setParameter("prefix", prefix + "%")
                    .setMaxResults(pageSize)
                    .getResultList();
            return books.stream().map(b -> new BookRow(b.getId(), b.getTitle(), b.getAuthor().getName())).toList();
        }
    }

    static List<BookRow> jdbc(DataSource ds, String prefix, int pageSize) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("""
                     select b.id, b.title, a.name from books b join authors a on a.id = b.author_id
                     where a.name like ? order by b.id limit ?""")) {
            p.setString(1, prefix + "%");
            p.setInt(2, pageSize);
            List<BookRow> rows = new ArrayList<>(pageSize);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) rows.add(new BookRow(rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
            return rows;
        }
    }
}
