package io.intakeedge.workbench.calibration;

import io.intakeedge.agent.calibration.CalibrationImage;

import io.intakeedge.quantization.runtime.InferenceException;
import io.intakeedge.quantization.runtime.ModelInputs;
import io.intakeedge.quantization.runtime.PreprocessSpec;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.IntConsumer;

/**
 * Calibration images as the float model's inputs, decoded and preprocessed one at a time as the quantizer asks (a set
 * of 224×224 inputs would not fit in memory at once). Each image goes through the serving preprocessing
 * ({@link ModelInputs#normalized}) with its manifest box as the region, or the whole image for a plain photo.
 * Unreadable images are skipped and listed. Iterate once.
 */
public final class CalibrationInputs implements Iterable<float[]> {
    private final List<CalibrationImage> images;
    private final PreprocessSpec spec;
    private final IntConsumer progress;
    private final List<String> skipped = new ArrayList<>();
    private int used;

    /**
     * @param progress told the number of images handled (used or skipped) after each one
     */
    public CalibrationInputs(List<CalibrationImage> images, PreprocessSpec spec, IntConsumer progress) {
        this.images = List.copyOf(images);
        this.spec = spec;
        this.progress = progress;
    }

    /** Images left out, as {@code relative/path: reason}. */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** Images turned into inputs so far. */
    public int used() {
        return used;
    }

    @Override
    public Iterator<float[]> iterator() {
        return new Iterator<>() {
            private int next;
            private float[] ready;

            @Override
            public boolean hasNext() {
                while (ready == null && next < images.size()) {
                    ready = load(images.get(next++));
                    progress.accept(next);
                }
                return ready != null;
            }

            @Override
            public float[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                float[] sample = ready;
                ready = null;
                used++;
                return sample;
            }
        };
    }

    private float[] load(CalibrationImage image) {
        Mat bgr;
        try {
            bgr = CalibrationSet.decode(image.file());
        } catch (CalibrationSet.UnreadableImageException e) {
            skipped.add(image.relative() + ": " + e.getMessage());
            return null;
        }
        try {
            return ModelInputs.normalized(bgr, regionOf(image, bgr), spec);
        } catch (InferenceException e) {
            skipped.add(image.relative() + ": " + e.getMessage());
            return null;
        } finally {
            bgr.release();
        }
    }

    /** The manifest's parcel box, or the whole image. */
    public static Rect regionOf(CalibrationImage image, Mat bgr) {
        return image.box().map(b -> b.toRect()).orElseGet(() -> new Rect(0, 0, bgr.cols(), bgr.rows()));
    }
}
