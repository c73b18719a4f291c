package io.intakeedge.quantization.runtime;

/**
 * How the TFLite interpreter runs: CPU threads (from the device profile) and whether XNNPACK takes the operators it
 * supports (TFLite's default resolver) or TFLite's builtin kernels run everything.
 */
public record RuntimeOptions(int threads, boolean xnnpack) {
    public RuntimeOptions {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be 1..64, was " + threads);
        }
    }

    /** One thread with XNNPACK. */
    public static RuntimeOptions defaults() {
        return new RuntimeOptions(1, true);
    }

    /** The backend name written into traces. */
    public String backendName() {
        return xnnpack ? "tflite-xnnpack" : "tflite-cpu";
    }
}
