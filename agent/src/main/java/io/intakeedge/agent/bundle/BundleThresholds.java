package io.intakeedge.agent.bundle;

import io.intakeedge.capture.quality.GateThresholds;

/**
 * The decision thresholds a bundle pins (seed 000 defaults: damage 0.70, max blur 0.45, min brightness 0.20). All are
 * in [0, 1]; {@link BundleLoader} rejects anything else.
 *
 * @param damageThreshold positive score at or above which a usable photo goes to priority review
 * @param maxBlur         blur score above which the photo is retaken
 * @param minBrightness   brightness below which the photo is retaken
 * @param maxOverExposed  over-exposed pixel fraction above which the photo is retaken
 */
public record BundleThresholds(double damageThreshold, double maxBlur, double minBrightness, double maxOverExposed) {

    /** The quality-gate part, as the capture module's contract type. */
    public GateThresholds gate() {
        return new GateThresholds(maxBlur, minBrightness, maxOverExposed);
    }
}
