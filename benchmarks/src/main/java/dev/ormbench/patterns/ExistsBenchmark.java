package dev.ormbench.patterns;

import dev.ormbench.db.Counters;
import dev.ormbench.db.Datasets;
import dev.ormbench.db.DbState;
import dev.ormbench.model.User;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.jooq.DSLContext;
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
import java.util.concurrent.TimeUnit;
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
 * in plain JDBC. Each operation checks the next address of a fixed list spread over the whole table, so the
 * lookups do not hit one row or one index page over and over.
 * <p>
 * Every variant sends 1 statement; a hit should cost the entity variant visibly more (time and, with
 * {@code -prof gc}, bytes allocated), a miss about the same: there is no row to load.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 8, time = 1)
@State(Scope.Thread)
public class ExistsBenchmark {

    /** How many different addresses each benchmark thread cycles through. */
    static final int ADDRESSES = 1024;

    @Param({"hit", "miss"})
    public String lookup;

    static final String ENTITY = "from User u where u.email = :email";
    static final String EXISTS = "select exists (select 1 from User u where u.email = :email)";

    private SessionFactory orm;
    private DSLContext jooq;
    private DataSource dataSource;
    private String[] emails;
    private int next;

    @Setup(Level.Trial)
    public void setup(DbState state) {
        orm = state.db.orm();
        jooq = state.db.jooq;
        dataSource = state.db.dataSource;
        emails = emails(Datasets.rows(state.dataset).get("users"), "hit".equals(lookup));
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
        boolean answer = loadEntity(orm, nextEmail());
        counters.op(1);
        return answer;
    }

    /** {@code select exists(…)} in HQL: one boolean comes back. */
    @Benchmark
    public boolean goodHqlExists(Counters counters) {
        boolean answer = hqlExists(orm, nextEmail());
        counters.op(1);
        return answer;
    }

    /** jOOQ's {@code fetchExists}: the same SQL. */
    @Benchmark
    public boolean altJooqFetchExists(Counters counters) {
        boolean answer = jooqExists(jooq, nextEmail());
        counters.op(1);
        return answer;
    }

    @Benchmark
    public boolean floorJdbcExists(Counters counters) throws SQLException {
        boolean answer = jdbcExists(dataSource, nextEmail());
        counters.op(1);
        return answer;
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
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("select exists (select 1 from users where email = ?)")) {
            p.setString(1, email);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
