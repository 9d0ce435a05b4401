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
 * The rows the insert pattern writes into {@code signups} (the columns of {@code users}, empty when seeded), and the
 * upkeep that leaves that table as seeded.
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
