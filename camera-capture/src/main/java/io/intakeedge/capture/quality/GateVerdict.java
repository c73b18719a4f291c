package io.intakeedge.capture.quality;

import java.util.List;

/**
 * What the quality gate decided about one frame.
 *
 * @param passed  true when the photo is usable evidence and may be scored
 * @param reasons why it failed, most important first; empty when passed. Codes:
 *                {@code camera_fault}, {@code package_not_visible}, {@code package_incomplete}, {@code too_blurry},
 *                {@code too_dark}, {@code over_exposed}, {@code quality_unmeasurable}
 * @param metrics the measurements the verdict is based on
 */
public record GateVerdict(boolean passed, List<String> reasons, QualityMetrics metrics) {
    public GateVerdict {
        reasons = List.copyOf(reasons);
        if (passed != reasons.isEmpty()) {
            throw new IllegalArgumentException("a verdict passes exactly when it has no reasons: " + reasons);
        }
    }
}
