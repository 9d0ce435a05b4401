package dev.ormbench.db;

import dev.ormbench.measure.Latency;
import dev.ormbench.measure.Wire;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds a PostgreSQL server, once per JVM, in this order:
 * <ol>
 *   <li>an explicit one: {@code -Dormbench.jdbcUrl} / {@code ORMBENCH_JDBC_URL} (user and password from
 *       {@code ormbench.user} / {@code ORMBENCH_USER} and {@code ormbench.password} / {@code ORMBENCH_PASSWORD}),
 *       or the libpq variables {@code PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD};</li>
 *   <li>Testcontainers ({@code postgres:18}, or {@code ormbench.image}) when a Docker engine answers ({@link Containers});</li>
 *   <li>an embedded PostgreSQL 18 (zonky binaries from Maven Central) in a persistent data directory under
 *       {@code ormbench.home} (default {@code ~/.cache/ormbench}), so a seeded dataset survives across runs.</li>
 * </ol>
 * Every failure is one {@link SetupException} line; a password is never printed.
 */
public final class Postgres {

    /** A reachable server: how it was found, where, and its version. */
    public record Server(String source, String url, String user, String password, String version) {

        /**
         * An unpooled data source whose connections see {@code schema} first on the search path. Every connection
         * of the suite says who it is in {@code application_name}, "ormbench" and maybe a role, so that a DBA
         * (and a test) can find them in {@code pg_stat_activity}.
         */
        public PGSimpleDataSource dataSource(String schema) {
            return dataSource(schema, null);
        }

        /** As {@link #dataSource(String)}, with application_name "ormbench-{@code role}". */
        public PGSimpleDataSource dataSource(String schema, String role) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(url);
            if (user != null) ds.setUser(user);
            if (password != null) ds.setPassword(password);
            ds.setConnectTimeout(5);
            ds.setLoginTimeout(5);
            if (schema != null) ds.setCurrentSchema(schema);
            ds.setApplicationName(role == null ? "ormbench" : "ormbench-" + role);
            ds.setPrepareThreshold(PREPARE_THRESHOLD);
            ds.setOptions("-c plan_cache_mode=" + PLAN_CACHE_MODE);
            return ds;
        }

        /**
         * This server reached through {@link Latency}'s sockets, with {@code rtt} added to every round trip (none
         * for zero) and its traffic counted by {@link Wire}; itself when there is neither.
         */
        public Server withRtt(Duration rtt) {
            if (rtt.isZero() && !Wire.ON) return this;
            String shown = rtt.isZero() ? source : source + " with " + Latency.format(rtt) + " RTT";
            return new Server(shown, Latency.url(url, rtt), user, password, version);
        }

        /** The URL with any password parameter removed, for logs. */
        public String safeUrl() {
            return url.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
        }
    }

    /**
     * The settings of a server the suite starts itself (embedded or container). Durability as in production:
     * the embedded library starts PostgreSQL with fsync and synchronous_commit off (Testcontainers' postgres
     * module turns fsync off), which would make every commit of the write patterns unrealistically cheap.
     * A standalone server has no replicas, so WAL can stay minimal, which lets the seeding transaction
     * (CREATE TABLE + INSERT in one transaction) skip WAL for its rows.
     */
    static final Map<String, String> SERVER_CONFIG = Map.of(
            "fsync", "on",
            "synchronous_commit", "on",
            "wal_level", "minimal",
            "max_wal_senders", "0",
            "max_wal_size", "4GB",
            "shared_buffers", "512MB",
            "max_connections", "200");

    /**
     * pgjdbc's default, pinned: the sixth execution of a statement on a connection is the first on a named
     * server-side prepared statement, from then on planned by the server's plan cache.
     */
    public static final int PREPARE_THRESHOLD = 5;

    /**
     * The server's default, pinned on every connection of the suite (a server configured otherwise does not change
     * what is measured): after five custom plans of a prepared statement the server switches to its generic plan
     * when that one is estimated no dearer. Both are recorded with every run.
     */
    public static final String PLAN_CACHE_MODE = "auto";

    private static Server server;
    private static volatile EmbeddedPostgres embedded;

    private Postgres() {
    }

    /** The server of this JVM, provisioned on first use and logged once in one line. */
    public static synchronized Server server() {
        if (server == null) {
            if (System.getProperty("ormbench.runGuard") != null) RunGuard.stopWithLauncher(); // a fork of a run
            server = provision();
            System.err.printf("ormbench: %s via %s at %s%n", server.version(), server.source(), server.safeUrl());
        }
        return server;
    }

    private static Server provision() {
        String url = setting("ormbench.jdbcUrl", "ORMBENCH_JDBC_URL");
        if (url != null) {
            // A fork of a run started by the launcher (dev.ormbench.launcher.Main) gets the launcher's server this way too.
            String source = System.getProperty("ormbench.handedOver") != null ? "the launcher's server" : "explicit URL";
            return check(source, url, setting("ormbench.user", "ORMBENCH_USER"),
                    setting("ormbench.password", "ORMBENCH_PASSWORD"));
        }
        if (System.getenv("PGHOST") != null || System.getenv("PGPORT") != null || System.getenv("PGDATABASE") != null) {
            return fromLibpqVariables();
        }
        List<String> tried = new ArrayList<>();
        Server container = Containers.tryStart(tried);
        if (container != null) return container;
        try {
            return embedded();
        } catch (SetupException e) {
            throw e; // a clear line of its own, such as a data directory in use by another run
        } catch (RuntimeException | IOException e) {
            tried.add("embedded PostgreSQL (" + oneLine(e) + ")");
        }
        throw new SetupException("no PostgreSQL server: tried " + String.join("; ", tried)
                + ". Point the suite at a server with -Dormbench.jdbcUrl=jdbc:postgresql://HOST:PORT/DB (or ORMBENCH_JDBC_URL, or PGHOST/PGPORT/PGDATABASE/PGUSER).");
    }

    private static Server fromLibpqVariables() {
        String host = env("PGHOST", "localhost");
        if (host.startsWith("/")) {
            throw new SetupException("PGHOST=" + host + " is a Unix socket directory; the JDBC driver needs TCP: set PGHOST=127.0.0.1 (or a host name)");
        }
        String user = env("PGUSER", System.getProperty("user.name"));
        String url = "jdbc:postgresql://" + host + ":" + env("PGPORT", "5432") + "/" + env("PGDATABASE", user);
        return check("PG* variables", url, user, System.getenv("PGPASSWORD"));
    }

    /** Connects once with short time-outs and reads the version, or fails in one line within seconds. */
    static Server check(String source, String url, String user, String password) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new SetupException("not a PostgreSQL JDBC URL (" + source + "): expected jdbc:postgresql://HOST:PORT/DB");
        }
        Server candidate = new Server(source, url, user, password, "?");
        try (Connection c = candidate.dataSource(null).getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_setting('server_version')")) {
            rs.next();
            return new Server(source, url, user, password, "PostgreSQL " + rs.getString(1));
        } catch (SQLException e) {
            String cause = rootCause(e) instanceof java.net.UnknownHostException ? "unknown host " + oneLine(e) : oneLine(e);
            throw new SetupException("cannot connect to PostgreSQL at " + candidate.safeUrl() + " (" + source + "): " + cause);
        }
    }

    /**
     * PostgreSQL refuses to run as root; zonky's library then runs it under {@code unshare -U}
     * (a user namespace where the server is not root). The data directory is persistent so the
     * seeded datasets are reused across JMH forks and runs.
     */
    private static Server embedded() throws IOException {
        Path home = home();
        Path data = home.resolve("pg18");
        Files.createDirectories(home);
        refuseIfInUse(data);
        stopStalePostmaster(data);
        if (isRoot() && !unshareWorks()) {
            throw new SetupException("running as root needs 'unshare -U' (user namespaces), which is blocked here; run as an ordinary user or point the suite at a server");
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(home.resolve("binaries").toFile())
                .setPGStartupWait(Duration.ofSeconds(60))
                .setRegisterShutdownHook(false); // closeEmbedded stops it, and not a server that no longer answers
        for (Map.Entry<String, String> e : SERVER_CONFIG.entrySet()) {
            builder.setServerConfig(e.getKey(), e.getValue());
        }
        embedded = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(Postgres::closeEmbedded, "ormbench-embedded-stop"));
        String url = "jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres";
        return check("embedded PostgreSQL (data in " + data + ")", url, "postgres", null);
    }

    /**
     * The embedded server stopped answering (stopped with SIGSTOP, say) and the run gives it up: resume its
     * processes and stop it at once (immediate shutdown, then SIGKILL after 10 s), so that none is left behind.
     * Returns what was done, for the run's last line, or null when this JVM started no server.
     */
    public static synchronized String stopUnansweringEmbedded() {
        if (embedded == null) return null;
        embedded = null; // the shutdown hook has nothing left to stop
        ProcessHandle postmaster = postmaster(home().resolve("pg18")).orElse(null);
        if (postmaster == null) return null;
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(postmaster);
        List<String> command = new ArrayList<>(List.of("kill", "-CONT"));
        for (ProcessHandle p : all) command.add(Long.toString(p.pid()));
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster.pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            postmaster.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // killed below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return "the suite stopped its embedded server, pid " + postmaster.pid();
    }

    private static java.util.Optional<ProcessHandle> postmaster(Path data) {
        try {
            String first = Files.readAllLines(data.resolve("postmaster.pid")).stream().findFirst().orElse("").trim();
            return ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static void closeEmbedded() {
        try {
            // A server that died (or was stopped) under the run has nothing left to stop.
            if (embedded != null && postmasterAlive(home().resolve("pg18"))) embedded.close();
        } catch (IOException ignored) {
            // the JVM is exiting; the next start stops a stale server itself
        }
    }

    /**
     * The embedded library holds a file lock in the data directory while its server runs; the kernel drops it
     * when that JVM dies. Held now means a live run uses this server: never stop it under that run.
     */
    private static void refuseIfInUse(Path data) throws IOException {
        Path lockFile = data.resolve("epg-lock");
        if (!Files.exists(lockFile)) return;
        try (var channel = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.WRITE);
             var lock = channel.tryLock()) {
            if (lock == null) {
                throw new SetupException("another ormbench run uses the embedded PostgreSQL in " + data.getParent()
                        + ": one suite at a time per server; wait for it to end, or set ORMBENCH_HOME to another directory");
            }
        } catch (java.nio.channels.OverlappingFileLockException e) {
            // this JVM's own server: not possible here (provisioned once), and nothing to stop
        }
    }

    /**
     * A previous JVM killed with -9 leaves its server running (or, killed too, a postmaster.pid behind): stop a
     * server that still runs on this data directory (fast shutdown: its clients are gone) and say so in one line.
     * A postmaster.pid whose process is gone, or is not a PostgreSQL server, is left to PostgreSQL, which
     * replaces it and recovers from its write-ahead log on start.
     */
    private static void stopStalePostmaster(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        long pid;
        try {
            pid = Long.parseLong(first);
        } catch (NumberFormatException e) {
            return;
        }
        var process = ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (process.isEmpty()) {
            System.err.printf("ormbench: the embedded PostgreSQL of an earlier run was killed (stale postmaster.pid, pid %d): it recovers on start%n", pid);
            return;
        }
        long start = System.nanoTime();
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true).start().waitFor();
            process.get().onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
            System.err.printf("ormbench: stopped the embedded PostgreSQL an earlier run left running (pid %d) in %.1f s%n",
                    pid, (System.nanoTime() - start) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.CompletionException e) {
            // would not stop: the start below reports the real problem
        }
    }

    private static boolean postmasterAlive(Path data) {
        return postmaster(data).isPresent();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean unshareWorks() {
        try {
            Process p = new ProcessBuilder("unshare", "-U", "true").redirectErrorStream(true).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Where the embedded server keeps its binaries and data: {@code ormbench.home}, default {@code ~/.cache/ormbench}. */
    public static Path home() {
        String configured = setting("ormbench.home", "ORMBENCH_HOME");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".cache", "ormbench");
    }

    /**
     * Hands the server this JVM started (embedded or Testcontainers) to forked JVMs: the system properties that
     * make them connect to it. An explicit server is not handed over: forks find it the way the launcher did,
     * from the same properties and environment, so a password never appears on a command line.
     */
    public static List<String> jvmArgsForForks() {
        Server s = server();
        if (embedded == null && !s.source().startsWith("Testcontainers")) return List.of();
        List<String> args = new ArrayList<>();
        args.add("-Dormbench.jdbcUrl=" + s.url());
        args.add("-Dormbench.handedOver=true");
        if (s.user() != null) args.add("-Dormbench.user=" + s.user());
        return args;
    }

    static String setting(String property, String variable) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) v = System.getenv(variable);
        return v == null || v.isBlank() ? null : v;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root;
    }

    /** The root cause of {@code e} in one line, for the suite's one-line errors. */
    public static String oneLine(Throwable e) {
        Throwable root = rootCause(e);
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return msg.lines().findFirst().orElse(msg).trim();
    }
}
