package io.intakeedge.capture.synthetic;

/** Where a parcel is in its presentation: sliding in, standing still in front of the camera, sliding out. */
public enum Phase {
    ARRIVING,
    STILL,
    LEAVING
}
