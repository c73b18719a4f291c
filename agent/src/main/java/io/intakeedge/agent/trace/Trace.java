package io.intakeedge.agent.trace;

import io.intakeedge.agent.bundle.BundleRef;
import io.intakeedge.agent.routing.Reason;
import io.intakeedge.agent.routing.Route;
import io.intakeedge.capture.quality.GateThresholds;
import io.intakeedge.capture.quality.QualityMetrics;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything a reviewer needs to reconstruct one decision: which frame, which bundle, what the quality gate measured
 * and said, what the model scored, which route and why, how long each stage took and which backend ran. Build one
 * with {@link #builder()}; stored by {@link TraceStore}, serialized by {@link TraceJson} (field names in
 * {@code docs/trace.md}).
 *
 * @param traceId       unique id of this decision
 * @param deviceId      the agent's device id
 * @param stationId     the intake station
 * @param cameraId      the camera or source
 * @param frameIndex    frame number within the source
 * @param frameOrigin   where the frame came from (file path, video position, synthetic seed/frame)
 * @param parcelSeq     parcel number at the station (presentation trigger); null in continuous mode
 * @param capturedAt    when the frame was captured
 * @param decidedAt     when the decision was made
 * @param bundle        the bundle that decided; null when none was loaded (then the route is manual intake)
 * @param quality       the quality measurements; null when the frame could not be measured
 * @param gatePassed    the quality gate's verdict; null when it was not evaluated (no bundle, no measurements)
 * @param gateReasons   detailed gate reasons ({@code too_blurry}, ...), empty when passed or not evaluated
 * @param scores        model output per label in output order; empty when the model did not run
 * @param positiveScore the positive label's valid score; null when there was none (model not run, failed, invalid)
 * @param threshold     the damage threshold in force; null without a bundle
 * @param gateThresholds the quality-gate limits in force (the bundle's); null without a bundle, so a reviewer can
 *                      re-derive the route from this trace alone ({@link TraceExplainer})
 * @param route         the route
 * @param reason        why
 * @param latency       per-stage latencies
 * @param backend       which inference backend ran; null when none did
 * @param backendNodes  how many of the model's graph nodes that backend ran; null when unknown (no backend ran,
 *                      traces stored before schema version 8)
 * @param evidencePath  the evidence JPEG kept for this decision; null when none
 * @param error         what went wrong (model error, invalid score, evidence write failure); null when nothing did
 */
public record Trace(UUID traceId, String deviceId, String stationId, String cameraId, long frameIndex,
                    String frameOrigin, Long parcelSeq, Instant capturedAt, Instant decidedAt, BundleRef bundle,
                    QualityMetrics quality, Boolean gatePassed, List<String> gateReasons, Map<String, Double> scores,
                    Double positiveScore, Double threshold, GateThresholds gateThresholds, Route route, Reason reason,
                    StageLatencies latency,
                    String backend, BackendNodes backendNodes, String evidencePath, String error) {

    /** Longer error texts are cut so one runaway message can't bloat the store or the sync payload. */
    public static final int MAX_ERROR_CHARS = 4000;

    public Trace {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(stationId, "stationId");
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(frameOrigin, "frameOrigin");
        Objects.requireNonNull(capturedAt, "capturedAt");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(latency, "latency");
        gateReasons = List.copyOf(gateReasons);
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
        if (Boolean.TRUE.equals(gatePassed) && !gateReasons.isEmpty()) {
            throw new IllegalArgumentException("a passed gate has no reasons, got " + gateReasons);
        }
        if (error != null && error.length() > MAX_ERROR_CHARS) {
            error = error.substring(0, MAX_ERROR_CHARS - 3) + "...";
        }
    }

    /** A builder with a fresh random trace id. */
    public static TraceBuilder builder() {
        return new TraceBuilder(UUID.randomUUID());
    }

    /** This trace with the evidence JPEG's path recorded. */
    public Trace withEvidencePath(String path) {
        return new Trace(traceId, deviceId, stationId, cameraId, frameIndex, frameOrigin, parcelSeq, capturedAt,
                decidedAt, bundle, quality, gatePassed, gateReasons, scores, positiveScore, threshold,
                gateThresholds, route, reason, latency, backend, backendNodes, path, error);
    }

    /** This trace with {@code problem} noted; an earlier error is kept in front of it. */
    public Trace withError(String problem) {
        String joined = error == null ? problem : error + "; " + problem;
        return new Trace(traceId, deviceId, stationId, cameraId, frameIndex, frameOrigin, parcelSeq, capturedAt,
                decidedAt, bundle, quality, gatePassed, gateReasons, scores, positiveScore, threshold,
                gateThresholds, route, reason, latency, backend, backendNodes, evidencePath, joined);
    }

    /** This trace with other latencies (e.g. the store stage filled in after evidence was written). */
    public Trace withLatency(StageLatencies newLatency) {
        return new Trace(traceId, deviceId, stationId, cameraId, frameIndex, frameOrigin, parcelSeq, capturedAt,
                decidedAt, bundle, quality, gatePassed, gateReasons, scores, positiveScore, threshold,
                gateThresholds, route, reason, newLatency, backend, backendNodes, evidencePath, error);
    }
}
