package dev.ormbench.launcher;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunEnvironmentTest {

    @Test
    void aCommittedEnvironmentCarriesNoPathOfTheMachineItWasMadeOn() {
        String home = "/home/alice", clone = "/home/alice/src/ormbench";
        assertThat(RunEnvironment.portable("embedded PostgreSQL (data in /home/alice/.cache/ormbench/pg18)", home, clone))
                .isEqualTo("embedded PostgreSQL (data in ~/.cache/ormbench/pg18)");
        assertThat(RunEnvironment.portable("-rf json -rff /home/alice/src/ormbench/results/latest/jmh-result.json -p dataset=large", home, clone))
                .isEqualTo("-rf json -rff results/latest/jmh-result.json -p dataset=large");
        assertThat(RunEnvironment.portable("-rff /tmp/out/jmh-result.json", home, clone)).isEqualTo("-rff /tmp/out/jmh-result.json");
    }

    @Test
    void theLibraryVersionsAreReadFromTheClassesTheBuildPutOnTheClassPath() {
        Map<String, String> libraries = RunEnvironment.libraries();
        assertThat(libraries).containsOnlyKeys("hibernate", "jooq", "pgjdbc", "hikaricp");
        // The build's versions (set by the pom for the tests; -Dhibernate.version picks the Hibernate line).
        libraries.forEach((library, version) -> {
            String asked = System.getProperty("ormbench.expect." + library);
            if (asked != null) assertThat(version).as(library).isEqualTo(asked);
            assertThat(version).as(library).matches("\\d+\\.\\d+\\.\\d+.*");
        });
    }

    @Test
    void theSteadinessReadingIsTheRatioOfSlowSlicesToFastOnes() {
        long[] quiet = new long[80], phases = new long[80];
        for (int i = 0; i < 80; i++) {
            quiet[i] = 40_000_000L + i * 10_000L; // 40.0-40.8 ms
            phases[i] = i % 3 == 0 ? 25_000_000L : 48_000_000L; // a third of the slices at full speed
        }
        assertThat(CpuSteadiness.describe(quiet, 3_300_000_000L))
                .isEqualTo("80 slices of one fixed loop over 3.3 s: 10th percentile 40.1 ms, median 40.4, 90th 40.7 (1.02x)");
        assertThat(CpuSteadiness.describe(phases, 3_300_000_000L)).endsWith("10th percentile 25.0 ms, median 48.0, 90th 48.0 (1.92x)");
    }

    @Test
    void theProbeTimesItsSlicesOnThisMachine() {
        String reading = CpuSteadiness.measure();
        assertThat(reading).startsWith(CpuSteadiness.SLICES + " slices of one fixed loop over ").matches(".*\\(\\d+\\.\\d\\dx\\)");
        // The slices are as long as meant (a 40 ms slice reads 20-160 ms on a loaded or a phased machine), not a
        // loop the JIT scaled from its interpreter's time.
        double median = Double.parseDouble(reading.replaceAll(".*median ([0-9.]+),.*", "$1"));
        assertThat(median).isBetween(CpuSteadiness.SLICE_MILLIS / 2.0, CpuSteadiness.SLICE_MILLIS * 4.0);
    }
}
