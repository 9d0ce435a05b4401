package dev.ormbench;

import dev.ormbench.db.Postgres;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/** The suite's connections to a server, as a test sees them from a connection of its own. */
public final class SuiteConnections {

    private SuiteConnections() {
    }

    /** The suite's connections to {@code server} (application_name ormbench…), by server pid, but the caller's. */
    public static Set<Integer> suiteConnections(Postgres.Server server) throws SQLException {
        Set<Integer> pids = new HashSet<>();
        try (Connection c = observer(server, "postgres").getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pid from pg_stat_activity where application_name like 'ormbench%'")) {
            while (rs.next()) pids.add(rs.getInt(1));
        }
        return pids;
    }

    /** The suite's connections not in {@code before}, once they are gone or after 10 s (a closed backend ends shortly after). */
    public static Set<Integer> awaitSuiteConnections(Postgres.Server server, Set<Integer> before) throws Exception {
        Set<Integer> left = Set.of();
        for (int i = 0; i < 100; i++) {
            left = new HashSet<>(suiteConnections(server));
            left.removeAll(before);
            if (left.isEmpty()) break;
            Thread.sleep(100);
        }
        return left;
    }

    /** A connection that is not the suite's: it does not count itself. */
    public static PGSimpleDataSource observer(Postgres.Server server, String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(server.url().replaceFirst("/postgres(\\?|$)", "/" + database + "$1"));
        ds.setUser(server.user());
        ds.setApplicationName("test-observer");
        return ds;
    }
}
