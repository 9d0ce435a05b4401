package dev.ormbench.launcher;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to {@code benchmarks.jar}: one clear line on stderr, exit code 2, fast, no password shown. */
class LauncherTest {

    record Outcome(int exitCode, List<String> stderr, long millis) {
    }

    @Test
    void anUnreachableServerFailsInOneLineWithinTenSeconds() throws Exception {
        Outcome out = launch(List.of("-Dormbench.jdbcUrl=jdbc:postgresql://127.0.0.1:1/nowhere?password=s3cret"),
                "NPlusOne", "-p", "dataset=small");
        assertThat(out.exitCode()).isEqualTo(2);
        assertThat(out.stderr()).hasSize(1);
        assertThat(out.stderr().getFirst())
                .startsWith("ormbench: cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/nowhere?password=***")
                .doesNotContain("s3cret");
        assertThat(out.millis()).isLessThan(10_000);
    }

    @Test
    void aUnixSocketInPghostIsExplained() throws Exception {
        Outcome out = launch(List.of(), List.of("PGHOST=/var/run/postgresql"), "NPlusOne", "-p", "dataset=small");
        assertThat(out.exitCode()).isEqualTo(2);
        assertThat(out.stderr()).singleElement().asString().contains("PGHOST=/var/run/postgresql is a Unix socket directory");
    }

    /** The launcher seeds what the forks will run: the datasets given with -p, else DbState's default, large. */
    @Test
    void theLauncherSeedsTheRequestedDatasetsOrTheParametersDefault() {
        assertThat(Main.requestedDatasets(Main.parse(new String[] {"NPlusOne"}))).containsExactly("large");
        assertThat(Main.requestedDatasets(Main.parse(new String[] {"NPlusOne", "-p", "dataset=small,medium"})))
                .containsExactly("small", "medium");
        assertThat(Main.requestedDatasets(Main.parse(new String[] {"NPlusOne", "-p", "rtt=1ms", "-p", "dataset=medium"})))
                .containsExactly("medium");
    }

    /** Arguments JMH's parser refuses: one line, exit 2, before any server. */
    @Test
    void badJmhArgumentsFailInOneLine() throws Exception {
        Outcome out = launch(List.of("-Dormbench.jdbcUrl=jdbc:postgresql://127.0.0.1:1/nowhere"), "NPlusOne", "-f", "many");
        assertThat(out.exitCode()).isEqualTo(2);
        assertThat(out.stderr()).singleElement().asString().startsWith("ormbench: bad JMH arguments: ");
    }

    /** -l, -lp and -h need no database: JMH's own lists and help, exit 0, even with no server reachable. */
    @Test
    void listsAndHelpNeedNoServer() throws Exception {
        for (String flag : List.of("-l", "-lp", "-h", "-lrf")) {
            Outcome out = launch(List.of("-Dormbench.jdbcUrl=jdbc:postgresql://127.0.0.1:1/nowhere"), "ExistsBenchmark", flag);
            assertThat(out.exitCode()).as(flag).isZero();
            assertThat(out.stderr()).as(flag).isEmpty();
        }
    }

    /** The hand-over to forks comes first in -jvmArgsPrepend, and what the user prepends stays, after it. */
    @Test
    void theHandOverIsPrependedToTheUsersJvmArgs() {
        assertThat(Main.withJvmArgsPrepend(Main.parse(new String[] {"NPlusOne"}), List.of("-Dx=1")).getJvmArgsPrepend().get())
                .containsExactly("-Dx=1");
        var options = Main.withJvmArgsPrepend(Main.parse(new String[] {"NPlusOne", "-jvmArgsPrepend", "-Xmx1g -Dy=2", "-f", "3"}),
                List.of("-Dx=1"));
        assertThat(options.getJvmArgsPrepend().get()).containsExactly("-Dx=1", "-Xmx1g", "-Dy=2");
        assertThat(options.getForkCount().get()).isEqualTo(3);
        assertThat(options.getIncludes()).containsExactly("NPlusOne");
    }

    @Test
    void anUnknownDatasetFailsInOneLine() throws Exception {
        Outcome out = launch(List.of(), "NPlusOne", "-p", "dataset=huge");
        assertThat(out.exitCode()).isEqualTo(2);
        assertThat(out.stderr()).containsExactly("ormbench: unknown dataset 'huge': choose one of small, medium, large");
    }

    @Test
    void aMistypedBenchmarkRegexpFailsInOneLineBeforeAnyServer() throws Exception {
        Outcome out = launch(List.of("-Dormbench.jdbcUrl=jdbc:postgresql://127.0.0.1:1/nowhere"), "NPlusOnee", "-p", "dataset=small");
        assertThat(out.exitCode()).isEqualTo(2);
        assertThat(out.stderr()).containsExactly("ormbench: no benchmark matches NPlusOnee: list them with -l");

        Outcome invalid = launch(List.of(), "NPlus(");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.stderr()).containsExactly("ormbench: bad benchmark regexp 'NPlus(': Unclosed group");
    }

    @Test
    void aNegativeRttIsRejected() throws Exception {
        Outcome out = launch(List.of(), "NPlusOne", "-p", "dataset=small", "-p", "rtt=-1ms");
        assertThat(out.exitCode()).isEqualTo(2);
        assertThat(out.stderr()).containsExactly("ormbench: bad rtt '-1ms': a round-trip time cannot be negative");
    }

    @Test
    void anUnknownHostIsSaidSo() throws Exception {
        Outcome out = launch(List.of("-Dormbench.jdbcUrl=jdbc:postgresql://no-such-host.invalid:5432/db"), "NPlusOne", "-p", "dataset=small");
        assertThat(out.exitCode()).isEqualTo(2);
        assertThat(out.stderr()).singleElement().asString().endsWith("(explicit URL): unknown host no-such-host.invalid");
    }

    /** On JDK 23+ the forks get the flag that allows JMH's sun.misc.Unsafe, unless the launcher's own flags carry it. */
    @Test
    void theForksMayUseUnsafeQuietly() {
        assertThat(Runtime.version().feature() < 23 || Main.forkFlags(Main.parse(new String[] {"NPlusOne"}), List.of())
                .contains("--sun-misc-unsafe-memory-access=allow")).isTrue();
        assertThat(Main.forkFlags(Main.parse(new String[] {"NPlusOne"}), List.of("--sun-misc-unsafe-memory-access=allow"))).isEmpty();
        assertThat(Main.forkFlags(Main.parse(new String[] {"NPlusOne", "-jvm", "/opt/other/bin/java"}), List.of())).isEmpty();
    }

    private static Outcome launch(List<String> jvmArgs, String... args) throws IOException, InterruptedException {
        return launch(jvmArgs, List.of(), args);
    }

    private static Outcome launch(List<String> jvmArgs, List<String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.ormbench.launcher.Main");
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("ORMBENCH"));
        for (String kv : env) pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        long start = System.nanoTime();
        Path errFile = Files.createTempFile("ormbench-launcher", ".err");
        Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errFile.toFile()).start();
        boolean ended = p.waitFor(30, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String err = Files.readString(errFile, StandardCharsets.UTF_8);
        Files.delete(errFile);
        assertThat(ended).as("the launcher ended within 30 s; stderr: %s", err).isTrue();
        List<String> lines = err.lines().filter(l -> !l.isBlank() && !l.startsWith("WARNING:")).toList();
        return new Outcome(p.exitValue(), lines, millis);
    }
}
