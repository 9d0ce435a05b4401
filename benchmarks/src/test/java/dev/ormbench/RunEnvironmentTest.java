package dev.ormbench;

import org.junit.jupiter.api.Test;

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
}
