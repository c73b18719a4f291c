package io.intakeedge.quantization.model;

/**
 * A model file cannot be used: too big or too small, not a TFLite flatbuffer, structurally broken, not runnable by the
 * TFLite runtime, or not matching what the bundle pins (e.g. input shape vs preprocess spec). The message says what
 * and why; callers fail closed.
 */
public class ModelException extends Exception {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
