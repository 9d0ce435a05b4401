package dev.ormbench.report;

import dev.ormbench.report.JmhResults.Result;

import java.util.List;

/**
 * The value axis of a bar or line chart: throughput in JMH's unit, or a time per operation in the one unit that
 * suits all the chart's results ({@code micros} µs each), so that a chart never mixes ms and µs.
 */
record ChartUnit(boolean thrpt, boolean times, double micros, String unit) {

    /** The unit for {@code results}, decided by the first: a throughput, a time in JMH's unit, or its score as is. */
    static ChartUnit of(List<Result> results) {
        Result first = results.get(0);
        boolean thrpt = first.higherIsBetter();
        if (thrpt || Double.isNaN(Times.primaryMicros(first))) return new ChartUnit(thrpt, false, 1, first.primary().unit());
        var u = Times.unitFor(results);
        return new ChartUnit(thrpt, true, u.getValue(), u.getKey() + "/op");
    }

    /** {@code throughput (ops/s)} or {@code time per operation (ms/op)}. */
    String what() {
        return (thrpt ? "throughput" : "time per operation") + " (" + unit + ")";
    }

    String better() {
        return thrpt ? "higher is better" : "lower is better";
    }
}
