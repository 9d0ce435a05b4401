package dev.ormbench.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrmTest {

    record Row(long id, String title) {
    }

    @Test
    void theVersionIsTheOneTheBuildChoseAndTheJarCarriesItsManifest() {
        String asked = System.getProperty("ormbench.expect.hibernate");
        if (asked != null) assertThat(Orm.version()).isEqualTo(asked);
        assertThat(Orm.version()).matches("[67]\\.\\d+\\.\\d+.*");
        // The copy of hibernate-core's manifest that benchmarks.jar carries, where Hibernate 6 cannot read its own.
        assertThat(Orm.manifestVersion()).isEqualTo(Orm.version());
    }

    @Test
    void aRecordResultBecomesHibernatesOwnInstantiationOfTheSameSelectList() {
        assertThat(Orm.instantiating("select p.id, p.title from Post p where p.id > :id order by p.id", Row.class))
                .isEqualTo("select new " + Row.class.getName() + "(p.id, p.title) from Post p where p.id > :id order by p.id");
        // Left as they are: an entity result, a query with its own instantiation.
        assertThat(Orm.instantiating("select p from Post p", String.class)).isEqualTo("select p from Post p");
        String own = "select new " + Row.class.getName() + "(p.id, p.title) from Post p";
        assertThat(Orm.instantiating(own, Row.class)).isEqualTo(own);
    }
}
