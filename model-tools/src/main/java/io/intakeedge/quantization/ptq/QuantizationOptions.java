package io.intakeedge.quantization.ptq;

import java.util.Objects;

/**
 * Settings of one post-training quantization run.
 *
 * @param calibration              how activation ranges are chosen from the calibration statistics
 * @param inputType                element type of the quantized model's input
 * @param outputType               element type of the quantized model's output(s)
 * @param perChannelFullyConnected per-output-channel weight scales for FULLY_CONNECTED (one scale per tensor when
 *                                 false, for runtimes that predate per-channel dense kernels)
 * @param threads                  interpreter threads used to run the float model over the calibration set
 */
public record QuantizationOptions(CalibrationMethod calibration, IoType inputType, IoType outputType,
                                  boolean perChannelFullyConnected, int threads) {

    public QuantizationOptions {
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(inputType, "inputType");
        Objects.requireNonNull(outputType, "outputType");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** Min-max calibration, int8 input and output, per-channel dense weights, one thread. */
    public static QuantizationOptions defaults() {
        return new QuantizationOptions(CalibrationMethod.minMax(), IoType.INT8, IoType.INT8, true, 1);
    }

    public QuantizationOptions withCalibration(CalibrationMethod method) {
        return new QuantizationOptions(method, inputType, outputType, perChannelFullyConnected, threads);
    }

    public QuantizationOptions withInputType(IoType type) {
        return new QuantizationOptions(calibration, type, outputType, perChannelFullyConnected, threads);
    }

    public QuantizationOptions withOutputType(IoType type) {
        return new QuantizationOptions(calibration, inputType, type, perChannelFullyConnected, threads);
    }

    public QuantizationOptions withPerChannelFullyConnected(boolean perChannel) {
        return new QuantizationOptions(calibration, inputType, outputType, perChannel, threads);
    }

    public QuantizationOptions withThreads(int count) {
        return new QuantizationOptions(calibration, inputType, outputType, perChannelFullyConnected, count);
    }
}
