package dev.ormbench.patterns;

import dev.ormbench.TestDb;
import dev.ormbench.TestDb.Counted;
import dev.ormbench.db.Datasets;
import dev.ormbench.db.Db;
import dev.ormbench.patterns.ReportingBenchmark.Total;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportingTest {

    private final Db db = TestDb.small();

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyVariantGivesTheSameExactTotalsInOneStatement(boolean byMonth) throws Exception {
        Counted<List<Total>> bad = TestDb.count(() -> ReportingBenchmark.entitiesInJava(db.orm(), byMonth));
        Counted<List<Total>> jooq = TestDb.count(() -> ReportingBenchmark.jooqGroupBy(db.jooq, byMonth));
        Counted<List<Total>> hql = TestDb.count(() -> ReportingBenchmark.hqlGroupBy(db.orm(), byMonth));
        Counted<List<Total>> floor = TestDb.count(() -> ReportingBenchmark.jdbcGroupBy(db.dataSource, byMonth));

        // equals on the records compares the BigDecimals with their scale: exact to the cent, as numeric(12,2)
        assertThat(bad.value()).isEqualTo(jooq.value()).isEqualTo(hql.value()).isEqualTo(floor.value());
        for (Counted<?> c : List.of(bad, jooq, hql, floor)) assertThat(c.statements()).isEqualTo(1);

        List<Total> report = bad.value();
        // small: 10,000 orders; order i belongs to user (7i mod 2,000) + 1, so every user has 5; all in 2023
        assertThat(report).hasSize(byMonth ? 12 : 2000);
        assertThat(report.stream().mapToLong(Total::key).toArray()).isSorted();
        if (byMonth) {
            assertThat(report.getFirst().key()).isEqualTo(202301);
            assertThat(report.getLast().key()).isEqualTo(202312);
        } else {
            assertThat(report).allSatisfy(t -> assertThat(t.orders()).isEqualTo(5));
        }
        assertThat(report).allSatisfy(t -> assertThat(t.sum().scale()).isEqualTo(2));
        long orders = report.stream().mapToLong(Total::orders).sum();
        BigDecimal sum = report.stream().map(Total::sum).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(orders).isEqualTo(Datasets.rows("small").get("orders"));
        assertThat(sum).isEqualTo(grandTotal());
    }

    private BigDecimal grandTotal() throws Exception {
        try (Connection c = db.dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select sum(total) from orders")) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }
}
