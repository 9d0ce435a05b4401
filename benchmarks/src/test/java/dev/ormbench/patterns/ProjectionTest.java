package dev.ormbench.patterns;

import dev.ormbench.TestDb;
import dev.ormbench.TestDb.Counted;
import dev.ormbench.db.Db;
import dev.ormbench.patterns.ProjectionBenchmark.IdEmail;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectionTest {

    private static final int PAGE = 500;
    private static Db db;
    private static SessionFactory narrowOrm;

    @BeforeAll
    static void open() {
        db = TestDb.small();
        narrowOrm = ProjectionBenchmark.narrowOrm(db);
    }

    @AfterAll
    static void close() {
        narrowOrm.close();
    }

    @Test
    void everyVariantGivesTheSameIdsAndEmailsInOneStatement() throws Exception {
        Counted<List<IdEmail>> bad = TestDb.count(() -> ProjectionBenchmark.fullEntities(db.orm(), PAGE));
        Counted<List<IdEmail>> record = TestDb.count(() -> ProjectionBenchmark.records(db.orm(), PAGE));
        Counted<List<IdEmail>> narrow = TestDb.count(() -> ProjectionBenchmark.narrowEntities(narrowOrm, PAGE));
        Counted<List<IdEmail>> jooq = TestDb.count(() -> ProjectionBenchmark.jooqColumns(db.jooq, PAGE));
        Counted<List<IdEmail>> floor = TestDb.count(() -> ProjectionBenchmark.jdbc(db.dataSource, PAGE));

        assertThat(bad.value()).hasSize(PAGE)
                .isEqualTo(record.value()).isEqualTo(narrow.value()).isEqualTo(jooq.value()).isEqualTo(floor.value());
        assertThat(bad.value().getFirst()).isEqualTo(new IdEmail(1, "user1@example.com"));
        assertThat(bad.value().getLast()).isEqualTo(new IdEmail(PAGE, "user" + PAGE + "@example.com"));
        for (Counted<?> c : List.of(bad, record, narrow, jooq, floor)) assertThat(c.statements()).isEqualTo(1);
    }

    /**
     * The projections really leave the ~1 KB bio in the database: the entity variant allocates at least the bio
     * of every row it reads (PAGE KB, as Strings), the others less than that. Bytes, not time.
     */
    @Test
    void onlyTheEntityVariantReadsTheWideColumn() throws Exception {
        long bio = PAGE * 1024L;
        long bad = allocated(() -> ProjectionBenchmark.fullEntities(db.orm(), PAGE));
        assertThat(bad).isGreaterThan(bio);
        assertThat(allocated(() -> ProjectionBenchmark.records(db.orm(), PAGE))).isLessThan(bio);
        assertThat(allocated(() -> ProjectionBenchmark.narrowEntities(narrowOrm, PAGE))).isLessThan(bio);
        assertThat(allocated(() -> ProjectionBenchmark.jooqColumns(db.jooq, PAGE))).isLessThan(bio);
        assertThat(allocated(() -> ProjectionBenchmark.jdbc(db.dataSource, PAGE))).isLessThan(bio);
    }

    /** Bytes this thread allocates in a call, once the call has run twice (query plans cached, classes loaded). */
    private static long allocated(Callable<?> call) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        call.call();
        call.call();
        long before = threads.getCurrentThreadAllocatedBytes();
        call.call();
        long bytes = threads.getCurrentThreadAllocatedBytes() - before;
        System.err.printf("ProjectionTest: %,d bytes allocated%n", bytes);
        return bytes;
    }
}
