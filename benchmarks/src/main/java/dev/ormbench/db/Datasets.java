package dev.ormbench.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The named datasets of {@code fixtures/}: each lives in its own schema {@code ormbench_<name>}, is seeded
 * once in SQL (deterministic, {@code generate_series}), and is reused while it is intact: the stored fixture
 * version must match the fixtures in this build, and a fingerprint of every row must match the one stored
 * right after seeding. Anything else drops and reseeds that schema, and only that schema.
 */
public final class Datasets {

    /** Tables in seeding order; the fingerprint covers all of them. */
    public static final List<String> TABLES =
            List.of("authors", "books", "users", "posts", "comments", "orders", "accounts", "ledger", "signups");

    private static final Map<String, Map<String, Long>> SIZES = loadSizes();
    private static final String SCHEMA_TABLES = resource("schema-1-tables.sql");
    private static final String SCHEMA_CONSTRAINTS = resource("schema-2-constraints.sql");
    private static final String SEED = resource("seed.sql");

    private Datasets() {
    }

    /** The names of the datasets, smallest first. */
    public static Set<String> names() {
        return SIZES.keySet();
    }

    /** Row counts of one dataset, e.g. {@code authors -> 100}. */
    public static Map<String, Long> rows(String dataset) {
        Map<String, Long> rows = SIZES.get(dataset);
        if (rows == null) {
            throw new SetupException("unknown dataset '" + dataset + "': choose one of " + String.join(", ", names()));
        }
        return rows;
    }

    public static String schema(String dataset) {
        rows(dataset);
        return "ormbench_" + dataset;
    }

    /**
     * Makes sure the dataset is present and intact in the server, seeding it if not.
     * @param fullCheck recompute the row fingerprint (seconds on the large dataset); without it only the
     *                  fixture version is compared, for JVMs whose launcher has just checked in full
     * @return whether it had to seed
     */
    public static boolean ensure(Postgres.Server server, String dataset, boolean fullCheck) {
        String schema = schema(dataset);
        long start = System.nanoTime();
        DataSource ds = server.dataSource(null, "seed");
        try (Connection c = ds.getConnection()) {
            // One seeder at a time per dataset, across JVMs; the lock ends with the session.
            try (PreparedStatement lock = c.prepareStatement("select pg_advisory_lock(hashtext(?))")) {
                lock.setString(1, schema);
                lock.execute();
            }
            String version = fixtureVersion(dataset);
            String stored = storedInfo(c, schema, "fixture_version");
            String why = "is not seeded";
            if (version.equals(stored)) {
                if (!fullCheck) return false;
                if (fingerprint(c, schema).equals(storedInfo(c, schema, "fingerprint"))) {
                    System.err.printf("ormbench: dataset %s reused: intact (fingerprint of every row checked in %.1f s)%n",
                            dataset, seconds(start));
                    return false;
                }
                why = "was modified since seeding (fingerprint differs)";
            } else if (stored != null) {
                why = "was seeded by other fixtures";
            } else if (schemaExists(c, schema)) {
                why = "is half-seeded (its schema has no seeded marker: a seeding was interrupted)";
            }
            RunGuard.guardReseed(c, dataset, why);
            checkPrivileges(c, schema);
            if (!why.equals("is not seeded")) System.err.printf("ormbench: dataset %s %s: reseeding%n", dataset, why);
            seed(server, c, dataset, schema, version);
            return true;
        } catch (SQLException e) {
            throw new SetupException("cannot seed dataset " + dataset + ": " + Postgres.oneLine(e));
        }
    }

    /**
     * Seeding drops and creates {@code schema}: say in one line, before anything is created, when the role
     * may not (no CREATE on the database) or the schema is another role's.
     */
    private static void checkPrivileges(Connection c, String schema) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("""
                select current_user, current_database(), has_database_privilege(current_database(), 'CREATE'),
                       (select pg_get_userbyid(nspowner) from pg_namespace where nspname = ?),
                       (select pg_has_role(nspowner, 'USAGE') from pg_namespace where nspname = ?)""")) {
            p.setString(1, schema);
            p.setString(2, schema);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                String user = rs.getString(1);
                String database = rs.getString(2);
                String owner = rs.getString(4);
                if (owner != null && !rs.getBoolean(5)) {
                    throw new SetupException("schema " + schema + " in database " + database + " belongs to role " + owner
                            + ", not to " + user + ": the suite drops and reseeds only its own schemas; drop it as " + owner
                            + ", or run as " + owner + ", or use another database");
                }
                if (!rs.getBoolean(3)) {
                    throw new SetupException("role " + user + " lacks the CREATE privilege on database " + database
                            + ", which seeding needs: the suite creates only its own schemas (ormbench_<dataset>) there; "
                            + "GRANT CREATE ON DATABASE " + database + " TO " + user + ", or use another database");
                }
            }
        }
    }

    /** The stored fingerprint of a seeded dataset and a fresh one, for tests that prove a benchmark left it as seeded. */
    public static boolean intact(Postgres.Server server, String dataset) {
        String schema = schema(dataset);
        try (Connection c = server.dataSource(null).getConnection()) {
            return fingerprint(c, schema).equals(storedInfo(c, schema, "fingerprint"));
        } catch (SQLException e) {
            throw new SetupException("cannot read dataset " + dataset + ": " + Postgres.oneLine(e));
        }
    }

    private static void seed(Postgres.Server server, Connection c, String dataset, String schema, String version)
            throws SQLException {
        long start = System.nanoTime();
        Map<String, Long> rows = rows(dataset);
        System.err.printf("ormbench: seeding dataset %s into schema %s (%,d rows)%n", dataset, schema,
                rows.values().stream().mapToLong(Long::longValue).sum());
        try (Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
            s.execute("create schema " + schema);
        }
        // Two lanes on two connections, one per core: the wide users table (about 1 KB a row) alone, every
        // other table in the second lane. Foreign keys last, once both lanes have committed.
        Map<String, String> hashes = new java.util.concurrent.ConcurrentHashMap<>();
        try (var lanes = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            List<java.util.function.Predicate<String>> split = List.of(USERS_LANE::equals, t -> !sameLane(t, USERS_LANE));
            var futures = split.stream()
                    .map(inLane -> lanes.submit(() -> {
                        seedLane(server, schema, inLane, rows, hashes);
                        return null;
                    }))
                    .toList();
            for (var f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException("seeding of dataset " + dataset + " was interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) throw sql;
            throw new IllegalStateException(e.getCause());
        }
        long t = System.nanoTime();
        inTransaction(c, s -> {
            s.execute("set local search_path = " + schema);
            for (String sql : statements(SCHEMA_CONSTRAINTS)) {
                String target = referenced(sql);
                if (target != null && !sameLane(table(sql), target)) s.execute(sql);
            }
        });
        System.err.printf("ormbench:   foreign keys      %.1f s%n", seconds(t));
        settle(server, schema);
        String fingerprint = combine(hashes);
        pauseBeforeMarker();
        long millis = (System.nanoTime() - start) / 1_000_000;
        // The seeded marker, the last step: a schema without it is half-seeded, and the next run reseeds it.
        try (PreparedStatement p = c.prepareStatement("insert into " + schema
                + ".dataset_info (fixture_version, dataset, fingerprint, seed_millis) values (?, ?, ?, ?)")) {
            p.setString(1, version);
            p.setString(2, dataset);
            p.setString(3, fingerprint);
            p.setLong(4, millis);
            p.executeUpdate();
        }
        System.err.printf("ormbench: seeded dataset %s in %.1f s%n", dataset, millis / 1000.0);
    }

    /**
     * Creates, fills and indexes {@code tables} in one transaction (with wal_level=minimal, rows of a table
     * created in the same transaction skip the WAL), then vacuums, analyzes and hashes them.
     */
    private static void seedLane(Postgres.Server server, String schema, java.util.function.Predicate<String> inLane,
                                 Map<String, Long> rows, Map<String, String> hashes) throws SQLException {
        List<String> tables = TABLES.stream().filter(inLane).toList();
        try (Connection c = server.dataSource(null, "seed").getConnection()) {
            inTransaction(c, s -> {
                s.execute("set local synchronous_commit = off");
                s.execute("set local maintenance_work_mem = '512MB'");
                s.execute("set local search_path = " + schema);
                for (String sql : statements(SCHEMA_TABLES)) if (inLane.test(table(sql))) s.execute(sql);
                for (String sql : statements(SEED)) {
                    if (!inLane.test(table(sql))) continue;
                    long t = System.nanoTime();
                    int n = s.executeUpdate(substitute(sql, rows));
                    System.err.printf("ormbench:   %-9s %,10d rows  %.1f s%n", table(sql), n, seconds(t));
                }
                long t = System.nanoTime();
                for (String sql : statements(SCHEMA_CONSTRAINTS)) {
                    String target = referenced(sql);
                    boolean mine = inLane.test(table(sql)) && (target == null || inLane.test(target));
                    if (mine) s.execute(sql); // keys, indexes, and foreign keys within the lane
                }
                // Before commit, so that no autovacuum or auto-analyze touches the tables while the seeding settles them.
                for (String table : tables) s.execute(Settling.pinStatements(c, schema, table));
                System.err.printf("ormbench:   keys and indexes  (%s) %.1f s%n", String.join(",", tables), seconds(t));
            });
            long t = System.nanoTime();
            for (String table : tables) hashes.put(table, tableHash(c, schema, table));
            System.err.printf("ormbench:   fingerprint (%s) %.1f s%n", String.join(",", tables), seconds(t));
        }
    }

    /**
     * How the tables are left after loading ({@link #settle}); part of the fixture version, so that a change here
     * reseeds every dataset seeded the old way.
     */
    static final String SETTLING = "vacuum-freeze;statistics-" + Settling.STATISTICS_TARGET + ";autovacuum-off;cut:" + Settling.CUT;

    /**
     * Leaves a freshly loaded dataset in one physical and statistical state, whatever the timing of the seeding
     * lanes: two seedings of the same data then plan and run alike.
     * <ul>
     *   <li>{@code VACUUM (FREEZE)} of every table once both lanes have committed and nothing of the seeding holds
     *       a snapshot: every page all-visible and all-frozen. A vacuum inside a lane ran while the other lane's
     *       transaction (or its fingerprint query) still held back the xmin horizon, so which tables came out
     *       all-visible depended on which lane finished first.</li>
     *   <li>Statistics from every row: each column's statistics target at {@value Settling#STATISTICS_TARGET}, so
     *       ANALYZE samples 300 × that many rows, more than any dataset table holds, instead of a random 30,000
     *       (the default target of 100), which gave each seeding its own n_distinct, correlation and histograms.
     *       On PostgreSQL 18 and later they are then cut to the default size ({@link Settling#cutToDefaultSize})
     *       and the targets set back to the default: statistics of the size a production table has, so that planning
     *       takes the time it takes there, and still the same from one seeding to the next. Older servers cannot
     *       write statistics back: their tables keep the full statistics and the full target.</li>
     *   <li>No autovacuum or auto-analyze on the dataset's tables (set in each lane before it commits): nothing
     *       rewrites their statistics or visibility map while seeding or during a run (the mutating patterns restore
     *       their rows themselves).</li>
     * </ul>
     * The vacuums run in the two lanes, each vacuum outside any transaction; the ANALYZEs after all of them, as an
     * ANALYZE holds a snapshot that would keep a concurrent vacuum from marking pages all-visible.
     */
    private static void settle(Postgres.Server server, String schema) throws SQLException {
        long t = System.nanoTime();
        Settling.inTwoLanes(server, TABLES, table -> "vacuum (freeze) " + schema + "." + table);
        long vacuumed = System.nanoTime();
        Settling.inTwoLanes(server, TABLES, table -> "analyze " + schema + "." + table);
        long analyzed = System.nanoTime();
        try (Connection c = server.dataSource(null, "seed").getConnection()) {
            if (Settling.serverVersion(c) >= 180000) {
                for (String table : TABLES) Settling.cutToDefaultSize(c, schema, table);
                System.err.printf("ormbench:   statistics cut to the default size  %.1f s%n", seconds(analyzed));
            } else {
                System.err.println("ormbench:   statistics kept at full size (PostgreSQL 18 or later writes them back"
                        + " at the default size): planning takes longer than on a table analysed the usual way");
            }
            List<String> partly = Settling.notAllFrozen(c, schema);
            if (!partly.isEmpty()) {
                System.err.printf("ormbench: warning: tables of %s not all-visible and frozen after VACUUM (FREEZE): %s;"
                        + " another session on the server holds an old snapshot%n", schema, String.join(", ", partly));
            }
        }
        System.err.printf("ormbench:   vacuum (freeze)  %.1f s, analyze of every row  %.1f s%n",
                (vacuumed - t) / 1e9, (analyzed - vacuumed) / 1e9);
    }

    /** A test of an interrupted seeding kills the launcher here: {@code -Dormbench.seedPauseMillis}, for tests only. */
    private static void pauseBeforeMarker() {
        long millis = Long.getLong("ormbench.seedPauseMillis", 0);
        if (millis <= 0) return;
        System.err.println("ormbench:   (pausing " + millis + " ms before the seeded marker)");
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean schemaExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select 1 from pg_namespace where nspname = ?")) {
            p.setString(1, schema);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    private interface SqlWork {
        void run(Statement s) throws SQLException;
    }

    /** Runs {@code work} in one transaction on {@code c}: committed if it completes, rolled back if not. */
    private static void inTransaction(Connection c, SqlWork work) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            work.run(s);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Row count and an order-independent sum of row hashes (hash_record, PostgreSQL 14+) per table, hashed together. */
    private static String fingerprint(Connection c, String schema) throws SQLException {
        Map<String, String> hashes = new java.util.HashMap<>();
        for (String table : TABLES) hashes.put(table, tableHash(c, schema, table));
        return combine(hashes);
    }

    private static String tableHash(Connection c, String schema, String table) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*), coalesce(sum(hash_record(t)::bigint), 0) from "
                     + schema + "." + table + " t")) {
            rs.next();
            return rs.getLong(1) + ":" + rs.getLong(2);
        }
    }

    private static String combine(Map<String, String> hashes) {
        StringBuilder sb = new StringBuilder();
        for (String table : TABLES) sb.append(table).append(':').append(hashes.get(table)).append(';');
        return sha256(sb.toString()).substring(0, 32);
    }

    private static String storedInfo(Connection c, String schema, String column) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "select 1 from information_schema.tables where table_schema = ? and table_name = 'dataset_info'")) {
            p.setString(1, schema);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) return null;
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select " + column + " from " + schema + ".dataset_info")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** A hash of the fixture files, this dataset's row counts and how tables are settled after loading: change any and the dataset is reseeded. */
    static String fixtureVersion(String dataset) {
        return sha256(SCHEMA_TABLES + SCHEMA_CONSTRAINTS + SEED + new TreeMap<>(rows(dataset)) + SETTLING).substring(0, 16);
    }

    static List<String> statements(String script) {
        String withoutComments = script.replaceAll("(?m)^\\s*--.*$", "");
        return Arrays.stream(withoutComments.split(";\\s*(\\n|$)"))
                .map(String::strip).filter(sql -> !sql.isEmpty()).toList();
    }

    private static String substitute(String sql, Map<String, Long> rows) {
        String out = sql;
        for (Map.Entry<String, Long> e : rows.entrySet()) out = out.replace("${" + e.getKey() + "}", e.getValue().toString());
        if (out.contains("${")) throw new IllegalStateException("unknown placeholder in seed.sql: " + out);
        return out;
    }

    private static final java.util.regex.Pattern TARGET = java.util.regex.Pattern.compile(
            "(?is)^(?:create\\s+table|insert\\s+into|alter\\s+table|create\\s+(?:unique\\s+)?index\\s+\\w+\\s+on)\\s+(\\w+).*");

    /** The wide table that gets a seeding lane (a connection, a core) of its own. */
    private static final String USERS_LANE = "users";

    private static boolean sameLane(String a, String b) {
        return a.equals(USERS_LANE) == b.equals(USERS_LANE);
    }

    private static final java.util.regex.Pattern REFERENCES = java.util.regex.Pattern.compile("(?is).*\\breferences\\s+(\\w+).*");

    /** The table a foreign key statement references, or null for any other statement. */
    static String referenced(String sql) {
        var m = REFERENCES.matcher(sql);
        return m.matches() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : null;
    }

    /** The table a fixture statement creates, fills or alters. */
    static String table(String sql) {
        var m = TARGET.matcher(sql);
        if (!m.matches()) throw new IllegalStateException("fixture statement on no known table: " + sql);
        return m.group(1).toLowerCase(java.util.Locale.ROOT);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static Map<String, Map<String, Long>> loadSizes() {
        Properties p = new Properties();
        try (InputStream in = open("datasets.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Map<String, Long>> sizes = new LinkedHashMap<>();
        for (String name : List.of("small", "medium", "large")) {
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String table : TABLES) {
                String v = p.getProperty(name + "." + table);
                if (v != null) rows.put(table, Long.parseLong(v.trim()));
            }
            sizes.put(name, rows);
        }
        return sizes;
    }

    private static String resource(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = Datasets.class.getResourceAsStream("/fixtures/" + name);
        if (in == null) throw new IllegalStateException("fixtures/" + name + " is missing from the class path");
        return in;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
