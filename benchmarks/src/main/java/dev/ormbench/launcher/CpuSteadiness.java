package dev.ormbench.launcher;

import java.util.Arrays;
import java.util.Locale;

/**
 * How steady this machine's CPU is when a run starts, written to {@code environment.json} as {@code cpuSteadiness}.
 * <p>
 * One fixed piece of work (sorting and formatting in memory, no database and no I/O) is timed in {@link #SLICES}
 * slices of about {@link #SLICE_MILLIS} ms each. Every slice does the same work, so on a steady CPU they take the
 * same time, and the ratio of the slow slices to the fast ones (90th to 10th percentile) is 1.0x; what is above
 * that is the machine. A shared host can slow a guest's vCPU for seconds at a time without the guest seeing it
 * (no steal time), and no JMH interval is narrower than such phases allow: a reader of a result's score error
 * needs this reading beside it.
 */
final class CpuSteadiness {

    static final int SLICES = 80;
    static final int SLICE_MILLIS = 40;

    private static volatile long sink;

    private CpuSteadiness() {
    }

    /** {@code java -cp benchmarks.jar dev.ormbench.launcher.CpuSteadiness [times]}: the reading, alone, before choosing a machine. */
    public static void main(String[] args) {
        int times = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        for (int i = 0; i < times; i++) System.out.println(measure());
    }

    /** About {@code SLICES × SLICE_MILLIS} ms, plus 1-2 s of warm-up and calibration; the reading as {@link #describe(long[], long)} gives it. */
    static String measure() {
        long rounds = 4;
        long warm = System.nanoTime() + 1_000_000_000L; // a second for the JIT, in slices of at least 4 ms
        while (System.nanoTime() < warm) if (time(rounds) < 4_000_000L) rounds *= 2;
        long target = SLICE_MILLIS * 1_000_000L;
        for (int attempt = 0; attempt < 10; attempt++) { // until the JIT is done with it: the fastest of 5 is on target
            long fastest = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) fastest = Math.min(fastest, time(rounds));
            if (attempt > 0 && Math.abs(fastest - target) < target / 10) break;
            rounds = Math.max(1, rounds * target / fastest);
        }
        long[] nanos = new long[SLICES];
        long start = System.nanoTime();
        for (int i = 0; i < SLICES; i++) nanos[i] = time(rounds);
        return describe(nanos, System.nanoTime() - start);
    }

    private static final int[] NUMBERS = new java.util.Random(42).ints(4096).toArray();

    /**
     * {@code rounds} times: sort a copy of 4,096 ints and write a short line of text. Branchy, cache-resident Java of
     * the kind the benchmarks' own code is (a register-only loop stays steady while a shared core's other thread
     * slows everything else down).
     */
    private static long time(long rounds) {
        long start = System.nanoTime();
        long acc = 0;
        int[] copy = new int[NUMBERS.length];
        StringBuilder line = new StringBuilder(64);
        for (long i = 0; i < rounds; i++) {
            System.arraycopy(NUMBERS, 0, copy, 0, copy.length);
            Arrays.sort(copy);
            line.setLength(0);
            line.append("slice ").append(i).append(": ").append(copy[(int) (i & 4095)]).append(", ").append(acc);
            acc += line.length() + copy[(int) (i * 31 & 4095)];
        }
        sink = acc;
        return System.nanoTime() - start;
    }

    /** e.g. {@code 80 slices of one fixed loop over 3.4 s: 10th percentile 25.3 ms, median 46.8, 90th 48.9 (1.93x)}. */
    static String describe(long[] sliceNanos, long spanNanos) {
        long[] s = sliceNanos.clone();
        Arrays.sort(s);
        double p10 = percentile(s, 0.10), median = percentile(s, 0.50), p90 = percentile(s, 0.90);
        return String.format(Locale.ROOT, "%d slices of one fixed loop over %.1f s: 10th percentile %.1f ms, median %.1f, 90th %.1f (%.2fx)",
                s.length, spanNanos / 1e9, p10 / 1e6, median / 1e6, p90 / 1e6, p90 / p10);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
    }
}
