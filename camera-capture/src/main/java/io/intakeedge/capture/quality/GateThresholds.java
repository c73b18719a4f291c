package io.intakeedge.capture.quality;

/**
 * Quality-gate limits; pinned by the serving bundle (seed 000 defaults: max_blur 0.45, min_brightness 0.20).
 *
 * @param maxBlur               blur score above this fails ({@code too_blurry})
 * @param minBrightness         brightness below this fails ({@code too_dark})
 * @param maxOverExposedFraction over-exposed pixel fraction above this fails ({@code over_exposed})
 */
public record GateThresholds(double maxBlur, double minBrightness, double maxOverExposedFraction) {
    public static final GateThresholds SEED_DEFAULTS = new GateThresholds(0.45, 0.20, 0.25);
}
