package dev.ormbench.launcher;

import dev.ormbench.measure.Latency;
import dev.ormbench.db.Orm;
import dev.ormbench.db.Postgres;
import com.zaxxer.hikari.HikariDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What made a run, captured by the launcher at run time and written as {@code environment.json} next to the
 * JMH JSON: a flat object of strings that the report prints in its header. Nothing here is guessed later.
 */
final class RunEnvironment {

    private RunEnvironment() {
    }

    static Map<String, String> capture(Postgres.Server server, String[] jmhArgs) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        env.put("gitCommit", gitCommit());
        env.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.name") + ")");
        env.put("jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        env.putAll(libraries());
        env.put("postgres", server.version());
        env.put("database", server.source());
        env.put("postgresSettings", settings(server));
        env.put("jdbcPrepareThreshold", Integer.toString(Postgres.PREPARE_THRESHOLD));
        env.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        env.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        env.put("cpuSteadiness", CpuSteadiness.measure());
        env.put("cpuIdle", IdleStates.state());
        env.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").replace("\"", ""));
        env.put("jmhArgs", String.join(" ", jmhArgs));
        env.put("rtt1msAddedMicros", shimAt1ms(server));
        env.values().removeIf(v -> v == null || v.isBlank());
        env.replaceAll((k, v) -> portable(v, System.getProperty("user.home"), Path.of("").toAbsolutePath().toString()));
        return env;
    }

    /**
     * The versions of the libraries the run measured, as the classes on the class path report them (not as a build
     * setting asked for them): {@code hibernate}, {@code jooq}, {@code pgjdbc}, {@code hikaricp}; a library that
     * cannot tell is left out.
     */
    static Map<String, String> libraries() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("hibernate", Orm.version());
        // Read reflectively: a compile-time constant would be inlined into this class by javac.
        v.put("jooq", constant("org.jooq.Constants", "FULL_VERSION"));
        v.put("pgjdbc", constant("org.postgresql.util.DriverInfo", "DRIVER_VERSION"));
        v.put("hikaricp", pomVersion(HikariDataSource.class, "META-INF/maven/com.zaxxer/HikariCP/pom.properties"));
        v.values().removeIf(x -> x == null || x.isBlank());
        return v;
    }

    private static String constant(String className, String field) {
        try {
            return String.valueOf(Class.forName(className).getField(field).get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** The version in the Maven {@code pom.properties} that the jar of {@code type} carries (and benchmarks.jar keeps). */
    private static String pomVersion(Class<?> type, String pom) {
        try (InputStream in = type.getClassLoader().getResourceAsStream(pom)) {
            if (in == null) return null;
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * What the latency shim adds per round trip at {@code rtt=1ms} on this machine now (µs, one decimal), for the
     * report's round-trip model; nothing when it cannot be measured. About half a second: 220 round trips each way.
     */
    private static String shimAt1ms(Postgres.Server server) {
        try {
            return String.format(Locale.ROOT, "%.1f", Latency.addedMicrosPerRoundTrip(server.dataSource(null), server.withRtt(Duration.ofMillis(1)).dataSource(null), 200));
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A value without this machine's own paths, so that a committed environment.json reads the same from any clone:
     * the working directory's paths become relative, the home directory {@code ~}.
     */
    static String portable(String value, String home, String workingDirectory) {
        String out = value;
        if (workingDirectory != null && workingDirectory.length() > 1) out = out.replace(workingDirectory + "/", "");
        if (home != null && home.length() > 1) out = out.replace(home + "/", "~/");
        return out;
    }

    static void write(Path file, Map<String, String> env) throws IOException {
        StringBuilder json = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, String> e : env.entrySet()) {
            json.append("  \"").append(escape(e.getKey())).append("\": \"").append(escape(e.getValue())).append('"')
                    .append(++i < env.size() ? ",\n" : "\n");
        }
        json.append("}\n");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, json, StandardCharsets.UTF_8);
    }

    private static String settings(Postgres.Server server) {
        List<String> names = List.of("shared_buffers", "work_mem", "max_connections", "wal_level", "synchronous_commit",
                "fsync", "jit", "max_parallel_workers_per_gather", "plan_cache_mode");
        StringBuilder sb = new StringBuilder();
        try (Connection c = server.dataSource(null).getConnection(); Statement s = c.createStatement()) {
            for (String name : names) {
                try (ResultSet rs = s.executeQuery("select current_setting('" + name + "')")) {
                    rs.next();
                    if (!sb.isEmpty()) sb.append(", ");
                    sb.append(name).append('=').append(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            return null;
        }
        return sb.toString();
    }

    private static String gitCommit() {
        String given = System.getProperty("ormbench.gitCommit");
        if (given != null) return given;
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(l.contains(":") ? ':' : '=') + 1).trim())
                    .findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch));
                    else sb.append(ch);
                }
            }
        }
        return sb.toString();
    }
}
