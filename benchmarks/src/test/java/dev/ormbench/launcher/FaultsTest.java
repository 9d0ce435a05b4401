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
        Thread.sleep(3000);
        List<String> names = applicationNames(server, before);
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
            // The last word is the suite's (the pool and Hibernate may warn of the broken connection before it).
            assertThat(run.stderr.getLast()).contains("went away");
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

    private static String url(Postgres.Server server, String database) {
        return server.url().replaceFirst("/postgres(\\?|$)", "/" + database + "$1")
                + (server.url().contains("?") ? "&" : "?") + "user=" + server.user();
    }

    /** application_name of every client connection to {@code server} not in {@code before} (and not this query's). */
    private static List<String> applicationNames(Postgres.Server server, Set<Integer> before) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = SuiteConnections.observer(server, "postgres").getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pid, application_name from pg_stat_activity"
                     + " where backend_type = 'client backend' and pid <> pg_backend_pid()")) {
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
            this.readers = CompletableFuture.allOf(
                    CompletableFuture.runAsync(() -> read(process.getInputStream(), stdout)),
                    CompletableFuture.runAsync(() -> read(process.getErrorStream(), stderr)));
        }

        static Launch start(String url, String benchmarks, String... extra) throws java.io.IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--sun-misc-unsafe-memory-access=allow", "-Djmh.ignoreLock=true", "-Dormbench.jdbcUrl=" + url,
                    "-cp", System.getProperty("java.class.path"), "dev.ormbench.launcher.Main", benchmarks));
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
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                synchronized (stdout) {
                    int found = 0;
                    for (String line : stdout) if (found < texts.length && line.contains(texts[found])) found++;
                    if (found == texts.length) return;
                }
                if (!process.isAlive()) break;
                Thread.sleep(50);
            }
            kill();
            throw new AssertionError("not on stdout in order: " + List.of(texts) + "; stderr: " + stderr);
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
