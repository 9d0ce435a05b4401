package dev.ormbench.db;

import dev.ormbench.model.IdentitySignup;
import dev.ormbench.model.PooledSignup;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows the insert pattern writes into {@code signups}, and the upkeep that leaves that table as seeded.
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
}
