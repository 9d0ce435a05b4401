package dev.ormbench.launcher;

import dev.ormbench.SuiteConnections;
import dev.ormbench.TestDb;
import dev.ormbench.db.Postgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults during a run and between runs, each made for real against a server addressed by URL, as a user
 * points the suite at a shared database: a second launcher, a role without CREATE, a schema of another role,
 * the server stopped under a benchmark. Launchers run as child JVMs with tiny JMH runs in their own JVM (-f 0).
 */
class FaultsTest {

    private static final List<String> TINY = List.of("-p", "dataset=small", "-p", "lookup=hit", "-f", "0", "-wi", "0", "-i", "1");

    /** Every connection of a run says it is the suite's, and none is left after the run. */
    @Test
    void aRunNamesItsConnectionsAndLeavesNone() throws Exception {
        Postgres.Server server = TestDb.small().server;
        Set<Integer> before = SuiteConnections.suiteConnections(server);

        // JMH prints "Iteration 1:" only when the iteration ends: wait for the trial to start, then look.
        Launch run = Launch.start(url(server, "postgres"), "ExistsBenchmark.floorJdbcExists", "-r", "8s");
        run.awaitStdout(Duration.ofSeconds(120), "# Fork: N/A");
        // Until the run lock's connection and the benchmark's pool are both there (or 60 s have passed).
        List<String> names = applicationNames(server, before);
        for (long deadline = System.nanoTime() + 60_000_000_000L; System.nanoTime() < deadline && run.process.isAlive()
                && !(names.stream().anyMatch(n -> n.startsWith("ormbench-run ")) && names.contains("ormbench")); ) {
            Thread.sleep(100);
            names = applicationNames(server, before);
        }
        run.await();

        assertThat(run.exitCode).as("stderr %s", run.stderr).isZero();
        assertThat(names).isNotEmpty().allMatch(n -> n.startsWith("ormbench"))
                .anyMatch(n -> n.startsWith("ormbench-run ")).anyMatch(n -> n.equals("ormbench"));
        assertThat(SuiteConnections.awaitSuiteConnections(server, before)).as("connections the run left").isEmpty();
    }

    /** A second launcher on a database that a run holds stops in one line naming the holder: host, pid, since when. */
    @Test
    void aSecondLauncherStopsInOneLine() throws Exception {
        Postgres.Server server = TestDb.small().server;
        try (Connection run = server.dataSource(null, "run 4242@elsewhere").getConnection(); Statement s = run.createStatement()) {
            // What the first launcher, on another machine, holds for the length of its run.
            s.execute("select pg_advisory_lock(" + 0x6f726d62 + ", 1)");
            Launch second = Launch.start(url(server, "postgres"), "ExistsBenchmark.floorJdbcExists").await();
            assertThat(second.exitCode).isEqualTo(2);
            assertThat(second.lines()).singleElement().asString()
                    .matches("ormbench: another ormbench run holds database postgres \\(host elsewhere, pid 4242, since "
                            + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\): one suite at a time per database.*");
        }
    }

    /** Without CREATE on the database, or with the dataset's schema owned by another role: one line, exit 2, nothing created. */
    @Test
    void aRoleWithoutCreateOrASchemaOfAnotherRoleIsOneLine() throws Exception {
        Postgres.Server server = TestDb.small().server;
        execute(server, "postgres", "drop database if exists ormbench_faults with (force)",
                "drop role if exists ormbench_guest", "create role ormbench_guest login", "create database ormbench_faults");
        try {
            String url = url(server, "ormbench_faults").replace("user=postgres", "user=ormbench_guest");
            Launch noCreate = Launch.start(url, "ExistsBenchmark.floorJdbcExists").await();
            assertThat(noCreate.exitCode).isEqualTo(2);
            assertThat(noCreate.lines()).singleElement().asString().isEqualTo("ormbench: role ormbench_guest lacks the CREATE"
                    + " privilege on database ormbench_faults, which seeding needs: the suite creates only its own schemas"
                    + " (ormbench_<dataset>) there; GRANT CREATE ON DATABASE ormbench_faults TO ormbench_guest, or use another database");
            assertThat(schemas(server, "ormbench_faults")).doesNotContain("ormbench_small");

            execute(server, "ormbench_faults", "create schema ormbench_small", "grant create on database ormbench_faults to ormbench_guest");
            Launch notOwner = Launch.start(url, "ExistsBenchmark.floorJdbcExists").await();
            assertThat(notOwner.exitCode).isEqualTo(2);
            assertThat(notOwner.lines()).singleElement().asString().startsWith(
                    "ormbench: schema ormbench_small in database ormbench_faults belongs to role postgres, not to ormbench_guest");
            assertThat(schemas(server, "ormbench_faults")).contains("ormbench_small");
        } finally {
            execute(server, "postgres", "drop database if exists ormbench_faults with (force)", "drop role if exists ormbench_guest");
        }
    }

    /**
     * A server stopped (immediate shutdown) under the second benchmark: one line naming it and the cause, exit 1,
     * the first benchmark's result kept in the JSON. A server of its own, since this one is killed.
     */
    @Test
    void theServerDyingMidRunIsOneLineAndKeepsTheFinishedResults(@TempDir Path dir) throws Exception {
        EmbeddedPostgres doomed = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("pg"))
                .setCleanDataDirectory(true)
                .setOverrideWorkingDirectory(Postgres.home().resolve("binaries").toFile())
                .setServerConfig("fsync", "off")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        try {
            String url = "jdbc:postgresql://localhost:" + doomed.getPort() + "/postgres?user=postgres";
            Path json = dir.resolve("result.json");
            Launch run = Launch.start(url, "ExistsBenchmark.(floorJdbcExists|goodHqlExists)", "-r", "3s",
                    "-rf", "json", "-rff", json.toString());
            // The server dies in the trial's set-up or its iteration: either way, under goodHqlExists.
            run.awaitStdout(Duration.ofSeconds(120), "Benchmark: dev.ormbench.patterns.ExistsBenchmark.goodHqlExists", "# Fork: N/A");
            Thread.sleep(1500);
            long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("pg/postmaster.pid")).getFirst().trim());
            new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster)).start().waitFor();
            run.await();

            assertThat(run.exitCode).isEqualTo(1);
            assertThat(run.stderr.stream().filter(l -> l.contains("went away"))).singleElement().asString()
                    .startsWith("ormbench: the database server went away during ExistsBenchmark.goodHqlExists (dataset=small, lookup=hit, rtt=0) (")
                    .endsWith("the results of the 1 benchmark(s) that finished are in " + json);
            // The last word is the suite's, and the pool's and Hibernate's complaints about the broken connection
            // do not come before it.
            assertThat(run.stderr.getLast()).contains("went away");
            assertThat(run.stderr).noneMatch(LogGate::isLibraryLog);
            assertThat(run.stdout).noneMatch(l -> l.contains("<failure>") || l.startsWith("\tat "));
            assertThat(Files.readString(json)).contains("ExistsBenchmark.floorJdbcExists").doesNotContain("goodHqlExists");
        } finally {
            try {
                doomed.close();
            } catch (RuntimeException | java.io.IOException ignored) {
                // already stopped
            }
        }
    }

    /**
     * A server that hangs instead of dying (its processes stopped with SIGSTOP) under the second benchmark, the
     * launcher's own embedded server: after ormbench.serverTimeout (5 s here) without an answer, one line, exit 1,
     * the first benchmark's result kept, and the server resumed and stopped by the suite: no process left behind.
     */
    @Test
    void aServerThatHangsIsGivenUpAfterTheTimeoutAndStopped(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("result.json");
        Launch run = Launch.start(List.of("-Dormbench.home=" + dir, "-Dormbench.serverTimeout=5"),
                "ExistsBenchmark.(floorJdbcExists|goodHqlExists)", "-r", "3s", "-rf", "json", "-rff", json.toString());
        long postmaster = 0;
        try {
            run.awaitStdout(Duration.ofSeconds(240), "Benchmark: dev.ormbench.patterns.ExistsBenchmark.goodHqlExists", "# Fork: N/A");
            Thread.sleep(1500);
            postmaster = Long.parseLong(Files.readAllLines(dir.resolve("pg18/postmaster.pid")).getFirst().trim());
            signal("STOP", serverProcesses(postmaster));
            long stopped = System.nanoTime();
            run.await();
            long seconds = (System.nanoTime() - stopped) / 1_000_000_000L;

            assertThat(run.exitCode).as("stderr %s", run.stderr).isEqualTo(1);
            assertThat(run.stderr.getLast())
                    .startsWith("ormbench: the database server went away during ExistsBenchmark.goodHqlExists (dataset=small, lookup=hit, rtt=0) ("
                            + "no answer for 5 s, the limit set by ormbench.serverTimeout; the suite stopped its embedded server, pid " + postmaster + ")")
                    .endsWith("the results of the 1 benchmark(s) that finished are in " + json);
            assertThat(run.stderr).noneMatch(LogGate::isLibraryLog);
            assertThat(seconds).as("seconds from the stop to the end of the launcher").isBetween(4L, 60L);
            assertThat(Files.readString(json)).contains("ExistsBenchmark.floorJdbcExists").doesNotContain("goodHqlExists");
            long pm = postmaster;
            assertThat(ProcessHandle.allProcesses().filter(p -> p.pid() == pm || p.parent().map(q -> q.pid() == pm).orElse(false)))
                    .as("the server's processes").isEmpty();
        } finally {
            run.kill();
            if (postmaster != 0 && ProcessHandle.of(postmaster).isPresent()) {
                List<Long> left = serverProcesses(postmaster);
                signal("CONT", left);
                signal("KILL", left);
            }
        }
    }

    /**
     * The launcher killed (-9) while it seeds, and a run started at once on the same server, whose killed
     * seeding's backends may still run: it finds the schema without its seeded marker, says so, and reseeds.
     */
    @Test
    void aSeedingKilledHalfWayIsFoundAndReseededByTheNextRun() throws Exception {
        Postgres.Server server = TestDb.small().server;
        execute(server, "postgres", "drop database if exists ormbench_seedkill with (force)", "create database ormbench_seedkill");
        try {
            String url = url(server, "ormbench_seedkill");
            Launch killed = Launch.start(List.of("-Dormbench.jdbcUrl=" + url, "-Dormbench.seedPauseMillis=120000"),
                    "ExistsBenchmark.floorJdbcExists");
            killed.awaitStderr(Duration.ofSeconds(120), "ormbench: seeding dataset small", "pausing");
            killed.process.destroyForcibly().waitFor(); // SIGKILL
            assertThat(schemas(server, "ormbench_seedkill")).contains("ormbench_small");

            Launch next = Launch.start(url, "ExistsBenchmark.floorJdbcExists").await();
            assertThat(next.exitCode).as("stderr %s", next.stderr).isZero();
            assertThat(next.lines()).contains("ormbench: dataset small is half-seeded (its schema has no seeded marker:"
                    + " a seeding was interrupted): reseeding").anyMatch(l -> l.startsWith("ormbench: seeded dataset small in "));
            Launch again = Launch.start(url, "ExistsBenchmark.floorJdbcExists", "-r", "1s").await();
            assertThat(again.lines()).anyMatch(l -> l.startsWith("ormbench: dataset small reused: intact"));
        } finally {
            execute(server, "postgres", "drop database if exists ormbench_seedkill with (force)");
        }
    }

    /** The postmaster {@code pid} and its children. */
    private static List<Long> serverProcesses(long pid) {
        List<Long> out = new ArrayList<>(List.of(pid));
        ProcessHandle.of(pid).ifPresent(p -> p.children().forEach(c -> out.add(c.pid())));
        return out;
    }

    private static void signal(String signal, List<Long> pids) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(p -> command.add(Long.toString(p)));
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    private static String url(Postgres.Server server, String database) {
        return server.url().replaceFirst("/postgres(\\?|$)", "/" + database + "$1")
                + (server.url().contains("?") ? "&" : "?") + "user=" + server.user();
    }

    /** application_name of every client connection to {@code server} not in {@code before} (and not this query's). */
    private static List<String> applicationNames(Postgres.Server server, Set<Integer> before) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = SuiteConnections.observer(server, "postgres").getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pid, application_name from pg_stat_activity"
                     + " where backend_type = 'client backend' and pid <> pg_backend_pid()"
                     // A backend still starting up has no state and no application_name yet: it is named once it is up.
                     + " and state is not null")) {
            while (rs.next()) if (!before.contains(rs.getInt(1))) names.add(rs.getString(2));
        }
        return names;
    }

    private static void execute(Postgres.Server server, String database, String... sql) throws SQLException {
        try (Connection c = SuiteConnections.observer(server, database).getConnection(); Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
        }
    }

    private static List<String> schemas(Postgres.Server server, String database) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = SuiteConnections.observer(server, database).getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select nspname from pg_namespace")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /** A launcher in a child JVM pointed at {@code url}, its output read as it comes. */
    static final class Launch {
        final Process process;
        final List<String> stdout = new ArrayList<>();
        final List<String> stderr = new ArrayList<>();
        private final CompletableFuture<Void> readers;
        int exitCode = -1;

        private Launch(Process process) {
            this.process = process;
            // A thread each: on a small machine the common pool may run one reader at a time, the other never.
            java.util.concurrent.Executor ownThread = r -> Thread.ofPlatform().daemon().start(r);
            this.readers = CompletableFuture.allOf(
                    CompletableFuture.runAsync(() -> read(process.getInputStream(), stdout), ownThread),
                    CompletableFuture.runAsync(() -> read(process.getErrorStream(), stderr), ownThread));
        }

        static Launch start(String url, String benchmarks, String... extra) throws java.io.IOException {
            return start(List.of("-Dormbench.jdbcUrl=" + url), benchmarks, extra);
        }

        /** A launcher with the system properties {@code properties} (the server's among them). */
        static Launch start(List<String> properties, String benchmarks, String... extra) throws java.io.IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--sun-misc-unsafe-memory-access=allow", "-Djmh.ignoreLock=true"));
            command.addAll(properties);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.ormbench.launcher.Main", benchmarks));
            command.addAll(TINY);
            command.addAll(List.of(extra));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("ORMBENCH"));
            return new Launch(pb.start());
        }

        private static void read(java.io.InputStream in, List<String> into) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.isBlank() || line.startsWith("WARNING:")) continue;
                    synchronized (into) {
                        into.add(line);
                    }
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        }

        /** Waits until stdout has lines containing each of {@code texts}, in this order. */
        void awaitStdout(Duration timeout, String... texts) throws InterruptedException {
            awaitLines(stdout, "stdout", timeout, texts);
        }

        /** Waits until stderr has lines containing each of {@code texts}, in this order. */
        void awaitStderr(Duration timeout, String... texts) throws InterruptedException {
            awaitLines(stderr, "stderr", timeout, texts);
        }

        private void awaitLines(List<String> lines, String name, Duration timeout, String... texts) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                synchronized (lines) {
                    int found = 0;
                    for (String line : lines) if (found < texts.length && line.contains(texts[found])) found++;
                    if (found == texts.length) return;
                }
                if (!process.isAlive()) break;
                Thread.sleep(50);
            }
            kill();
            throw new AssertionError("not on " + name + " in order: " + List.of(texts) + "; stderr: " + stderr);
        }

        /** A launcher a test gave up on goes, with its forks: it would hold the run lock for the tests after it. */
        void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        /** stderr without the line that names the server found (printed before any check on it). */
        List<String> lines() {
            return stderr.stream().filter(l -> !l.contains(" via ")).toList();
        }

        Launch await() throws Exception {
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                kill();
                throw new AssertionError("the launcher did not end within 180 s; stderr: " + stderr);
            }
            readers.get(10, TimeUnit.SECONDS);
            exitCode = process.exitValue();
            return this;
        }
    }
}
