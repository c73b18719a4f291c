package io.intakeedge.agent.trace;

import io.intakeedge.agent.bundle.BundleRef;
import io.intakeedge.agent.routing.Decision;
import io.intakeedge.agent.routing.Reason;
import io.intakeedge.agent.routing.Route;
import io.intakeedge.agent.routing.RoutingPolicy;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.quality.GateThresholds;
import io.intakeedge.capture.quality.GateVerdict;
import io.intakeedge.capture.quality.QualityMetrics;
import io.intakeedge.quantization.runtime.BackendChoice;
import io.intakeedge.quantization.runtime.Inference;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Collects a {@link Trace} while one decision is made; the pipeline feeds it the frame, bundle, decision and
 * inference as they become available. Not thread-safe (one builder per decision).
 */
public final class TraceBuilder {
    private final UUID traceId;
    private String deviceId;
    private String stationId;
    private String cameraId;
    private long frameIndex;
    private String frameOrigin;
    private Long parcelSeq;
    private Instant capturedAt;
    private Instant decidedAt;
    private BundleRef bundle;
    private QualityMetrics quality;
    private Boolean gatePassed;
    private List<String> gateReasons = List.of();
    private final Map<String, Double> scores = new LinkedHashMap<>();
    private Double positiveScore;
    private Double threshold;
    private GateThresholds gateThresholds;
    private Route route;
    private Reason reason;
    private StageLatencies latency = StageLatencies.NONE;
    private String backend;
    private BackendNodes backendNodes;
    private String evidencePath;
    private String error;

    TraceBuilder(UUID traceId) {
        this.traceId = traceId;
    }

    public TraceBuilder station(String deviceId, String stationId) {
        this.deviceId = deviceId;
        this.stationId = stationId;
        return this;
    }

    public TraceBuilder frame(String cameraId, long frameIndex, String frameOrigin, Instant capturedAt) {
        this.cameraId = cameraId;
        this.frameIndex = frameIndex;
        this.frameOrigin = frameOrigin;
        this.capturedAt = capturedAt;
        return this;
    }

    /** Camera, index, origin and capture time of {@code frame} (the pixels are not kept). */
    public TraceBuilder frame(Frame frame) {
        return frame(frame.cameraId(), frame.index(), frame.origin(), frame.capturedAt());
    }

    public TraceBuilder parcelSeq(long parcelSeq) {
        this.parcelSeq = parcelSeq;
        return this;
    }

    public TraceBuilder bundle(BundleRef bundle) {
        this.bundle = bundle;
        return this;
    }

    /** The quality-gate limits the decision was made with (the bundle's), recorded for re-derivation. */
    public TraceBuilder gateThresholds(GateThresholds gateThresholds) {
        this.gateThresholds = gateThresholds;
        return this;
    }

    public TraceBuilder quality(QualityMetrics quality) {
        this.quality = quality;
        return this;
    }

    /**
     * Route, reason, gate verdict (and its metrics when none were set), positive score and threshold of
     * {@code decision}; a fail-closed decision's detail becomes the trace's error.
     */
    public TraceBuilder decision(Decision decision) {
        route = decision.route();
        reason = decision.reason();
        gatePassed = decision.gate().map(GateVerdict::passed).orElse(null);
        gateReasons = decision.gateReasons();
        if (quality == null) {
            quality = decision.gate().map(GateVerdict::metrics).orElse(null);
        }
        positiveScore = decision.score().isPresent() ? decision.score().getAsDouble() : null;
        threshold = decision.threshold().isPresent() ? decision.threshold().getAsDouble() : null;
        decision.detail().ifPresent(this::error);
        return this;
    }

    /** All output scores by label (as the model's decimals) and the backend that produced them. */
    public TraceBuilder inference(Inference inference) {
        scores.clear();
        List<String> labels = inference.labels();
        float[] values = inference.scores() == null ? new float[0] : inference.scores();
        for (int i = 0; i < values.length; i++) {
            // a label list shorter than the output still keeps every score, under its index
            String label = labels != null && i < labels.size() ? labels.get(i) : "#" + i;
            if (scores.containsKey(label)) {
                label = "#" + i; // a repeated label must not overwrite an earlier output's score
            }
            scores.put(label, RoutingPolicy.asDecimal(values[i]));
        }
        backend = inference.backend();
        return this;
    }

    public TraceBuilder backend(String backend) {
        this.backend = backend;
        return this;
    }

    /** The backend that runs and how many of the model's nodes it took. */
    public TraceBuilder backend(BackendChoice choice) {
        this.backend = choice.backend();
        this.backendNodes = BackendNodes.of(choice);
        return this;
    }

    public TraceBuilder latency(StageLatencies latency) {
        this.latency = latency;
        return this;
    }

    public TraceBuilder decidedAt(Instant decidedAt) {
        this.decidedAt = decidedAt;
        return this;
    }

    public TraceBuilder evidencePath(String evidencePath) {
        this.evidencePath = evidencePath;
        return this;
    }

    /** Notes a problem; several are joined with "; ". */
    public TraceBuilder error(String problem) {
        error = error == null ? problem : error + "; " + problem;
        return this;
    }

    /**
     * The trace. {@code decidedAt} defaults to now.
     *
     * @throws NullPointerException naming the missing part (station, frame, decision)
     */
    public Trace build() {
        return new Trace(traceId, deviceId, stationId, cameraId, frameIndex, frameOrigin, parcelSeq, capturedAt,
                decidedAt == null ? Instant.now() : decidedAt, bundle, quality, gatePassed, gateReasons, scores,
                positiveScore, threshold, gateThresholds, route, reason, latency, backend, backendNodes,
                evidencePath, error);
    }
}
