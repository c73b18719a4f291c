package io.intakeedge.agent.cli;

import io.intakeedge.agent.trace.Skipped;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceText;

import java.util.Locale;

/**
 * The one line per parcel that {@code run} prints: parcel number, route, the reason an operator acts on (the failing
 * gate, e.g. {@code too_blurry}, rather than the seed's umbrella {@code image_quality_gate}), score, latency and
 * where the frame came from. Skipped presentations and rejected inputs get a line of their own, so every parcel the
 * station saw shows up.
 */
final class DecisionLine {
    private DecisionLine() {
    }

    static String of(Trace t) {
        String reason = TraceText.reasonDetail(t); // the same column as trace list and the demo
        String score = t.positiveScore() == null ? "    -" : String.format(Locale.ROOT, "%.3f", t.positiveScore());
        return String.format(Locale.ROOT, "parcel %3d  %-24s %-22s score %s  %6.1f ms  %s", seq(t.parcelSeq()),
                t.route().code(), reason, score, t.latency().totalMicros() / 1000.0, t.frameOrigin());
    }

    static String of(Skipped s) {
        String what = s.kind() == Skipped.Kind.PRESENTATION ? "skipped" : "input_rejected";
        return String.format(Locale.ROOT, "parcel %3s  %-24s %-22s %s  %s", s.parcelSeq() == null ? "-"
                : String.valueOf(s.parcelSeq()), what, s.reason(), s.detail() == null ? "" : s.detail(),
                s.frameOrigin());
    }

    private static long seq(Long parcelSeq) {
        return parcelSeq == null ? -1 : parcelSeq;
    }
}
