package dev.ormbench.report;

import dev.ormbench.report.JmhResults.Result;

import java.util.List;
import java.util.Map;

/**
 * Times per operation in one unit, and where they go. JMH writes each result in its own unit ({@code us/op},
 * {@code ms/op}, {@code ops/ms}); a table shows one unit, picked here so that its largest number has at most four
 * digits before the point.
 * <p>
 * The wire metrics, when the run has them, are secondary metrics per operation: {@code bytesSent},
 * {@code bytesReceived} (bytes) and {@code waitMicros} (µs the benchmark thread waited for the server, network
 * included). The time in the JVM is the operation's time minus {@code waitMicros}. For throughput, an operation's
 * time on one thread is threads / throughput.
 */
public final class Times {

    /** Units a table may use, in µs, smallest first. */
    static final List<Map.Entry<String, Double>> UNITS = List.of(Map.entry("µs", 1.0), Map.entry("ms", 1e3), Map.entry("s", 1e6));

    private static final Map<String, Double> MICROS = Map.of("ns", 1e-3, "us", 1.0, "µs", 1.0, "ms", 1e3, "s", 1e6, "min", 6e7);

    private Times() {
    }

    /** µs per unit of {@code unit} ({@code "ms"} → 1000), or NaN when it is not a time unit. */
    static double micros(String unit) {
        return MICROS.getOrDefault(unit, Double.NaN);
    }

    /** One operation's time on its thread in µs, from the primary metric (throughput turned around); NaN if unknown. */
    public static double timeMicros(Result r) {
        String unit = r.primary().unit();
        double score = r.primary().score();
        if (unit.endsWith("/op")) return score * micros(unit.substring(0, unit.length() - 3));
        if (unit.startsWith("ops/") && score > 0) {
            int threads = Math.max(1, r.settings().threads());
            return threads / score * micros(unit.substring(4));
        }
        return Double.NaN;
    }

    /** µs per operation spent waiting for the server, or NaN when the run did not measure it. */
    public static double waitMicros(Result r) {
        return r.secondary("waitMicros");
    }

    /** µs per operation spent in the JVM: the time minus the wait; NaN without the wait. */
    public static double jvmMicros(Result r) {
        return Math.max(0, timeMicros(r) - waitMicros(r));
    }

    /** The unit for a table whose largest time is {@code maxMicros}: the smallest that keeps it under 10,000. */
    static Map.Entry<String, Double> unitFor(double maxMicros) {
        for (Map.Entry<String, Double> u : UNITS) if (!(maxMicros / u.getValue() >= 9999.5)) return u;
        return UNITS.get(UNITS.size() - 1);
    }

    /**
     * The one unit of a table or chart of these results: the smallest that keeps the largest of their times, waits
     * and sample percentiles under 10,000.
     */
    static Map.Entry<String, Double> unitFor(List<Result> results) {
        double max = 0;
        for (Result r : results) {
            max = Math.max(max, finite(timeMicros(r)));
            max = Math.max(max, finite(waitMicros(r)));
            for (String q : List.of("50.0", "99.0")) {
                Double x = r.primary().percentiles().get(q);
                if (r.mode().equals("sample") && x != null) max = Math.max(max, finite(x * primaryMicros(r)));
            }
        }
        return unitFor(max);
    }

    private static double finite(double x) {
        return Double.isNaN(x) || Double.isInfinite(x) ? 0 : x;
    }

    /** The JMH time unit of a result's primary metric in µs ({@code us/op} → 1), NaN for throughput. */
    static double primaryMicros(Result r) {
        String unit = r.primary().unit();
        return unit.endsWith("/op") ? micros(unit.substring(0, unit.length() - 3)) : Double.NaN;
    }

    /**
     * A round-trip time param as µs: {@code 0} → 0, {@code 1ms} → 1000, {@code 300us} → 300, {@code 0.3ms} → 300;
     * NaN when it is not one.
     */
    static double rttMicros(String value) {
        if (value == null) return Double.NaN;
        String v = value.strip();
        int i = 0;
        while (i < v.length() && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) i++;
        if (i == 0) return Double.NaN;
        double number;
        try {
            number = Double.parseDouble(v.substring(0, i));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        String unit = v.substring(i).strip();
        if (unit.isEmpty()) return number == 0 ? 0 : Double.NaN;
        return number * micros(unit);
    }
}
