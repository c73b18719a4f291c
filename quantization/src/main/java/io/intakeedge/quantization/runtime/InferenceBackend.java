package io.intakeedge.quantization.runtime;

import org.opencv.core.Mat;
import org.opencv.core.Rect;

/**
 * Runs a classifier on one image region. One implementation per file (TFLite CPU/XNNPACK now; TensorRT planned, docs/accelerators.md).
 * Implementations are not thread-safe: one backend per capture loop.
 */
public interface InferenceBackend extends AutoCloseable {

    /** Short name written into traces, e.g. {@code tflite-xnnpack} or {@code tflite-cpu}. */
    String name();

    /** The backend that runs and how many graph nodes it took; traces and the status page show it. */
    default BackendChoice choice() {
        return BackendChoice.unknown(name());
    }

    /**
     * Preprocesses {@code bgr} (8-bit BGR) inside {@code roi} as the model's pinned preprocessing says and runs the
     * model once.
     *
     * @throws InferenceException when the model cannot produce a result; callers fail closed
     */
    Inference classify(Mat bgr, Rect roi) throws InferenceException;

    @Override
    void close();
}
