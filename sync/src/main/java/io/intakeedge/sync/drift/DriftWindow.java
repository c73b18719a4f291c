package io.intakeedge.sync.drift;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One closed drift window of one camera: what the camera saw, and how far that is from the reference.
 * Its JSON form is {@link DriftWindowJson}; {@code docs/mqtt.md} ("drift payload") lists the fields.
 *
 * @param cameraId    the camera
 * @param start       capture time of the window's first observation
 * @param end         capture time of its last observation
 * @param closedBy    why it closed
 * @param count       observations in the window
 * @param scored      of those, how many had a score (the rest failed the gate or the model)
 * @param status      the window's verdict: {@code no_reference} without a reference, {@code insufficient_samples}
 *                    below {@link DriftSettings#minSamples()}, else the worst band of the judged features
 * @param features    every {@link DriftFeature}, in declaration order, with its histogram and PSI
 * @param routes      raw route counts (names as given, unknown ones too)
 * @param gateReasons raw gate-reason counts (codes as given; passed frames are not counted here)
 * @param reference   provenance of the reference profile compared against; empty means "reference: none"
 * @param settings    the limits and bands the window was cut and judged with
 */
public record DriftWindow(String cameraId, Instant start, Instant end, WindowClose closedBy, long count, long scored,
                          DriftStatus status, Map<DriftFeature, FeatureDrift> features, Map<String, Long> routes,
                          Map<String, Long> gateReasons, Optional<Provenance> reference, DriftSettings settings) {

    public DriftWindow {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(closedBy, "closedBy");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(settings, "settings");
        if (count < 1 || scored < 0 || scored > count) {
            throw new IllegalArgumentException("need count >= 1 and 0 <= scored <= count, got count " + count
                    + " scored " + scored);
        }
        features = Collections.unmodifiableMap(new EnumMap<>(features));
        if (features.size() != DriftFeature.values().length) {
            throw new IllegalArgumentException("a window carries every feature, got " + features.keySet());
        }
        routes = Collections.unmodifiableMap(new TreeMap<>(routes));
        gateReasons = Collections.unmodifiableMap(new TreeMap<>(gateReasons));
    }

    /** A critical window: the agent raises an alert event (high priority) for it. */
    public boolean isAlert() {
        return status == DriftStatus.CRITICAL;
    }

    /** The largest PSI among the judged features; empty when none was judged. */
    public OptionalDouble maxPsi() {
        return features.values().stream().map(FeatureDrift::psi).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).max();
    }

    /** Features whose own status is critical (what an alert should name). */
    public List<DriftFeature> criticalFeatures() {
        return features.values().stream().filter(f -> f.status() == DriftStatus.CRITICAL)
                .map(FeatureDrift::feature).toList();
    }

    public FeatureDrift feature(DriftFeature feature) {
        return features.get(feature);
    }
}
