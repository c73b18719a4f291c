package io.intakeedge.capture;

import java.time.Instant;
import java.util.Objects;
import org.opencv.core.Mat;

/**
 * One captured image, BGR {@code CV_8UC3}. A frame owns its native pixels: whoever holds it last closes it.
 *
 * @param cameraId  which camera (or source) produced it
 * @param index     monotonic frame number within the source
 * @param capturedAt when the pixels were captured (source clock)
 * @param image     the pixels, BGR 8-bit, 3 channels
 * @param origin    where it came from, for the trace: a file path, a video position, "synthetic:seed=..:frame=.."
 */
public record Frame(String cameraId, long index, Instant capturedAt, Mat image, String origin) implements AutoCloseable {
    public Frame {
        Objects.requireNonNull(cameraId, "cameraId");
        Objects.requireNonNull(capturedAt, "capturedAt");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(origin, "origin");
    }

    public int width() {
        return image.cols();
    }

    public int height() {
        return image.rows();
    }

    /** A deep copy that the caller owns (the source may reuse or release this frame's buffer). */
    public Frame copy() {
        return new Frame(cameraId, index, capturedAt, image.clone(), origin);
    }

    @Override
    public void close() {
        image.release();
    }
}
