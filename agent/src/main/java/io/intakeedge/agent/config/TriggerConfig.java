package io.intakeedge.agent.config;

import io.intakeedge.capture.presentation.PresentationTrigger;

/**
 * {@code camera.trigger:} in {@code station.yaml}: the presentation trigger's timings, in milliseconds of the frames'
 * capture timestamps (never frame counts, so a camera at 10 fps and one at 30 fps treat a parcel alike). Every key is
 * optional; a missing one keeps the default of {@link PresentationTrigger.Settings#DEFAULTS}.
 *
 * @param stillMotionPx     largest box movement between frames that still counts as standing still (pixels; 6)
 * @param stillMs           the box must stay still this long before the parcel counts as placed (100)
 * @param burstMs           then still frames are collected this long and the sharpest is decided (100)
 * @param settleTimeoutMs   a parcel in view this long without standing still is decided anyway, unsettled (1500)
 * @param emptyMs           no parcel in view this long: it has left and the trigger re-arms (100)
 * @param minVisibleMs      appearances shorter than this are blips, recorded as skipped {@code too_short} (30)
 * @param replaceDistance   8x8 thumbnail difference (0..255) above which the parcel in view is another one (20)
 */
public record TriggerConfig(Double stillMotionPx, Long stillMs, Long burstMs, Long settleTimeoutMs, Long emptyMs,
                            Long minVisibleMs, Double replaceDistance) {
    static final TriggerConfig DEFAULT = new TriggerConfig(null, null, null, null, null, null, null);

    /** The trigger settings; invalid combinations are an {@link IllegalArgumentException} naming the section. */
    public PresentationTrigger.Settings settings() {
        var d = PresentationTrigger.Settings.DEFAULTS;
        try {
            return PresentationTrigger.Settings.ofMillis(
                    stillMotionPx == null ? d.stillMotionPx() : stillMotionPx,
                    stillMs == null ? d.still().toMillis() : stillMs,
                    burstMs == null ? d.burst().toMillis() : burstMs,
                    settleTimeoutMs == null ? d.settleTimeout().toMillis() : settleTimeoutMs,
                    emptyMs == null ? d.empty().toMillis() : emptyMs,
                    minVisibleMs == null ? d.minVisible().toMillis() : minVisibleMs,
                    replaceDistance == null ? d.replaceDistance() : replaceDistance);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("camera.trigger: " + e.getMessage(), e);
        }
    }
}
