package io.intakeedge.capture.synthetic;

import org.opencv.core.Mat;

/**
 * A rendered, rotated parcel ready to be composed onto the belt: BGR pixels and a mask (255 = parcel) of the same
 * size, which is the parcel's axis-aligned bounding box. Owns its native memory.
 */
public record ParcelSprite(Mat image, Mat mask) implements AutoCloseable {

    public int width() {
        return image.cols();
    }

    public int height() {
        return image.rows();
    }

    @Override
    public void close() {
        image.release();
        mask.release();
    }
}
