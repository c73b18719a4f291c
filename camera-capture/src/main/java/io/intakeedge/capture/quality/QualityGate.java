package io.intakeedge.capture.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether a photo is usable evidence before any model sees it (seed 000: quality first). Reasons come in
 * a fixed priority order: {@code camera_fault} (alone: the locator could not judge the frame),
 * {@code package_not_visible}, {@code package_incomplete}, {@code too_blurry},
 * {@code too_dark}, {@code over_exposed}. Blur and completeness are judged only on a visible parcel (without one
 * the frame's sharpness says nothing about a parcel); exposure is judged on the parcel region, or the whole frame
 * when no parcel is visible.
 */
public final class QualityGate {
    public static final String PACKAGE_NOT_VISIBLE = "package_not_visible";
    public static final String PACKAGE_INCOMPLETE = "package_incomplete";
    public static final String TOO_BLURRY = "too_blurry";
    public static final String TOO_DARK = "too_dark";
    public static final String OVER_EXPOSED = "over_exposed";
    /** The parcel locator could not judge the frame (e.g. a fixed camera changed its frame size). */
    public static final String CAMERA_FAULT = "camera_fault";
    /** A quality value is NaN or infinite: the photo cannot be judged, so it cannot be used. */
    public static final String QUALITY_UNMEASURABLE = "quality_unmeasurable";

    private final GateThresholds thresholds;

    public QualityGate(GateThresholds thresholds) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        if (!(thresholds.maxBlur() >= 0 && thresholds.maxBlur() <= 1) || !(thresholds.minBrightness() >= 0
                && thresholds.minBrightness() <= 1) || !(thresholds.maxOverExposedFraction() >= 0
                && thresholds.maxOverExposedFraction() <= 1)) {
            throw new IllegalArgumentException("gate thresholds must lie in 0..1: " + thresholds);
        }
    }

    public GateThresholds thresholds() {
        return thresholds;
    }

    public GateVerdict evaluate(QualityMetrics m) {
        Objects.requireNonNull(m, "metrics");
        List<String> reasons = new ArrayList<>(5);
        if (m.locatorFault() != null) {
            // nothing about this frame can be trusted; the fault text itself is in the metrics (and the trace)
            return new GateVerdict(false, List.of(CAMERA_FAULT), m);
        }
        if (!m.parcelVisible()) {
            reasons.add(PACKAGE_NOT_VISIBLE);
        } else if (!m.parcelComplete()) {
            reasons.add(PACKAGE_INCOMPLETE);
        }
        if (!Double.isFinite(m.blurScore()) || !Double.isFinite(m.brightness())
                || !Double.isFinite(m.overExposedFraction())) {
            // NaN compares false against every limit and would otherwise pass: the capture path is broken
            reasons.add(QUALITY_UNMEASURABLE);
            return new GateVerdict(false, reasons, m);
        }
        if (m.parcelVisible() && m.blurScore() > thresholds.maxBlur()) {
            reasons.add(TOO_BLURRY);
        }
        if (m.brightness() < thresholds.minBrightness()) {
            reasons.add(TOO_DARK);
        }
        if (m.overExposedFraction() > thresholds.maxOverExposedFraction()) {
            reasons.add(OVER_EXPOSED);
        }
        return new GateVerdict(reasons.isEmpty(), reasons, m);
    }
}
