package io.intakeedge.capture.source;

import org.opencv.core.Mat;

import java.io.IOException;
import java.nio.file.Path;

/** Turns one hot-folder file into a BGR image; {@link ImageFileDecoder#decode} is the one used in production. */
@FunctionalInterface
interface ImageDecoder {
    /**
     * @throws ImageFileDecoder.UnusableImageException the file can never be used (quarantined at once)
     * @throws IOException                             reading failed (retried up to the source's bound)
     */
    Mat decode(Path file, ImageLimits limits) throws ImageFileDecoder.UnusableImageException, IOException;
}
