package io.intakeedge.capture.locator;

import io.intakeedge.capture.Box;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link ParcelLocator} found the parcel in one frame.
 *
 * @param visible  a parcel-sized object is in view
 * @param complete it does not touch the frame border
 * @param box      its bounding box at full resolution, when visible
 * @param fault    why the locator could not judge this frame (camera fault); null when it could
 */
public record Location(boolean visible, boolean complete, Optional<Box> box, String fault) {
    public Location {
        Objects.requireNonNull(box, "box");
        if (visible != box.isPresent()) {
            throw new IllegalArgumentException("a visible parcel has a box and only then: " + visible + " " + box);
        }
        if (fault != null && visible) {
            throw new IllegalArgumentException("a faulty frame shows no parcel");
        }
    }

    public static Location found(Box box, boolean complete) {
        return new Location(true, complete, Optional.of(box), null);
    }

    public static Location none() {
        return new Location(false, false, Optional.empty(), null);
    }

    public static Location fault(String reason) {
        return new Location(false, false, Optional.empty(), Objects.requireNonNull(reason, "reason"));
    }
}
