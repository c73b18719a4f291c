package io.intakeedge.workbench.calibration;

import io.intakeedge.quantization.runtime.InferenceBackend;
import io.intakeedge.quantization.runtime.InferenceException;
import io.intakeedge.quantization.runtime.PreprocessSpec;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

import java.util.function.Function;

/**
 * Runs a serving backend on a region prepared by {@link io.intakeedge.quantization.runtime.ModelInputs#pixels}: the
 * pixels become a {@code width × height} BGR image classified with the whole image as region, which reproduces
 * the serving input exactly. The agreement gate calls it once per sample and model. Not thread-safe.
 */
public final class RegionClassifier implements Function<float[], float[]>, AutoCloseable {
    private final InferenceBackend backend;
    private final Mat image;
    private final byte[] bytes;
    private final Rect whole;

    public RegionClassifier(InferenceBackend backend, PreprocessSpec spec) {
        this.backend = backend;
        this.image = new Mat(spec.height(), spec.width(), CvType.CV_8UC3);
        this.bytes = new byte[spec.width() * spec.height() * 3];
        this.whole = new Rect(0, 0, spec.width(), spec.height());
    }

    @Override
    public float[] apply(float[] pixels) {
        if (pixels.length != bytes.length) {
            throw new IllegalArgumentException("expected " + bytes.length + " region pixels, got " + pixels.length);
        }
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Math.round(pixels[i]);
        }
        image.put(0, 0, bytes);
        try {
            return backend.classify(image, whole).scores();
        } catch (InferenceException e) {
            throw new IllegalStateException(backend.name() + ": " + e.getMessage(), e);
        }
    }

    /** Releases the staging image; the backend stays open (its owner closes it). */
    @Override
    public void close() {
        image.release();
    }
}
