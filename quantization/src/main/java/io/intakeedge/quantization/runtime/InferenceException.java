package io.intakeedge.quantization.runtime;

/** The model could not produce a result (invoke failed, tensor mismatch); the caller routes to manual intake. */
public class InferenceException extends Exception {
    public InferenceException(String message) {
        super(message);
    }

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
