package dev.ormbench.patterns;

import dev.ormbench.db.Datasets;
import dev.ormbench.db.Db;
import dev.ormbench.db.Jdbc;
import dev.ormbench.measure.Counters;
import dev.ormbench.measure.Turns;
import dev.ormbench.model.User;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.jooq.DSLContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.sql.SQLException;
import javax.sql.DataSource;

import static dev.ormbench.jooq.Tables.USERS;

/**
 * Pattern 5 — loading an object to learn whether it exists, and {@code exists} as the fix.
 * <p>
 * A login or sign-up check: is there a user with this email? ({@code lookup=hit}: yes; {@code miss}: an address
 * that cannot be in the data.) Querying the {@code User} entity and testing for null reads the whole row,
 * ~1 KB {@code bio} included, builds an entity and registers it in the persistence context, to use one bit of it.
 * {@code select exists(select 1 … where email = ?)} lets PostgreSQL answer from the unique index on
 * {@code email} and send back one boolean: in HQL, or with jOOQ's {@code fetchExists}. The floor is that select
 * in plain JDBC. {@code goodHqlExists} is the headline fix because it is the article's {@code exists()} written
 * in the ORM's own query language; jOOQ's {@code fetchExists} ({@code altJooqFetchExists}) sends the same SQL from a
 * query builder. Each operation checks the next address of a fixed list spread over the whole table, so the
 * lookups do not hit one row or one index page over and over.
 * <p>
 * Every variant sends 1 statement; a hit should cost the entity variant visibly more (time and, with
 * {@code -prof gc}, bytes allocated), a miss about the same: there is no row to load.
 */
@State(Scope.Thread)
public class ExistsBenchmark extends PatternBenchmark {

    /** How many different addresses each benchmark thread cycles through. */
    static final int ADDRESSES = 1024;

    @Param({"hit", "miss"})
    public String lookup;

    static final String ENTITY = "from User u where u.email = :email";
    static final String EXISTS = "select exists (select 1 from User u where u.email = :email)";

    private String[] emails;
    private int next;

    @Override
    protected void setup(Db db, BenchmarkParams params) {
        boolean hits = Params.oneOf("lookup", lookup, "hit", "miss").equals("hit");
        emails = emails(Datasets.rows(db.dataset).get("users"), hits);
    }

    /**
     * {@link #ADDRESSES} emails, spread over the users' ids 1..users by a stride coprime with every dataset's
     * count ({@code user<id>@example.com}, as seeded); for misses the same addresses under {@code .invalid}, a
     * top-level domain reserved never to exist, which the data does not use.
     */
    static String[] emails(long users, boolean hits) {
        String[] emails = new String[(int) Math.min(ADDRESSES, users)];
        for (int k = 0; k < emails.length; k++) {
            long id = 1 + (k * 7919L) % users;
            emails[k] = "user" + id + (hits ? "@example.com" : "@example.invalid");
        }
        return emails;
    }

    private String nextEmail() {
        String email = emails[next];
        next = (next + 1) % emails.length;
        return email;
    }

    /** The entity, loaded and tested for null. */
    @Benchmark
    public boolean badLoadEntity(Counters counters) {
        return single(counters, loadEntity(orm, nextEmail()));
    }

    /** {@code select exists(…)} in HQL: one boolean comes back. */
    @Benchmark
    public boolean goodHqlExists(Counters counters) {
        return single(counters, hqlExists(orm, nextEmail()));
    }

    /** The headline pair in turns, one iteration each, in the same fork ({@link Turns}): the ratio the summary cites. */
    @Benchmark
    @Warmup(iterations = PAIRED_WARMUP, time = 1)
    public boolean pairedHeadline(Counters counters, Turns turns) {
        return turns.badTurn() > 0 ? badLoadEntity(counters) : goodHqlExists(counters);
    }

    /** jOOQ's {@code fetchExists}: the same SQL. */
    @Benchmark
    public boolean altJooqFetchExists(Counters counters) {
        return single(counters, jooqExists(jooq, nextEmail()));
    }

    @Benchmark
    public boolean floorJdbcExists(Counters counters) throws SQLException {
        return single(counters, jdbcExists(dataSource, nextEmail()));
    }

    static boolean loadEntity(SessionFactory orm, String email) {
        try (Session s = orm.openSession()) {
            User user = s.createSelectionQuery(ENTITY, User.class).setParameter("email", email)
                    .setMaxResults(1).getSingleResultOrNull();
            return user != null;
        }
    }

    static boolean hqlExists(SessionFactory orm, String email) {
        try (Session s = orm.openSession()) {
            return s.createSelectionQuery(EXISTS, Boolean.class).setParameter("email", email).getSingleResult();
        }
    }

    static boolean jooqExists(DSLContext jooq, String email) {
        return jooq.fetchExists(USERS, USERS.EMAIL.eq(email));
    }

    static boolean jdbcExists(DataSource ds, String email) throws SQLException {
        return Jdbc.query(ds, "select exists (select 1 from users where email = ?)", rs -> rs.next() && rs.getBoolean(1), email);
    }
}
