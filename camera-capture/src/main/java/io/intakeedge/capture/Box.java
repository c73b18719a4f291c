package io.intakeedge.capture;

/** An axis-aligned pixel rectangle (e.g. where the parcel is); plain data so it can go into traces. */
public record Box(int x, int y, int width, int height) {
    public Box {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("negative box size " + width + "x" + height);
        }
    }

    public long area() {
        return (long) width * height;
    }

    public org.opencv.core.Rect toRect() {
        return new org.opencv.core.Rect(x, y, width, height);
    }
}
