package dev.ormbench.report;

import dev.ormbench.report.JmhResults.Result;
import dev.ormbench.report.Patterns.Pattern;
import dev.ormbench.report.Patterns.Row;
import dev.ormbench.report.Summary.Headline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The round-trip model: each statement is one round trip to the server, so an operation measured at rtt=0 takes,
 * at a round-trip time r, about time(0) + statements/op × r. The report predicts every headline at 1 ms that way,
 * marks it as a model, and where the run also measured rtt=1ms puts the measured time beside it with their ratio.
 * A round trip through the suite's latency shim costs a little more than its RTT (the waiting thread's sleep and
 * wake-up): the launcher measures what it adds at 1 ms at the start of the run ({@value #SHIM_KEY} in
 * environment.json), and the model uses that figure per statement when it is there, 1 ms when it is not.
 */
final class Model {

    private Model() {
    }

    /** One variant of a headline row: its time at rtt=0, the prediction at 1 ms, and the measurement if any (µs). */
    record Line(double statements, double at0, double predicted, double measured) {
    }

    /** The environment.json key of the shim's measured cost of a 1 ms round trip, in µs. */
    static final String SHIM_KEY = "rtt1msAddedMicros";

    /** The round-trip time the model predicts for (µs). */
    static final double MODEL_RTT_MICROS = 1000;

    /** µs per round trip at 1 ms: the shim's measured figure when the run recorded a plausible one, else 1,000. */
    static double perRoundTrip(Map<String, String> env) {
        String v = env == null ? null : env.get(SHIM_KEY);
        try {
            double added = v == null ? Double.NaN : Double.parseDouble(v);
            return added >= MODEL_RTT_MICROS && added < 2 * MODEL_RTT_MICROS ? added : MODEL_RTT_MICROS;
        } catch (NumberFormatException e) {
            return MODEL_RTT_MICROS;
        }
    }

    static String section(List<Pattern> patterns, Map<String, String> env) {
        double rtt = MODEL_RTT_MICROS;
        double perTrip = perRoundTrip(env);
        List<List<Line>> groups = new ArrayList<>();
        List<Headline> heads = new ArrayList<>();
        for (Headline h : Summary.of(patterns)) {
            Pattern p = h.pattern();
            Row row = h.row();
            if (p.headline() == null || row.mode().equals("thrpt")) continue;
            if (row.params().containsKey("rtt") && Times.rttMicros(row.params().get("rtt")) != 0) continue;
            Row at1 = measuredAt(p, row, rtt);
            List<Line> lines = new ArrayList<>();
            for (String v : List.of(p.headline().from(), p.headline().to())) {
                Result r = row.cells().get(v);
                if (r == null) continue;
                double t0 = Times.timeMicros(r), s = r.secondary("statements");
                if (Double.isNaN(t0) || Double.isNaN(s)) continue;
                Result m = at1 == null ? null : at1.cells().get(v);
                Line line = new Line(s, t0, t0 + s * perTrip, m == null ? Double.NaN : Times.timeMicros(m));
                lines.add(line);
            }
            if (lines.size() != 2) continue;
            groups.add(lines);
            heads.add(h);
        }

        if (groups.isEmpty()) return "";
        Table t = new Table(List.of("pattern", "params", "statements/op bad → good", "at rtt=0: bad → good",
                "at 1 ms RTT, model: bad → good", "at 1 ms RTT, measured: bad → good", "measured / model: bad, good"),
                List.of(false, false, true, true, true, true, true));
        for (int i = 0; i < groups.size(); i++) {
            Line bad = groups.get(i).get(0), good = groups.get(i).get(1);
            boolean measured = !Double.isNaN(bad.measured()) && !Double.isNaN(good.measured());
            t.add(heads.get(i).pattern().name(), heads.get(i).at().replace(", rtt=" + heads.get(i).row().params().get("rtt"), ""), Fmt.count(bad.statements()) + " → " + Fmt.count(good.statements()),
                    pair(bad.at0(), good.at0()), pair(bad.predicted(), good.predicted()),
                    measured ? pair(bad.measured(), good.measured()) : "not measured",
                    measured ? Fmt.sig3(bad.measured() / bad.predicted()) + ", " + Fmt.sig3(good.measured() / good.predicted()) : "—");
        }
        String cost = perTrip != MODEL_RTT_MICROS
                ? Fmt.sig3(perTrip / 1000) + " ms, what the latency shim added per round trip at rtt=1ms when the run began "
                  + "(its sleep and wake-up included)"
                : "1 ms (the run did not record what the latency shim adds beyond it, so its own overhead is left out)";
        return "\n## At 1 ms round-trip time: the round-trip model\n\n"
                + "A model, not a measurement: time at 1 ms ≈ time at rtt=0 + statements/op × " + cost + ", each statement "
                + "one round trip; in brackets how many times faster good is than bad. It undercounts where one statement "
                + "makes several round trips (a cursor fetching in batches). Where the run also measured rtt=1ms, the "
                + "measured times are beside it, and measured/model for bad and for good.\n\n"
                + t.render();
    }

    /** {@code 8.29 → 0.449 ms (18.5x)}: two times in one unit, and how many times faster the second is. */
    private static String pair(double bad, double good) {
        var u = Times.unitFor(Math.max(bad, good));
        return Fmt.sig3(bad / u.getValue()) + " → " + Fmt.sig3(good / u.getValue()) + " " + u.getKey() + " (" + Fmt.sig3(bad / good) + "x)";
    }

    /** The row of the same pattern, mode and params but for an rtt of {@code rtt} µs; null if the run has none. */
    private static Row measuredAt(Pattern p, Row row, double rtt) {
        Map<String, String> want = new HashMap<>(row.params());
        want.remove("rtt");
        for (Row r : p.rows()) {
            if (!r.mode().equals(row.mode()) || Times.rttMicros(r.params().get("rtt")) != rtt) continue;
            Map<String, String> other = new HashMap<>(r.params());
            other.remove("rtt");
            if (other.equals(want)) return r;
        }
        return null;
    }

}
