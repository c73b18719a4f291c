package io.intakeedge.capture.presentation;

import java.time.Duration;
import java.time.Instant;

/**
 * Something was presented to the camera but did not lead to a decision. The trigger reports every such case (the
 * agent counts it, logs it and stores it next to the traces), so no parcel disappears without a record.
 *
 * @param sequence       the presentation number it used up: decisions and skips share one sequence, so a gap in
 *                       the decisions' {@code parcel_seq} is always explained by a skipped record
 * @param reason         why there is no decision
 * @param arrivedAt      capture time of the first frame that showed it
 * @param endedAt        capture time of the frame on which it was given up
 * @param framesObserved frames it was in view
 * @param lastFrameIndex index of the frame on which it was given up
 * @param lastOrigin     that frame's origin (file, video position)
 * @param detail         more about why, or null ({@code missed}: the camera's state and reason)
 */
public record SkippedPresentation(long sequence, Reason reason, Instant arrivedAt, Instant endedAt,
                                  int framesObserved, long lastFrameIndex, String lastOrigin, String detail) {

    public SkippedPresentation(long sequence, Reason reason, Instant arrivedAt, Instant endedAt, int framesObserved,
                               long lastFrameIndex, String lastOrigin) {
        this(sequence, reason, arrivedAt, endedAt, framesObserved, lastFrameIndex, lastOrigin, null);
    }

    /** Why a presentation ended without a decision; {@link #code()} is what traces, logs and counters show. */
    public enum Reason {
        /** In view for less than {@code min_visible_ms}: a blip (a hand, a shadow, a reflection), not a parcel. */
        TOO_SHORT("too_short"),
        /**
         * Something changed in front of the parcel just decided (a hand, a nudge), and when the station was still
         * again it showed that same parcel at the same place: deciding it twice would count one parcel as two.
         */
        SAME_PARCEL_AGAIN("same_parcel_again"),
        /**
         * The camera stopped delivering usable frames (stalled, frozen, covered, lost) while a parcel was being
         * presented and before it was decided: no decision is invented from what was seen so far.
         */
        MISSED("missed");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** How long it was in view. */
    public Duration inView() {
        return Duration.between(arrivedAt, endedAt);
    }
}
