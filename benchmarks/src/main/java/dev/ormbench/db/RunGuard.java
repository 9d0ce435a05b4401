package dev.ormbench.db;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One suite at a time per database. The launcher holds a PostgreSQL advisory lock (advisory locks are per
 * database) on a connection of its own for the whole run; a second launcher on the same database stops at
 * once with one line naming the holder: its host, its pid, and since when. Reseeding a dataset takes the same
 * lock for as long as it seeds, so a JVM without a launcher (the tests) never reseeds under a running suite,
 * and the forks of a run may, because their launcher hands them the holder's server pid.
 * <p>
 * The lock lives in the server, with the connection: a launcher killed with -9 loses it when the kernel closes
 * its socket, and a server that restarts drops it, so there is no lock file to clean up by hand. Losing the
 * connection mid-run is how the launcher learns that the server went away ({@link #lost()}).
 */
public final class RunGuard {

    /** The two-key form of the advisory lock, so it never meets the one-key per-dataset seeding lock. */
    private static final int KEY_CLASS = 0x6f726d62; // "ormb"
    private static final int KEY_RUN = 1;
    private static final String HOLDER = """
            select a.pid, a.application_name, a.backend_start from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database where datname = current_database())
              and l.classid = %d and l.objid = %d and l.objsubid = 2""".formatted(KEY_CLASS, KEY_RUN);

    private static Connection held;
    /** Why the lock's connection was given up, once it was because the server did not answer in time. */
    private static String unanswered;
    private static int heldPid;
    private static Postgres.Server heldOn;

    private RunGuard() {
    }

    /** Takes the run lock of {@code server}'s database for the life of this JVM, or fails in one line. */
    public static synchronized void acquire(Postgres.Server server) {
        if (held != null) return;
        try {
            Connection c = server.dataSource(null, "run " + whoAmI()).getConnection();
            try {
                if (!tryLock(c)) {
                    throw new SetupException("another ormbench run holds database " + database(server) + " (" + holder(c)
                            + "): one suite at a time per database, so results and datasets stay true; wait for it to end, or point this run at another database");
                }
                heldPid = backendPid(c);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            held = c;
            heldOn = server;
        } catch (SQLException e) {
            throw new SetupException("cannot take the run lock on " + server.safeUrl() + ": " + Postgres.oneLine(e));
        }
    }

    /** The server pid of the lock's connection, for the forks of this run (-Dormbench.runGuard). */
    public static synchronized int heldPid() {
        return heldPid;
    }

    /**
     * How long the server may leave the run lock's connection without an answer before the run gives it up (a
     * server that hangs, say stopped with SIGSTOP, rather than dying): {@code ormbench.serverTimeout} /
     * {@code ORMBENCH_SERVER_TIMEOUT}, in seconds, default 60. A server that closes the connection is given up at once.
     */
    public static int serverTimeoutSeconds() {
        String v = Postgres.setting("ormbench.serverTimeout", "ORMBENCH_SERVER_TIMEOUT");
        if (v == null) return 60;
        try {
            int seconds = Integer.parseInt(v.trim());
            if (seconds > 0) return seconds;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new SetupException("bad ormbench.serverTimeout '" + v + "': a whole number of seconds, at least 1");
    }

    /**
     * Whether this JVM held the lock and its connection no longer answers: the server died, restarted, or gave no
     * answer within {@link #serverTimeoutSeconds()}.
     */
    public static synchronized boolean lost() {
        if (held == null) return false;
        if (unanswered != null) return true;
        int timeout = serverTimeoutSeconds();
        long start = System.nanoTime();
        try {
            if (held.isValid(timeout)) return false;
        } catch (SQLException e) {
            // not valid
        }
        if (System.nanoTime() - start >= (timeout * 1_000_000_000L) * 9 / 10) {
            unanswered = "no answer for " + timeout + " s, the limit set by ormbench.serverTimeout";
        }
        return true;
    }

    /** Why the lock's connection was lost, in a few words: no answer in time, the server refuses connections, or it restarted. */
    public static synchronized String whyLost() {
        if (unanswered != null) return unanswered;
        if (heldOn == null) return "no run lock";
        try (Connection c = heldOn.dataSource(null, "run").getConnection()) {
            return "it restarted: the connection holding the run lock was closed";
        } catch (SQLException e) {
            return "cannot reconnect: " + Postgres.oneLine(e);
        }
    }

    /** Closes the lock's connection, releasing the lock (a JVM that exits releases it too). */
    public static synchronized void release() {
        try {
            if (held != null) held.close();
        } catch (SQLException ignored) {
            // the server is gone, and the lock with it
        } finally {
            held = null;
            heldPid = 0;
        }
    }

    /**
     * Before reseeding on {@code c}: fine when this run holds the lock (the launcher, or one of its forks);
     * otherwise takes it on {@code c} until {@code c} closes, or fails in one line when a run holds it.
     */
    static void guardReseed(Connection c, String dataset, String why) throws SQLException {
        int holderPid = holderPid(c);
        if (holderPid != 0 && (holderPid == heldPid() || holderPid == Integer.getInteger("ormbench.runGuard", -1))) return;
        try (Statement s = c.createStatement()) {
            s.execute("set application_name = '" + ("ormbench-seed " + whoAmI()).replace("'", "") + "'");
        }
        if (!tryLock(c)) {
            throw new SetupException("dataset " + dataset + " " + why + ", but an ormbench run holds this database ("
                    + holder(c) + "): not reseeding under it; try again when it has ended");
        }
    }

    /**
     * In a fork of a run: stop this JVM as soon as its launcher is gone (killed with -9, say), so that no orphaned
     * fork goes on changing a dataset that the next run checks and restores. Polled twice a second by a daemon
     * thread that does nothing else.
     */
    static void stopWithLauncher() {
        ProcessHandle launcher = ProcessHandle.current().parent().orElse(null);
        if (launcher == null) return;
        Thread.ofPlatform().daemon().name("ormbench-launcher-watch").start(() -> {
            try {
                while (launcher.isAlive()) Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("ormbench: the launcher of this fork (pid " + launcher.pid() + ") is gone: the fork stops");
            Runtime.getRuntime().halt(1);
        });
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pg_try_advisory_lock(" + KEY_CLASS + ", " + KEY_RUN + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static int holderPid(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(HOLDER); ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** "host H, pid P, since T" from the holder's application_name and backend_start, as far as the server knows. */
    static String holder(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(HOLDER); ResultSet rs = p.executeQuery()) {
            if (!rs.next()) return "a holder that has just gone";
            String app = rs.getString(2) == null ? "" : rs.getString(2);
            OffsetDateTime since = rs.getObject(3, OffsetDateTime.class);
            // A role that is not the holder's (nor a superuser's) is not shown when its connection started.
            String when = since == null ? "" : ", since " + since.withOffsetSameInstant(ZoneOffset.UTC)
                    .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'"));
            // application_name is "ormbench-run PID@HOST" (or ormbench-seed): see whoAmI
            String[] words = app.split(" ", 2);
            String role = words[0].startsWith("ormbench-") ? words[0].substring("ormbench-".length()) : app;
            String where = words.length > 1 && words[1].contains("@")
                    ? "host " + words[1].substring(words[1].indexOf('@') + 1) + ", pid " + words[1].substring(0, words[1].indexOf('@'))
                    : "application '" + app + "'";
            return (role.equals("seed") ? "seeding, " : "") + where + when;
        }
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String database(Postgres.Server server) {
        String path = server.url().replaceFirst("^jdbc:postgresql://[^/]*/?", "");
        int q = path.indexOf('?');
        return q >= 0 ? path.substring(0, q) : path;
    }

    /** "PID@HOST" of this JVM, short enough for application_name (63 bytes). */
    static String whoAmI() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown";
        }
        String me = ProcessHandle.current().pid() + "@" + host;
        return me.length() > 48 ? me.substring(0, 48) : me;
    }
}
