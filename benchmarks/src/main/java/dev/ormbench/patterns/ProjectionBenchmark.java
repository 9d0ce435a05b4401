package dev.ormbench.patterns;

import dev.ormbench.db.Db;
import dev.ormbench.db.Jdbc;
import dev.ormbench.measure.Counters;
import dev.ormbench.measure.Turns;
import dev.ormbench.model.User;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.annotations.Immutable;
import org.jooq.DSLContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

import static dev.ormbench.jooq.Tables.USERS;

/**
 * Pattern 2 — whole entities when only two columns are needed, and projections as the fix.
 * <p>
 * A page of {@code size} users, of which the caller needs only id and email (a mailing, an autocomplete). Loading
 * {@code User} entities reads every column, including the ~1 KB {@code bio}, decodes it into Strings, and keeps a
 * snapshot of each entity for dirty checking. Selecting the two columns reads a few dozen bytes per row: a
 * record built by the query ({@code select new}), a narrow read-only entity mapped onto the same table (the JPA
 * counterpart of SQLAlchemy's {@code load_only}: Hibernate cannot leave basic columns out of an entity it loads
 * without bytecode enhancement), or jOOQ selecting two typed columns. {@code goodRecordProjection} is the headline
 * fix because it is the article's {@code load_only} in its JPA form, a constructor-expression projection that asks
 * for exactly the needed columns; the narrow entity ({@code altNarrowEntity}) and jOOQ ({@code altJooqColumns}) are
 * other ways to the same two columns. The floor is that select in plain JDBC.
 * <p>
 * Every variant sends 1 statement for the same rows; the difference is in the bytes: run with {@code -prof gc}
 * and compare {@code gc.alloc.rate.norm} (bytes allocated per operation) next to the time.
 */
public class ProjectionBenchmark extends PatternBenchmark {

    /** What the caller needs of a user. */
    public record IdEmail(long id, String email) {
    }

    /** The two columns of {@code users} as a read-only entity of their own: what "load only" means in JPA. */
    @Entity(name = "UserEmail")
    @Table(name = "users")
    @Immutable
    public static class UserEmail {
        @Id
        private Long id;
        private String email;

        protected UserEmail() {
        }

        public Long getId() { return id; }
        public String getEmail() { return email; }
    }

    @Param({"1000"})
    public int size;

    static final String ENTITIES = "from User u order by u.id";
    static final String RECORDS = "select new " + IdEmail.class.getName() + "(u.id, u.email) from User u order by u.id";
    static final String NARROW_ENTITIES = "from UserEmail u order by u.id";

    private SessionFactory narrowOrm;

    @Override
    protected void setup(Db db, BenchmarkParams params) {
        narrowOrm = narrowOrm(db);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (narrowOrm != null) narrowOrm.close();
    }

    /** Full {@code User} entities, bio and all, mapped to what the caller needs. */
    @Benchmark
    public List<IdEmail> badFullEntities(Counters counters) {
        return answer(counters, fullEntities(orm, size));
    }

    /** {@code select new IdEmail(u.id, u.email)}: two columns, no entity, nothing in the persistence context. */
    @Benchmark
    public List<IdEmail> goodRecordProjection(Counters counters) {
        return answer(counters, records(orm, size));
    }

    /** The headline pair in turns, one iteration each, in the same fork ({@link Turns}): the ratio the summary cites. */
    @Benchmark
    @Warmup(iterations = PAIRED_WARMUP, time = 1)
    public List<IdEmail> pairedHeadline(Counters counters, Turns turns) {
        return turns.badTurn() > 0 ? badFullEntities(counters) : goodRecordProjection(counters);
    }

    /** A read-only entity of the two columns: still entities, but narrow ones. */
    @Benchmark
    public List<IdEmail> altNarrowEntity(Counters counters) {
        return answer(counters, narrowEntities(narrowOrm, size));
    }

    /** jOOQ selecting the two typed columns into the record. */
    @Benchmark
    public List<IdEmail> altJooqColumns(Counters counters) {
        return answer(counters, jooqColumns(jooq, size));
    }

    @Benchmark
    public List<IdEmail> floorJdbc(Counters counters) throws SQLException {
        return answer(counters, jdbc(dataSource, size));
    }

    /** A session factory that knows the narrow entity as well; the caller closes it. */
    static SessionFactory narrowOrm(Db db) {
        return db.openOrm(cfg -> cfg.addAnnotatedClass(UserEmail.class));
    }

    static List<IdEmail> fullEntities(SessionFactory orm, int size) {
        try (Session s = orm.openSession()) {
            List<User> users = s.createSelectionQuery(ENTITIES, User.class).setMaxResults(size).getResultList();
            return users.stream().map(u -> new IdEmail(u.getId(), u.getEmail())).toList();
        }
    }

    static List<IdEmail> records(SessionFactory orm, int size) {
        try (Session s = orm.openSession()) {
            return s.createSelectionQuery(RECORDS, IdEmail.class).setMaxResults(size).getResultList();
        }
    }

    static List<IdEmail> narrowEntities(SessionFactory orm, int size) {
        try (Session s = orm.openSession()) {
            List<UserEmail> users = s.createSelectionQuery(NARROW_ENTITIES, UserEmail.class)
                    .setMaxResults(size).getResultList();
            return users.stream().map(u -> new IdEmail(u.getId(), u.getEmail())).toList();
        }
    }

    static List<IdEmail> jooqColumns(DSLContext jooq, int size) {
        return jooq.select(USERS.ID, USERS.EMAIL).from(USERS).orderBy(USERS.ID).limit(size)
                .fetch(r -> new IdEmail(r.value1(), r.value2()));
    }

    static List<IdEmail> jdbc(DataSource ds, int size) throws SQLException {
        return Jdbc.list(ds, "select id, email from users order by id limit ?", size,
                rs -> new IdEmail(rs.getLong(1), rs.getString(2)), size);
    }
}
