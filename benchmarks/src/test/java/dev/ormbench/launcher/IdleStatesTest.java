package dev.ormbench.launcher;

import dev.ormbench.db.SetupException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdleStatesTest {

    @TempDir
    Path dir;

    @AfterEach
    void release() {
        IdleStates.release();
    }

    @Test
    void holdingWritesAWakeUpLatencyOfZeroAndKeepsTheRequestOpen() throws Exception {
        Path device = dir.resolve("cpu_dma_latency"), driver = dir.resolve("current_driver");
        Files.writeString(driver, "haltpoll\n");
        String state = IdleStates.hold(null, device, driver);
        assertThat(state).startsWith("held at polling").endsWith("; cpuidle driver haltpoll");
        assertThat(Files.readAllBytes(device)).containsExactly(0, 0, 0, 0);
        assertThat(IdleStates.hold("hold", device, dir.resolve("none"))).startsWith("held").doesNotContain("driver");
    }

    @Test
    void withoutACpuidleDriverTheRequestIsMadeButTheRunSaysItHasNoEffect() throws Exception {
        Path device = dir.resolve("cpu_dma_latency"), driver = dir.resolve("current_driver");
        Files.writeString(driver, "none\n");
        String state = IdleStates.hold("hold", device, driver);
        assertThat(state).startsWith("free to halt: no cpuidle driver").contains("has no effect")
                .endsWith("; cpuidle driver none");
        assertThat(Files.readAllBytes(device)).containsExactly(0, 0, 0, 0);
    }

    @Test
    void withoutTheDeviceTheRunGoesOnAndSaysTheCpusWereFreeToSleep() {
        String state = IdleStates.hold("hold", dir.resolve("no/such/device"), dir.resolve("none"));
        assertThat(state).startsWith("not held (").contains("waking an idle CPU");
    }

    @Test
    void leaveAsksNothingAndAnUnknownModeIsOneLine() {
        Path device = dir.resolve("cpu_dma_latency");
        assertThat(IdleStates.hold("leave", device, dir.resolve("none"))).startsWith("left to the OS");
        assertThat(device).doesNotExist();
        assertThatThrownBy(() -> IdleStates.hold("off", device, dir.resolve("none")))
                .isInstanceOf(SetupException.class).hasMessageContaining("hold or leave, not 'off'");
    }
}
