package io.intakeedge.capture.presentation;

import io.intakeedge.capture.Frame;
import io.intakeedge.capture.quality.QualityMetrics;

import java.time.Duration;
import java.time.Instant;

/**
 * One parcel presented to the camera, reduced to the single frame a decision is made on.
 *
 * @param sequence       1-based number of the presentation within its policy (one per parcel for the trigger)
 * @param frame          a copy of the chosen frame, owned by the receiver (close it)
 * @param metrics        the quality metrics of that frame
 * @param framesObserved frames with the parcel in view up to the decision
 * @param arrivedAt      capture time of the first frame that showed the parcel
 * @param settleTime     from arrival until the parcel was still (for an unsettled parcel: until it was given up)
 * @param settled        false when the parcel never stood still (timeout, or it left first): the frame is the best
 *                       one seen, but it may show motion
 */
public record Presentation(long sequence, Frame frame, QualityMetrics metrics, int framesObserved, Instant arrivedAt,
                           Duration settleTime, boolean settled) implements AutoCloseable {
    @Override
    public void close() {
        frame.close();
    }
}
