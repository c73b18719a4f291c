package io.intakeedge.quantization.runtime;

import org.bytedeco.javacpp.Loader;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The pixels a model sees for a frame region under a {@link PreprocessSpec}: region plus margin, resized, in the
 * model's colour order, and their normalized values. The serving path ({@link InputTensorWriter}) and tools that
 * train or calibrate models on frames call the same code, so training and serving cannot drift apart.
 */
public final class RegionPixels {

    static {
        Loader.load(org.bytedeco.opencv.opencv_java.class);
    }

    private RegionPixels() {
    }

    /**
     * Crops {@code roi} (grown by the spec's margin, clamped to the frame) from the BGR frame and resizes it into
     * {@code dst} (8-bit, 3 channels, the spec's size), converting to the spec's colour order.
     *
     * @throws InferenceException when the frame is not 8-bit BGR or the region falls outside it
     */
    static void resizeInto(Mat bgr, Rect roi, PreprocessSpec spec, Mat dst) throws InferenceException {
        Rect region = RegionOfInterest.fit(bgr, roi, spec);
        Mat crop = bgr.submat(region);
        try {
            Imgproc.resize(crop, dst, new Size(spec.width(), spec.height()), 0, 0, Imgproc.INTER_AREA);
            if (spec.colorOrder() == PreprocessSpec.ColorOrder.RGB) {
                Imgproc.cvtColor(dst, dst, Imgproc.COLOR_BGR2RGB);
            }
        } finally {
            crop.release();
        }
    }

    /**
     * The 8-bit interleaved pixels ({@code height × width × 3}, spec colour order) the model's input is made from.
     *
     * @throws InferenceException when the frame is not 8-bit BGR or the region falls outside it
     */
    public static byte[] pixels(Mat bgr, Rect roi, PreprocessSpec spec) throws InferenceException {
        Mat dst = new Mat(spec.height(), spec.width(), CvType.CV_8UC3);
        try {
            resizeInto(bgr, roi, spec, dst);
            byte[] out = new byte[spec.height() * spec.width() * 3];
            dst.get(0, 0, out);
            return out;
        } finally {
            dst.release();
        }
    }

    /** {@code pixels} normalized as the spec says, {@code (pixel − mean) / std} per channel: a FLOAT32 input. */
    public static float[] normalize(byte[] pixels, PreprocessSpec spec) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            int c = i % 3;
            out[i] = ((pixels[i] & 0xFF) - spec.mean(c)) / spec.std(c);
        }
        return out;
    }
}
