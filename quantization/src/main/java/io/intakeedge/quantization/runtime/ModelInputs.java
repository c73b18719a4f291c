package io.intakeedge.quantization.runtime;

import io.intakeedge.quantization.model.ModelException;
import io.intakeedge.quantization.model.TensorInfo;
import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.tensor.Quantization;
import org.bytedeco.javacpp.Loader;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A frame region turned into model input by the very code the serving backend uses ({@link TfliteBackend}'s input
 * writer), returned as a Java array instead of being written into an interpreter. For tools that must see exactly what
 * serving sees: calibration samples for post-training quantization, and agreement checks between two models.
 */
public final class ModelInputs {

    static {
        Loader.load(org.bytedeco.opencv.opencv_java.class);
    }

    private ModelInputs() {
    }

    /**
     * The normalized NHWC input ({@code (pixel − mean) / std}, in the spec's colour order) a FLOAT32 model with this
     * preprocessing receives for {@code roi} of {@code bgr}.
     *
     * @throws InferenceException when the frame is not 8-bit BGR or the region lies outside it
     */
    public static float[] normalized(Mat bgr, Rect roi, PreprocessSpec spec) throws InferenceException {
        int n = spec.width() * spec.height() * 3;
        ByteBuffer tensor = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder());
        TensorInfo info = new TensorInfo(0, "input", ElementType.FLOAT32, List.of(1, spec.height(), spec.width(), 3),
                Quantization.none(), false);
        InputTensorWriter writer;
        try {
            writer = new InputTensorWriter(spec, info, tensor);
        } catch (ModelException e) {
            throw new InferenceException("cannot prepare a float input for " + spec.id() + ": " + e.getMessage(), e);
        }
        try {
            writer.write(bgr, roi);
            float[] values = new float[n];
            tensor.asFloatBuffer().get(values);
            return values;
        } finally {
            writer.release();
        }
    }

    /**
     * The region cropped (margin, centre crop) and resized to {@code width × height} exactly as serving does, before
     * colour order and normalization: BGR pixel values 0..255, row-major HWC. Given back to a backend as a
     * {@code width × height} image with the whole image as region, it reproduces the serving input bit for bit (the
     * margin clamps to the image, the centre crop and the resize are then identities).
     *
     * @throws InferenceException when the frame is not 8-bit BGR or the region lies outside it
     */
    public static float[] pixels(Mat bgr, Rect roi, PreprocessSpec spec) throws InferenceException {
        PreprocessSpec raw = new PreprocessSpec(spec.id(), spec.width(), spec.height(), spec.resizeMode(),
                spec.roiMargin(), PreprocessSpec.ColorOrder.BGR, List.of(0f), List.of(1f));
        return normalized(bgr, roi, raw);
    }
}
