package io.intakeedge.quantization.ptq;

/** Progress over the calibration set, called after each sample has run through the float model. */
@FunctionalInterface
public interface CalibrationListener {

    CalibrationListener NONE = (done, total) -> {
    };

    /**
     * @param done  samples processed so far
     * @param total samples in the set, or -1 when the set does not know its size
     */
    void sampleDone(int done, int total);
}
