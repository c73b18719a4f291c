package io.intakeedge.sync.drift;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What drift monitoring learns from one measured frame. Plain values only, so the sync module needs neither the
 * capture nor the quantization module: the agent copies them from its quality metrics, gate verdict and decision.
 *
 * @param cameraId             the camera the frame came from; windows are kept per camera
 * @param time                 when the frame was captured; windows are timed by this, not by the wall clock
 * @param brightness           0..1 mean luma of the parcel region
 * @param blurScore            0..1, higher is blurrier
 * @param overExposedFraction  0..1 fraction of pixels with luma >= 245/255
 * @param underExposedFraction 0..1 fraction of pixels with luma <= 10/255
 * @param score                0..1 damage score; absent when the quality gate failed or the model failed
 * @param route                the route the decision took, e.g. {@code normal_review}
 * @param gateReasons          the quality gate's reason codes, empty when the gate passed
 */
public record DriftObservation(String cameraId, Instant time, double brightness, double blurScore,
                               double overExposedFraction, double underExposedFraction, OptionalDouble score,
                               String route, List<String> gateReasons) {

    public DriftObservation {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(score, "score (use OptionalDouble.empty() when there is none)");
        Objects.requireNonNull(route, "route");
        if (cameraId.isBlank()) {
            throw new IllegalArgumentException("cameraId must not be blank");
        }
        if (route.isBlank()) {
            throw new IllegalArgumentException("route must not be blank (camera " + cameraId + ")");
        }
        requireUnit("brightness", brightness);
        requireUnit("blurScore", blurScore);
        requireUnit("overExposedFraction", overExposedFraction);
        requireUnit("underExposedFraction", underExposedFraction);
        if (score.isPresent()) {
            requireUnit("score", score.getAsDouble());
        }
        gateReasons = List.copyOf(gateReasons);
    }

    /** Convenience for tests and tools: a gate-passed, scored frame. */
    public static DriftObservation scored(String cameraId, Instant time, double brightness, double blurScore,
                                          double overExposedFraction, double underExposedFraction, double score,
                                          String route) {
        return new DriftObservation(cameraId, time, brightness, blurScore, overExposedFraction,
                underExposedFraction, OptionalDouble.of(score), route, List.of());
    }

    private static void requireUnit(String name, double value) {
        // NaN fails both comparisons, so it is rejected here too
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be within 0..1 but was " + value);
        }
    }
}
