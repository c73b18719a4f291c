package io.intakeedge.quantization.ptq;

import java.time.Duration;

/**
 * The result of post-training quantization.
 *
 * @param tflite          the full-integer INT8 model bytes
 * @param calibration     float ranges observed per tensor and node, for reports
 * @param calibrationTime running the float model over the calibration set
 * @param totalTime       the whole quantization, calibration included
 */
public record QuantizedModel(byte[] tflite, CalibrationStats calibration, Duration calibrationTime,
                             Duration totalTime) {

    public QuantizedModel {
        tflite = tflite.clone();
    }

    @Override
    public byte[] tflite() {
        return tflite.clone();
    }

    public int sizeBytes() {
        return tflite.length;
    }
}
