package io.intakeedge.agent.trace;

import io.intakeedge.agent.bundle.BundleRef;
import io.intakeedge.agent.routing.Decision;
import io.intakeedge.agent.routing.ModelOutcome;
import io.intakeedge.agent.routing.Route;
import io.intakeedge.agent.routing.RoutingPolicy;
import io.intakeedge.capture.Box;
import io.intakeedge.capture.quality.GateThresholds;
import io.intakeedge.capture.quality.QualityMetrics;
import io.intakeedge.quantization.runtime.BackendChoice;
import io.intakeedge.quantization.runtime.Inference;
import io.intakeedge.quantization.runtime.InferenceException;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Traces as the pipeline would build them, from real routing decisions. */
public final class SampleTraces {
    static final RoutingPolicy POLICY = new RoutingPolicy(0.70, new GateThresholds(0.45, 0.20, 0.25), "damaged",
            Route.MANUAL_INTAKE);
    static final BundleRef BUNDLE = new BundleRef("parcel-damage", "2026.11.23-1",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "parcel_rgb_64_v1",
            "parcel-labels-v1", "damaged");

    private SampleTraces() {
    }

    static QualityMetrics quality(double blur, double brightness) {
        return new QualityMetrics(blur, 812.25, brightness, 0.01, 0.002, true, true,
                Optional.of(new Box(120, 64, 310, 255)), "background", null);
    }

    /** Seed case R-401: usable photo, damage 0.91 → priority_damage_review. */
    public static Trace priority(Instant decidedAt, long frame) {
        Inference inference = new Inference(List.of("intact", "damaged"), new float[] {0.09f, 0.91f}, 850_000,
                2_400_000, "tflite-xnnpack");
        Decision decision = POLICY.decide(quality(0.12, 0.66), ModelOutcome.scored(inference));
        return base(decidedAt, frame).bundle(BUNDLE).decision(decision)
                .backend(new BackendChoice("tflite-xnnpack", 3, 4, List.of())).inference(inference)
                .latency(new StageLatencies(1200, 3400, 850, 2400, 15, 900, 8800)).build();
    }

    /** Seed case R-403: usable photo, damage 0.18 → normal_review. */
    static Trace normal(Instant decidedAt, long frame) {
        Inference inference = new Inference(List.of("intact", "damaged"), new float[] {0.82f, 0.18f}, 850_000,
                2_400_000, "tflite-xnnpack");
        Decision decision = POLICY.decide(quality(0.08, 0.75), ModelOutcome.scored(inference));
        return base(decidedAt, frame).bundle(BUNDLE).decision(decision).inference(inference).build();
    }

    /** Seed case R-402: blurred photo → request_new_photo, model not run. */
    public static Trace blurred(Instant decidedAt, long frame) {
        Decision decision = POLICY.decide(quality(0.71, 0.51), ModelOutcome.notRun());
        return base(decidedAt, frame).bundle(BUNDLE).decision(decision)
                .latency(new StageLatencies(1100, 3300, 0, 0, 9, 700, 5200)).build();
    }

    /** The model produced NaN: manual intake, the NaN kept as evidence. */
    static Trace nanScore(Instant decidedAt, long frame) {
        Inference inference = new Inference(List.of("intact", "damaged"), new float[] {Float.NaN, 0.5f}, 800_000,
                2_000_000, "tflite-cpu");
        Decision decision = POLICY.decide(quality(0.10, 0.70), ModelOutcome.scored(inference));
        return base(decidedAt, frame).bundle(BUNDLE).decision(decision).inference(inference).build();
    }

    /** The backend threw. */
    static Trace modelError(Instant decidedAt, long frame) {
        Decision decision = POLICY.decide(quality(0.10, 0.70),
                ModelOutcome.failed(new InferenceException("Invoke() returned kTfLiteError")));
        return base(decidedAt, frame).bundle(BUNDLE).decision(decision).backend("tflite-xnnpack").build();
    }

    /** No bundle loaded: nothing measured against thresholds, most fields null. */
    static Trace noBundle(Instant decidedAt, long frame) {
        return Trace.builder().station("dev-1", "dock-a-07").frame("cam-0", frame, "hotfolder:/in/p.jpg", decidedAt)
                .decidedAt(decidedAt).decision(RoutingPolicy.withoutBundle("no bundle loaded")).build();
    }

    private static TraceBuilder base(Instant decidedAt, long frame) {
        return Trace.builder().station("dev-1", "dock-a-07")
                .frame("cam-0", frame, "synthetic:seed=7:frame=" + frame, decidedAt.minusMillis(9))
                .parcelSeq(frame / 10).decidedAt(decidedAt).gateThresholds(POLICY.gateThresholds());
    }
}
