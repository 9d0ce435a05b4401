package dev.ormbench.db;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.TestcontainersConfiguration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Testcontainers step of {@link Postgres}'s chain: one PostgreSQL container for the whole run, started by the
 * launcher, handed to the forks by URL, removed when the launcher's JVM ends (normally, after a failure, or on
 * Ctrl-C) by a shutdown hook, so it needs no Ryuk ({@code TESTCONTAINERS_RYUK_DISABLED=true}).
 * <p>
 * The image is {@code ormbench.image} / {@code ORMBENCH_IMAGE}, default {@code postgres:18}; any image is taken
 * as a substitute for {@code postgres} (see {@code scripts/postgres-image.sh} for one built from Debian's
 * packages). The image is pulled by the suite itself, once and without Testcontainers' two minutes of retries,
 * so a Docker engine that cannot reach a registry costs one line. Then the default image falls back to the
 * embedded server, saying so; an image the user named stops the run (exit 2): the user asked for that server.
 */
public final class Containers {

    static final String DEFAULT_IMAGE = "postgres:18";
    /** A real pull of the official image takes a minute or two; an unreachable registry fails at once. */
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(5);

    static {
        // Testcontainers and docker-java log every retry and failure with a stack trace; the suite reports
        // each failure itself in one line. "tc.<image>" are the loggers of the containers themselves.
        for (String logger : List.of("org.testcontainers", "com.github.dockerjava", "tc")) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) System.setProperty(key, "off");
        }
    }

    private Containers() {
    }

    /**
     * The Testcontainers step: a server, or {@code null} when there is no Docker engine or the default image
     * cannot serve (then {@code tried} says why and, for the latter, one line told the user).
     */
    static Postgres.Server tryStart(List<String> tried) {
        if (!engineAnswers()) {
            tried.add("Testcontainers (no Docker engine answers)");
            return null;
        }
        String named = Postgres.setting("ormbench.image", "ORMBENCH_IMAGE");
        try {
            return start(named != null ? named : DEFAULT_IMAGE);
        } catch (SetupException e) {
            if (named != null) throw e;
            System.err.println(e + "; using the embedded server instead");
            tried.add("Testcontainers (" + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * Does a Docker engine answer, at {@code DOCKER_HOST} or the default socket? Fast when there is neither:
     * no attempt, no Testcontainers class loaded.
     */
    public static boolean engineAnswers() {
        if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            // Finds and asks the engine (its version), without Testcontainers' start-up work, which may run containers.
            DockerClientFactory.instance().getTransportConfig();
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * Starts {@code image} with the embedded server's settings ({@link Postgres#SERVER_CONFIG}) and trust
     * authentication (no password to hand to the forks), and connects once; removed when this JVM ends.
     * Fails in one {@link SetupException} line when the image cannot be had or does not start.
     */
    public static Postgres.Server start(String image) {
        DockerImageName name;
        try {
            name = DockerImageName.parse(image).asCompatibleSubstituteFor("postgres");
        } catch (IllegalArgumentException e) {
            throw new SetupException("Testcontainers: '" + image + "' is not an image name (ORMBENCH_IMAGE / -Dormbench.image)");
        }
        // Every image Testcontainers would pull, checked first: its own pulls retry for minutes.
        try (DockerClient docker = DockerClientProviderStrategy.getClientForConfig(DockerClientFactory.instance().getTransportConfig())) {
            ensureImage(docker, name.asCanonicalNameString(), "");
            if (!Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
                ensureImage(docker, TestcontainersConfiguration.getInstance().getRyukImage(),
                        " (Testcontainers' Ryuk; the suite removes its container itself: set TESTCONTAINERS_RYUK_DISABLED=true)");
            }
            String hostOverride = System.getenv("TESTCONTAINERS_HOST_OVERRIDE");
            if (Files.exists(Path.of("/.dockerenv")) && (hostOverride == null || hostOverride.isBlank())) {
                // Inside a container, Testcontainers finds the engine's address by running a tiny image.
                ensureImage(docker, TestcontainersConfiguration.getInstance().getTinyImage(),
                        " (Testcontainers runs it to find the engine's address from inside a container;"
                                + " set TESTCONTAINERS_HOST_OVERRIDE=localhost when the engine runs in this one)");
            }
        } catch (java.io.IOException e) {
            // closing the client of the checks: nothing of the run depends on it
        }
        PostgreSQLContainer container = new PostgreSQLContainer(name)
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                .withCommand(command())
                // PostgreSQL's parallel workers share memory through /dev/shm: Docker's 64 MB is too small.
                .withSharedMemorySize(1024L * 1024 * 1024)
                .withLabel("dev.ormbench", "server")
                .withLabel("dev.ormbench.pid", String.valueOf(ProcessHandle.current().pid()))
                .withImagePullPolicy(n -> false)
                .withStartupTimeout(Duration.ofSeconds(90));
        // Registered before the start, so a Ctrl-C during it removes a half-started container too.
        Thread remove = new Thread(container::stop, "ormbench-container-remove");
        Runtime.getRuntime().addShutdownHook(remove);
        long started = System.nanoTime();
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            Runtime.getRuntime().removeShutdownHook(remove);
            throw new SetupException("Testcontainers: " + image + " did not start: " + Postgres.oneLine(e));
        }
        System.err.printf("ormbench: Testcontainers: %s started in %.1f s (removed when the run ends)%n",
                image, (System.nanoTime() - started) / 1e9);
        try {
            return Postgres.check("Testcontainers (" + image + ")", container.getJdbcUrl(), container.getUsername(), null);
        } catch (RuntimeException e) {
            // A container the suite cannot use goes at once, not at the end of a run on another server.
            container.stop();
            Runtime.getRuntime().removeShutdownHook(remove);
            throw e;
        }
    }

    /** The server's command line: {@code postgres -c name=value ...} with the embedded server's settings. */
    static String[] command() {
        List<String> out = new ArrayList<>(List.of("postgres"));
        for (Map.Entry<String, String> e : Postgres.SERVER_CONFIG.entrySet()) {
            out.add("-c");
            out.add(e.getKey() + "=" + e.getValue());
        }
        return out.toArray(String[]::new);
    }

    /** The engine's own words, out of docker-java's {@code Status 500: {"message":"..."}}. */
    static String engineMessage(Throwable e) {
        String line = Postgres.oneLine(e);
        Matcher m = Pattern.compile("\\{\"message\":\"(.*)\"}").matcher(line);
        return m.find() ? m.group(1).replace("\\\"", "\"") : line;
    }

    /** The image is local, or pulled now; else one line (a registry that cannot be reached fails at once). */
    private static void ensureImage(DockerClient docker, String image, String why) {
        try {
            docker.inspectImageCmd(image).exec();
            return;
        } catch (NotFoundException absent) {
            // pull it below
        }
        boolean done;
        try {
            PullImageResultCallback pull = docker.pullImageCmd(image).exec(new PullImageResultCallback());
            // A registry that cannot be reached fails at once: then the failure is the only line.
            done = pull.awaitCompletion(3, TimeUnit.SECONDS);
            if (!done) {
                System.err.println("ormbench: Testcontainers: pulling " + image + why);
                done = pull.awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException("Testcontainers: pull of " + image + " interrupted");
        } catch (RuntimeException e) {
            throw new SetupException("Testcontainers: cannot pull " + image + why + ": " + engineMessage(e));
        }
        if (!done) {
            throw new SetupException("Testcontainers: cannot pull " + image + why + ": no answer in " + PULL_TIMEOUT.toMinutes() + " min");
        }
    }
}
