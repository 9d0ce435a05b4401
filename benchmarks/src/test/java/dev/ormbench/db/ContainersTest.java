package dev.ormbench.db;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Testcontainers path, taken explicitly (whatever server the rest of the tests use): a container of
 * {@code ORMBENCH_IMAGE} (default {@code postgres:18}) serves with the suite's server settings and is removed when
 * its JVM ends, normally, after a failure, or on Ctrl-C; an image that cannot be pulled is one line.
 * <p>
 * Needs a Docker engine ({@code DOCKER_HOST} or the default socket). Without one the tests are skipped and say
 * why, unless {@code ORMBENCH_REQUIRE_DOCKER=true} (CI, which starts an engine for them): then they fail.
 */
class ContainersTest {

    private static String image;
    /** Why the tests are skipped, or null. */
    private static String skipped;

    @BeforeAll
    static void engine() {
        if (!Containers.engineAnswers()) {
            skipped = "no Docker engine answers (DOCKER_HOST or /var/run/docker.sock): the Testcontainers path is not tested";
            if (Boolean.parseBoolean(System.getenv("ORMBENCH_REQUIRE_DOCKER"))) fail(skipped + ", and ORMBENCH_REQUIRE_DOCKER=true");
            System.err.println("ContainersTest skipped: " + skipped);
        }
        String named = System.getenv("ORMBENCH_IMAGE");
        image = named != null && !named.isBlank() ? named : Containers.DEFAULT_IMAGE;
    }

    @BeforeEach
    void engineAnswers() {
        Assumptions.assumeTrue(skipped == null, () -> skipped);
    }

    @Test
    void aContainerServesWithTheSuitesSettings() throws Exception {
        Postgres.Server server = Containers.start(image);
        assertThat(server.source()).isEqualTo("Testcontainers (" + image + ")");
        try (Connection c = server.dataSource(null).getConnection(); Statement s = c.createStatement()) {
            for (Map.Entry<String, String> setting : Postgres.SERVER_CONFIG.entrySet()) {
                try (ResultSet rs = s.executeQuery("select current_setting('" + setting.getKey() + "')")) {
                    rs.next();
                    assertThat(rs.getString(1)).as(setting.getKey()).isEqualTo(setting.getValue());
                }
            }
        }
    }

    @Test
    void anImageThatCannotBePulledIsOneLine() {
        assertThatThrownBy(() -> Containers.start("ormbench/no-such-image:0"))
                .isInstanceOf(SetupException.class)
                .hasMessageStartingWith("Testcontainers: cannot pull ormbench/no-such-image:0")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void theContainerIsRemovedAtTheEndOfARun() throws Exception {
        assertRemovedAfter("exit", null);
    }

    @Test
    void theContainerIsRemovedAfterAFailure() throws Exception {
        assertRemovedAfter("fail", null);
    }

    @Test
    void theContainerIsRemovedOnCtrlC() throws Exception {
        assertRemovedAfter("wait", "INT");
    }

    /** A child JVM starts a container, then ends as {@code mode} says (or is sent {@code signal}). */
    private static void assertRemovedAfter(String mode, String signal) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), image, mode));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String pid = String.valueOf(p.pid());
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the child's report").startsWith("started ");
        if (signal == null) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } else {
            assertThat(containers(pid)).as("running before the signal").hasSize(1);
            // A JVM started with SIGINT ignored (a background job of a non-interactive shell) keeps ignoring it,
            // as it would a terminal's Ctrl-C: then SIGTERM, the other signal that runs the shutdown hooks.
            if (signal.equals("INT") && ignoresSigint(pid)) signal = "TERM";
            new ProcessBuilder("kill", "-" + signal, pid).start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(containers(pid)).as("containers of the ended JVM").isEmpty();
    }

    private static boolean ignoresSigint(String pid) throws IOException {
        Path status = Path.of("/proc", pid, "status");
        if (!Files.exists(status)) return false;
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:"))
                .anyMatch(l -> (Long.parseLong(l.substring(7).trim(), 16) & 2) != 0);
    }

    private static List<String> containers(String pid) {
        DockerClient docker = DockerClientFactory.instance().client();
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.ormbench.pid", pid)).exec()
                .stream().map(c -> c.getId()).toList();
    }

    /** The child JVM of {@link #assertRemovedAfter}: starts a container, says so, then exits, fails or waits. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Postgres.Server server = Containers.start(args[0]);
            System.out.println("started " + server.url());
            System.out.flush();
            switch (args[1]) {
                case "fail" -> throw new IllegalStateException("a failing run");
                case "wait" -> Thread.sleep(120_000);
                default -> { }
            }
        }
    }
}
