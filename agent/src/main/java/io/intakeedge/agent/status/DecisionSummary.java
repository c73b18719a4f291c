package io.intakeedge.agent.status;

import io.intakeedge.agent.trace.Trace;

import java.time.Instant;
import java.util.List;

/** One row of the page's recent-decisions list; the whole trace is one click away ({@code /api/traces/{id}}). */
public record DecisionSummary(String traceId, Instant decidedAt, Long parcelSeq, String route, String reason,
                              Double score, Double threshold, Boolean gatePassed, List<String> gateReasons,
                              Double blur, Double brightness, Double overExposed, boolean evidence,
                              double totalMs) {

    public static DecisionSummary of(Trace t) {
        var q = t.quality();
        return new DecisionSummary(t.traceId().toString(), t.decidedAt(), t.parcelSeq(), t.route().code(),
                t.reason().code(), t.positiveScore(), t.threshold(), t.gatePassed(), t.gateReasons(),
                q == null ? null : q.blurScore(), q == null ? null : q.brightness(),
                q == null ? null : q.overExposedFraction(), t.evidencePath() != null, t.latency().totalMicros() / 1000.0);
    }
}
