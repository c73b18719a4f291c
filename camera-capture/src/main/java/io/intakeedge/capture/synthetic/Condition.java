package io.intakeedge.capture.synthetic;

/** How usable the photo of a synthetic parcel is meant to be; one condition per parcel. */
public enum Condition {
    /** Sharp, well lit, fully inside the frame. */
    USABLE,
    /** Gaussian blur (sigma >= 3) over the parcel region. */
    BLURRED,
    /** Whole frame gain 0.12..0.18 while the parcel is present. */
    DARK,
    /** The parcel crosses the frame border while it stands still. */
    OUT_OF_FRAME
}
