package dev.ormbench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        assertThat(Main.requestedDatasets(new String[] {"NPlusOne"})).containsExactly("large");
        assertThat(Main.requestedDatasets(new String[] {"NPlusOne", "-p", "dataset=small,medium"}))
                .containsExactly("small", "medium");
    }

    @Test
    void anUnknownDatasetFailsInOneLine() throws Exception {
        Outcome out = launch(List.of(), "NPlusOne", "-p", "dataset=huge");
        assertThat(out.exitCode()).isEqualTo(2);
        assertThat(out.stderr()).containsExactly("ormbench: unknown dataset 'huge': choose one of small, medium, large");
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
        command.add("dev.ormbench.Main");
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("ORMBENCH"));
        for (String kv : env) pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        long start = System.nanoTime();
        Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<String> lines = err.lines().filter(l -> !l.isBlank() && !l.startsWith("WARNING:")).toList();
        return new Outcome(p.exitValue(), lines, millis);
    }
}
