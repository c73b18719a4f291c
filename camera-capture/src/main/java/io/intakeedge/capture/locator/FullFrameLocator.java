package io.intakeedge.capture.locator;

import io.intakeedge.capture.Box;
import org.opencv.core.Mat;

/**
 * The photo is the parcel: for stills taken of one parcel each (a hot folder of phone or handheld photos), where
 * there is no empty station to learn. Every frame shows a complete parcel filling the frame, so visibility never
 * depends on earlier frames and the same photo always gets the same verdict. Whether the photo is usable is left
 * to the quality gate (a blank or black frame fails as too blurry or too dark).
 */
public final class FullFrameLocator implements ParcelLocator {
    public static final String NAME = "full_frame";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Location locate(Mat image) {
        return Location.found(new Box(0, 0, image.cols(), image.rows()), true);
    }

    @Override
    public long faults() {
        return 0;
    }

    @Override
    public void close() {
        // stateless
    }
}
