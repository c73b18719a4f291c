package io.intakeedge.quantization.runtime;

import java.util.List;

/**
 * How the TFLite interpreter runs: CPU threads (from the device profile) and the backends to try, best first
 * ({@link BackendSelector}: {@code tensorrt}, {@code delegate:/path/lib.so}, {@code xnnpack}, {@code cpu}).
 * {@code xnnpack} says whether XNNPACK takes the operators it supports (TFLite's default resolver) or TFLite's
 * builtin kernels run everything, for code that opens an interpreter directly.
 */
public record RuntimeOptions(int threads, boolean xnnpack, List<String> accelerators) {
    public RuntimeOptions {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be 1..64, was " + threads);
        }
        accelerators = List.copyOf(accelerators);
        if (accelerators.isEmpty()) {
            throw new IllegalArgumentException("accelerators must name at least one backend");
        }
    }

    /** XNNPACK then the builtin kernels, or the builtin kernels only. */
    public RuntimeOptions(int threads, boolean xnnpack) {
        this(threads, xnnpack, xnnpack ? List.of("xnnpack", "cpu") : List.of("cpu"));
    }

    /** A device profile's threads and accelerator order. */
    public static RuntimeOptions of(int threads, List<String> accelerators) {
        return new RuntimeOptions(threads, accelerators.contains("xnnpack"), accelerators);
    }

    /** One thread with XNNPACK. */
    public static RuntimeOptions defaults() {
        return new RuntimeOptions(1, true);
    }

    /** The backend name written into traces when XNNPACK takes part of the model (or is off). */
    public String backendName() {
        return xnnpack ? "tflite-xnnpack" : "tflite-cpu";
    }
}
