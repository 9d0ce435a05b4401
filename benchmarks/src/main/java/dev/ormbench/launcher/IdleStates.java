package dev.ormbench.launcher;

import dev.ormbench.db.SetupException;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPUs' idle states for the length of a run, written to {@code environment.json} as {@code cpuIdle}.
 * <p>
 * Why. At loopback, every statement is a round trip between two processes: the JVM writes to the socket and waits,
 * the PostgreSQL backend wakes, answers, and the JVM wakes. When a CPU has nothing to run it sleeps in an idle state,
 * and waking it is part of every round trip. On a virtual machine the sleep is a halt that the hypervisor has to
 * undo: on this suite's reference machine (2 vCPUs, cpuidle driver {@code haltpoll}) {@code SELECT 1} took 70 µs a
 * round trip with the CPUs free to halt and 22 µs with them kept polling — and how often they halt depends on
 * what else the host runs. N+1's bad variant makes a hundred round trips where the good one makes one, so its ratio
 * at loopback read 15–20x on a quiet host and 9x on a busy one, while with the CPUs polling it read 7.6–7.8x
 * round after round (METHODOLOGY.md, "Idle CPUs and the loopback round trip").
 * <p>
 * So the launcher asks the kernel, as Linux's own latency tuning does, for a wake-up latency of 0 µs (a PM QoS
 * request: 0 written to {@code /dev/cpu_dma_latency}), which keeps idle CPUs in their polling state; the request
 * lasts while the file stays open, so it ends with the launcher, forks included, and leaves nothing behind. It
 * needs root; without it the run goes on with the CPUs free to sleep and says so. Only a cpuidle driver's governor
 * reads the request: on a kernel whose cpuidle driver is {@code none} (some virtual machines of the same kind) an
 * idle CPU halts whatever is asked, and the run says that too. The network a production
 * database sits behind is the {@code rtt} parameter's business, not the idle states'.
 * <p>
 * {@code ORMBENCH_CPU_IDLE} (or {@code -Dormbench.cpuIdle}): {@code hold} (the default) or {@code leave}.
 */
final class IdleStates {

    static final Path PM_QOS = Path.of("/dev/cpu_dma_latency");
    static final Path DRIVER = Path.of("/sys/devices/system/cpu/cpuidle/current_driver");

    private static FileOutputStream request;
    private static String state = "not asked";

    private IdleStates() {
    }

    /** Holds the idle states as {@code ORMBENCH_CPU_IDLE} asks (one line and exit 2 on a value it does not know). */
    static void hold() {
        state = hold(mode(), PM_QOS, DRIVER);
        if (!state.startsWith("held") && !state.startsWith("left")) System.err.println("ormbench: CPU idle states " + state);
    }

    /** What {@code environment.json} says after the state when the kernel has no cpuidle driver. */
    static final String NO_DRIVER = "; cpuidle driver none";

    /** {@code ORMBENCH_CPU_IDLE} checked, so that a mistyped value is one line before any server is started. */
    static String mode() {
        String mode = System.getProperty("ormbench.cpuIdle");
        if (mode == null || mode.isBlank()) mode = System.getenv("ORMBENCH_CPU_IDLE");
        return checked(mode);
    }

    /** {@code hold} (also for none given) or {@code leave}; anything else is one line. */
    private static String checked(String mode) {
        if (mode == null || mode.isBlank()) return "hold";
        if (!mode.equals("hold") && !mode.equals("leave")) {
            throw new SetupException("ORMBENCH_CPU_IDLE must be hold or leave, not '" + mode + "'");
        }
        return mode;
    }

    /** What {@link #hold()} did, for environment.json. */
    static String state() {
        return state;
    }

    static String hold(String mode, Path device, Path driver) {
        String idle = driverOf(driver);
        if (checked(mode).equals("leave")) return "left to the OS (ORMBENCH_CPU_IDLE=leave)" + idle;
        release();
        try {
            FileOutputStream out = new FileOutputStream(device.toFile());
            out.write(new byte[4]); // a 32-bit 0: no wake-up latency allowed
            out.flush();
            request = out;
            if (idle.equals(NO_DRIVER)) {
                // Only a cpuidle driver's governor reads the request: without one the kernel halts an idle CPU itself.
                return "free to halt: no cpuidle driver, so the wake-up latency of 0 µs asked on " + device
                        + " has no effect, and a loopback round trip includes waking an idle CPU" + idle;
            }
            return "held at polling for the run (a wake-up latency of 0 µs asked on " + device + ")" + idle;
        } catch (IOException | SecurityException e) {
            return "not held (" + e.getMessage() + "): a loopback round trip includes waking an idle CPU" + idle;
        }
    }

    /** Ends the request (it would end with the process anyway). */
    static void release() {
        if (request == null) return;
        try {
            request.close();
        } catch (IOException ignored) {
            // closing a device file cannot lose anything
        }
        request = null;
    }

    private static String driverOf(Path driver) {
        try {
            String d = Files.readString(driver).strip();
            return d.isEmpty() ? "" : "; cpuidle driver " + d;
        } catch (IOException | SecurityException e) {
            return "";
        }
    }
}
