package io.intakeedge.capture.synthetic;

/** Visible damage drawn onto a synthetic parcel. */
public enum DamageKind {
    /** A dark jagged gash with torn light fibres along its edges. */
    TEAR,
    /** A dented, darker corner region with crease lines; the corner itself is pushed in. */
    CRUSHED_CORNER,
    /** One to three dark ellipses with a torn rim. */
    HOLE
}
