package dev.ormbench.db;

import com.zaxxer.hikari.HikariDataSource;
import dev.ormbench.measure.StatementCounter;
import dev.ormbench.model.IdentitySignup;
import dev.ormbench.model.PooledSignup;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.jooq.DSLContext;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The rows the insert pattern writes into {@code signups}, the connections it writes them over ({@link Connections}),
 * and the upkeep that leaves that table as seeded.
 * <p>
 * {@code signups} has the columns of {@code users} with a primary key and a unique e-mail index, empty when seeded; a
 * new user's bio is about 100 bytes (not the 1 KB of the seeded users). Not {@code users} itself: deleting inserted
 * rows there would leave dead tuples behind for the other patterns. Every insert variant writes the same rows (the
 * keys aside) through one pool (whose {@code reWriteBatchedInserts} does nothing to unbatched statements), one
 * transaction per operation. All keys come from the one sequence behind the identity column, {@code signups_id_seq},
 * which steps by 1,000: the identity default takes one value per row (the loop, jOOQ, COPY), the pooled optimizer a
 * block of 1,000 per call. The rows of an operation are built before it (outside the measurement), the table is
 * emptied after every iteration (likewise), and at the end of the trial it is left empty with its sequence
 * restarted: the seeded dataset is unchanged (the fingerprint covers {@code signups}).
 */
public final class Signups {

    private Signups() {
    }

    /** One new user: the values every insert variant writes. */
    public record NewUser(String email, String name, String bio, String country, boolean active,
                          LocalDateTime createdAt, LocalDateTime lastLogin) {

        private static final String[] COUNTRIES = {"US", "GB", "DE", "FR", "JP", "BR", "IN", "CA"};
        private static final LocalDateTime CREATED = LocalDateTime.of(2025, 1, 1, 0, 0);
        private static final LocalDateTime LOGIN = LocalDateTime.of(2025, 6, 1, 0, 0);

        /** New user number {@code n}: deterministic, in the manner of seed.sql's users; the e-mail is unique per n. */
        static NewUser number(long n) {
            return new NewUser("signup" + n + "@example.com", "Signup " + n,
                    "Signed up as number " + n + ". Likes databases, dislikes round trips, reads benchmark notes twice.",
                    COUNTRIES[(int) (n % COUNTRIES.length)], n % 10 != 0,
                    CREATED.plusSeconds(n * 7), n % 4 == 0 ? null : LOGIN.plusSeconds(n * 13));
        }

        /** {@code count} new users numbered from {@code first}. */
        public static List<NewUser> batch(long first, int count) {
            List<NewUser> rows = new ArrayList<>(count);
            for (long n = first; n < first + count; n++) rows.add(number(n));
            return rows;
        }

        public IdentitySignup identitySignup() {
            return new IdentitySignup(email, name, bio, country, active, createdAt, lastLogin);
        }

        public PooledSignup pooledSignup() {
            return new PooledSignup(email, name, bio, country, active, createdAt, lastLogin);
        }
    }

    /** The rows in {@code COPY}'s text format: one line each, columns in the order of {@code NewUser}. */
    public static String copyText(List<NewUser> rows) {
        StringBuilder text = new StringBuilder(rows.size() * 160);
        for (NewUser u : rows) {
            text.append(escape(u.email())).append('\t')
                    .append(escape(u.name())).append('\t')
                    .append(escape(u.bio())).append('\t')
                    .append(escape(u.country())).append('\t')
                    .append(u.active() ? 't' : 'f').append('\t')
                    .append(u.createdAt()).append('\t')
                    .append(u.lastLogin() == null ? "\\N" : u.lastLogin().toString()).append('\n');
        }
        return text.toString();
    }

    /** COPY's text format: backslash, tab, newline and carriage return are escaped with a backslash. */
    static String escape(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** Empties signups over a connection of its own (not counted); {@code restart} also resets its sequence. */
    public static void empty(Postgres.Server server, String schema, boolean restart) {
        try (Connection c = server.dataSource(schema).getConnection(); Statement s = c.createStatement()) {
            s.execute(restart ? "truncate signups restart identity" : "truncate signups");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty " + schema + ".signups", e);
        }
    }

    /**
     * The insert pattern's connections, opened on an emptied {@code signups} (its sequence restarted): one pool of
     * {@code size} connections to the dataset's schema (as the pattern configures them), counted, in place of the
     * shared pool for every variant; and two session factories on it with the signup entities, one as configured by
     * default (no JDBC batching), one with the pattern's {@code batching} settings. The signup entities are not in
     * {@code Entities.ALL}: a sequence generator makes Hibernate read the database's sequences when a factory is
     * built, a statement that the other patterns' factories need not send. Closed, the table is left as seeded.
     */
    public static final class Connections implements AutoCloseable {

        private final Postgres.Server server;
        private final String schema;
        private final HikariDataSource pool;
        /** The pool, counted: every variant's connections, jOOQ's and COPY's too. */
        public final DataSource dataSource;
        /** jOOQ on {@link #dataSource}. */
        public final DSLContext jooq;
        public final SessionFactory rowByRow;
        public final SessionFactory batching;
        /** The number of the next new user: every row of a trial gets its own, so its own e-mail. */
        private final AtomicLong nextNumber = new AtomicLong(1);

        public Connections(Db db, int size, Consumer<PGSimpleDataSource> configure, Map<String, Object> batching) {
            server = db.server;
            schema = Datasets.schema(db.dataset);
            Signups.empty(server, schema, true);
            PGSimpleDataSource connections = server.dataSource(schema);
            configure.accept(connections);
            pool = new HikariDataSource(Pools.fixed("ormbench-bulk-insert", connections, size));
            DataSource counted = StatementCounter.counting(pool);
            dataSource = counted;
            jooq = Db.jooq(counted);
            rowByRow = db.openOrm(cfg -> entities(cfg, counted, Map.of()));
            this.batching = db.openOrm(cfg -> entities(cfg, counted, batching));
        }

        private static void entities(Configuration cfg, DataSource dataSource, Map<String, Object> settings) {
            cfg.addAnnotatedClass(IdentitySignup.class).addAnnotatedClass(PooledSignup.class);
            cfg.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource);
            cfg.getProperties().putAll(settings);
        }

        /** The next {@code count} new users, numbered after the last ones asked for (by any thread). */
        public List<NewUser> next(int count) {
            return NewUser.batch(nextNumber.getAndAdd(count), count);
        }

        /** Empties the table, its sequence going on: every iteration starts from the same empty table. */
        public void empty() {
            Signups.empty(server, schema, false);
        }

        /** Closes the factories and the pool; the table left empty with its sequence restarted: as seeded. */
        @Override
        public void close() {
            rowByRow.close();
            batching.close();
            pool.close();
            Signups.empty(server, schema, true);
        }
    }
}
