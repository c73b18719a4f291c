package io.intakeedge.quantization.runtime;

import io.intakeedge.quantization.model.ModelException;
import io.intakeedge.quantization.model.TensorInfo;
import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.tensor.QuantParams;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

import java.nio.ByteBuffer;

/**
 * Writes a frame region straight into the model's input tensor: OpenCV Mats wrap the tensor memory, so resize,
 * colour conversion and quantization write into it without an intermediate copy (float inputs resize into one small
 * staging image first). Quantized inputs use {@code convertTo} when quantization reduces to {@code pixel + constant}
 * and an exact per-channel lookup table otherwise.
 */
final class InputTensorWriter {
    private final PreprocessSpec spec;
    private final ElementType type;
    private final long tensorAddress;
    @SuppressWarnings({"unused", "FieldCanBeLocal"}) // keeps the direct buffer the Mats wrap reachable
    private final ByteBuffer tensor;
    private final Mat pixels;     // 8-bit resized image: over the tensor for INT8/UINT8, staging for FLOAT32
    private final Mat converted;  // the tensor as the model sees it (CV_8S, CV_8U or CV_32F)
    private final Mat lut;        // null when no table is needed
    private final double alpha;
    private final double beta;
    private final boolean affineOnly;

    InputTensorWriter(PreprocessSpec spec, TensorInfo input, ByteBuffer tensor) throws ModelException {
        this.spec = spec;
        this.type = input.type();
        this.tensor = tensor;
        int h = spec.height();
        int w = spec.width();
        switch (type) {
            case INT8 -> {
                pixels = new Mat(h, w, CvType.CV_8UC3, tensor);
                converted = new Mat(h, w, CvType.CV_8SC3, tensor);
            }
            case UINT8 -> {
                pixels = new Mat(h, w, CvType.CV_8UC3, tensor);
                converted = pixels;
            }
            case FLOAT32 -> {
                pixels = new Mat(h, w, CvType.CV_8UC3);
                converted = new Mat(h, w, CvType.CV_32FC3, tensor);
            }
            default -> throw new ModelException("input tensor type " + type + " is not supported; the backend "
                    + "feeds INT8, UINT8 or FLOAT32 images");
        }
        this.tensorAddress = converted.dataAddr();
        if (type == ElementType.FLOAT32) {
            this.lut = null;
            this.alpha = 1.0 / spec.std(0);
            this.beta = -spec.mean(0) / spec.std(0);
            this.affineOnly = uniformChannels(spec);
        } else {
            QuantParams q = input.quantParams().orElseThrow(() -> new ModelException("input tensor "
                    + input.name() + " is " + type + " without per-tensor quantization"));
            double a = 1.0 / (spec.std(0) * q.scale());
            double b = q.zeroPoint() - spec.mean(0) / (spec.std(0) * q.scale());
            // pixel + integer constant: no rounding happens, so convertTo gives exactly what the table would
            boolean plusConstant = uniformChannels(spec) && Math.abs(a - 1) < 1e-6 && Math.abs(b - Math.rint(b)) < 1e-4;
            this.alpha = 1;
            this.beta = Math.rint(b);
            this.affineOnly = plusConstant;
            this.lut = plusConstant ? null : lookupTable(spec, q);
        }
    }

    /** True when quantization is done by {@code convertTo} (pixel + constant), false when by lookup table. */
    boolean usesConvertTo() {
        return lut == null && affineOnly;
    }

    /** Crops {@code roi} (plus margin) from the BGR frame and writes it into the tensor. */
    void write(Mat bgr, Rect roi) throws InferenceException {
        RegionPixels.resizeInto(bgr, roi, spec, pixels);
        switch (type) {
            case INT8 -> quantize(CvType.CV_8SC3);
            case UINT8 -> quantize(CvType.CV_8UC3);
            default -> normalizeFloat();
        }
        if (converted.dataAddr() != tensorAddress) {
            // OpenCV reallocates a destination whose size/type differ; the model would then read stale memory
            throw new InferenceException("preprocessing no longer writes into the input tensor (Mat reallocated)");
        }
    }

    private void quantize(int cvType) {
        if (lut != null) {
            Core.LUT(pixels, lut, converted);
        } else if (beta != 0 || cvType != CvType.CV_8UC3) {
            pixels.convertTo(converted, cvType, alpha, beta);
        }
    }

    private void normalizeFloat() {
        if (affineOnly) {
            pixels.convertTo(converted, CvType.CV_32FC3, alpha, beta);
        } else {
            pixels.convertTo(converted, CvType.CV_32FC3);
            Core.subtract(converted, new Scalar(spec.mean(0), spec.mean(1), spec.mean(2)), converted);
            Core.multiply(converted, new Scalar(1.0 / spec.std(0), 1.0 / spec.std(1), 1.0 / spec.std(2)), converted);
        }
    }

    // Exact TFLite semantics per channel: q = clamp(round_half_away(((p - mean) / std) / scale) + zp).
    private static Mat lookupTable(PreprocessSpec spec, QuantParams q) {
        byte[] table = new byte[256 * 3];
        for (int p = 0; p < 256; p++) {
            for (int c = 0; c < 3; c++) {
                table[p * 3 + c] = (byte) q.quantize((p - spec.mean(c)) / spec.std(c));
            }
        }
        Mat lut = new Mat(1, 256, q.type() == ElementType.INT8 ? CvType.CV_8SC3 : CvType.CV_8UC3);
        lut.put(0, 0, table);
        return lut;
    }

    private static boolean uniformChannels(PreprocessSpec spec) {
        return spec.mean(0) == spec.mean(1) && spec.mean(1) == spec.mean(2)
                && spec.std(0) == spec.std(1) && spec.std(1) == spec.std(2);
    }

    void release() {
        pixels.release();
        converted.release();
        if (lut != null) {
            lut.release();
        }
    }
}
