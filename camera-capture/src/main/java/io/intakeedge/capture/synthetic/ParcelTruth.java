package io.intakeedge.capture.synthetic;

import io.intakeedge.capture.Box;

import java.util.Set;

/**
 * Ground truth of one synthetic frame that shows a parcel.
 *
 * @param parcelId  1-based parcel number within the scene
 * @param damaged   whether damage was drawn onto the parcel
 * @param damage    which kinds of damage (empty when intact)
 * @param condition the photo condition of this parcel
 * @param box       the parcel's bounding box in this frame, clipped to the frame
 * @param phase     arriving, still or leaving
 */
public record ParcelTruth(long parcelId, boolean damaged, Set<DamageKind> damage, Condition condition, Box box,
                          Phase phase) {
    public ParcelTruth {
        damage = Set.copyOf(damage);
        if (damaged == damage.isEmpty()) {
            throw new IllegalArgumentException("damaged=" + damaged + " contradicts damage kinds " + damage);
        }
    }
}
