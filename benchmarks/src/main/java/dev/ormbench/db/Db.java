package dev.ormbench.db;

import dev.ormbench.measure.Latency;
import dev.ormbench.measure.StatementCounter;
import com.zaxxer.hikari.HikariDataSource;
import dev.ormbench.model.Entities;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * One seeded dataset, opened: a HikariCP pool on its schema, wrapped by the {@link StatementCounter},
 * and the two ways the patterns talk to it, a Hibernate {@link SessionFactory} and a jOOQ {@link DSLContext}.
 * Every statement of every variant goes through the same counting pool, so the comparison is fair.
 */
public final class Db implements AutoCloseable {

    static {
        // Hibernate logs through JBoss Logging, which would pick java.util.logging here: route it to SLF4J,
        // whose configuration (simplelogger.properties) keeps libraries quiet unless something is wrong.
        System.setProperty("org.jboss.logging.provider", "slf4j");
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    public final String dataset;
    /** The server as the benchmarks reach it: with the added round-trip time, if one was asked for. */
    public final Postgres.Server server;
    /** The counting, pooled data source: what Hibernate, jOOQ and plain-JDBC floors all use. */
    public final DataSource dataSource;
    public final DSLContext jooq;
    private final HikariDataSource pool;
    private SessionFactory orm;

    private Db(String dataset, Postgres.Server direct, int poolSize, Duration rtt) {
        this.dataset = dataset;
        this.server = direct.withRtt(rtt);
        this.pool = new HikariDataSource(Pools.fixed("ormbench-" + dataset, server.dataSource(Datasets.schema(dataset)), poolSize));
        this.dataSource = StatementCounter.counting(pool);
        this.jooq = jooq(dataSource);
    }

    /** jOOQ on {@code dataSource}, with unqualified names: the connection's search_path is the dataset's schema. */
    public static DSLContext jooq(DataSource dataSource) {
        return DSL.using(dataSource, SQLDialect.POSTGRES, new Settings().withRenderSchema(false));
    }

    /**
     * Provisions the server, makes sure the dataset is seeded and intact, and opens it.
     * The fingerprint check is skipped when the launcher already did it in this run
     * ({@code -Dormbench.verified=small,large}).
     */
    public static Db open(String dataset, int poolSize, Duration rtt) {
        Postgres.Server server = Postgres.server();
        String verified = System.getProperty("ormbench.verified", "");
        boolean checked = java.util.Arrays.asList(verified.split(",")).contains(dataset);
        Datasets.ensure(server, dataset, !checked);
        return new Db(dataset, server, poolSize, rtt);
    }

    public static Db open(String dataset) {
        return open(dataset, 4, Duration.ZERO);
    }

    /**
     * The shared Hibernate session factory, closed with this {@code Db}: no batch fetching, no second-level cache,
     * nothing clever.
     */
    public synchronized SessionFactory orm() {
        if (orm == null) orm = openOrm(cfg -> { });
        return orm;
    }

    /** A new session factory with pattern-specific settings, of the caller's own: the caller closes it. */
    public SessionFactory openOrm(Consumer<Configuration> customizer) {
        Configuration cfg = new Configuration();
        Entities.ALL.forEach(cfg::addAnnotatedClass);
        cfg.getProperties().putAll(Map.of(
                AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource,
                AvailableSettings.HBM2DDL_AUTO, "none",
                AvailableSettings.USE_SECOND_LEVEL_CACHE, false,
                AvailableSettings.SHOW_SQL, false,
                AvailableSettings.GENERATE_STATISTICS, false));
        customizer.accept(cfg);
        return cfg.buildSessionFactory();
    }

    @Override
    public void close() {
        if (orm != null) orm.close();
        pool.close();
    }
}
