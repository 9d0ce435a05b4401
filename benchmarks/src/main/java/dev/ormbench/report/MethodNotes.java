package dev.ormbench.report;

/**
 * REPORT.md's last section, how the numbers are computed: roles, intervals, verdicts, the headline's rule, the
 * counters, the model and the charts, in the report itself so that a copied figure can be traced to its method.
 */
final class MethodNotes {

    private MethodNotes() {
    }

    static String section() {
        return """

                ## How the numbers are computed

                - **Roles** come from the method names: `bad…` the mistake (one per pattern), `good…` the fix the pattern \
                recommends (one per pattern), `alt…` other fixes, `pitfall…` another mistake shown for contrast, `floor…` a \
                hand-written lower bound. The headline compares bad with good, and only them; alt, pitfall and floor are rows \
                of the tables, never the headline. A run with several good… (or bad…) variants, or none, has no headline, \
                and says so.
                - **time ± error**: JMH's score and the half-width of its 99.9 % confidence interval (Student's t over the \
                measurement iterations of every fork), in the table's one unit. With fewer than three iterations JMH writes \
                `"NaN"`: shown as `± n/a`, and every interval that needs it is `n/a` too.
                - **unsteady**: beside a verdict when bad's or good's slowest measured iteration took twice its fastest \
                or more. Such iterations ran in phases (the machine, not the code), while the 99.9 % interval assumes \
                iterations around one mean: re-run before citing that verdict.
                - **vs bad (×)**: the bad variant's mean time per operation over this variant's (for throughput, this one's \
                over bad's): how many times faster than bad, above 1x better. The interval in brackets is a 99.9 % interval \
                for the ratio of means from the per-iteration raw data, by the delta method on the log of the ratio: \
                Var(ln A/B) ≈ (SE_A/A)² + (SE_B/B)², Student's t with Welch–Satterthwaite degrees of freedom, bounds \
                A/B·exp(±t·√Var). No bootstrap, nothing random.
                - **Verdict**: "faster" or "slower" only when the whole interval is above or below 1x; "no clear difference" \
                when it spans 1x; "not enough iterations to judge" when there is no interval.
                - **Headline**: a counter that bad has above zero and good drives to zero (lost updates) comes first and the \
                time is its cost; beside the time, p50/p99 in sample mode, the peak heap, and bytes received (else \
                allocated) per operation when bad and good differ by 2x or more.
                - **statements/op** and the suite's other counters: per-operation means (JMH's score of the counter), \
                without interval. **alloc/op**: `gc.alloc.rate.norm` from `-prof gc`. **p50/p99**: percentiles of \
                sample-time results.
                - **server wait / JVM**, when the run measured them: `waitMicros` is the time per operation the benchmark \
                thread waited for the server's answers (server work plus network, the injected RTT included); JVM is the \
                time per operation minus that wait. **received/op**: `bytesReceived`, bytes read from the server per \
                operation.
                - **Round-trip model**: time at RTT r ≈ time at rtt=0 + statements/op × r (each statement one round trip). \
                A model, not a measurement; beside it the measured time where the run has that RTT, and measured/model.
                - **baseline**: new/old is this run's score over the baseline's, with the same kind of interval; \
                **regression** or **improvement** only where the two runs' own 99.9 % intervals do not overlap \
                (`--fail-on-regression` exits 3 on any regression).
                - Charts: per table, a bar per variant on a logarithmic axis with its value and the 99.9 % interval, \
                coloured by role; with the wire metrics, each bar split into server wait and JVM. The summary chart: each \
                headline's speedup with its interval on one logarithmic axis, and a line at 1x.
                """;
    }
}
