package io.intakeedge.workbench.demo.model;

import io.intakeedge.quantization.agreement.AgreementReport;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one demo model build made and measured.
 *
 * @param bundle           the bundle directory written
 * @param modelSha256      sha256 of the INT8 {@code model.tflite}
 * @param int8Bytes        INT8 model size
 * @param floatBytes       float reference model size
 * @param agreement        float vs INT8 on the validation crops (accuracies included)
 * @param inputByConvertTo the serving path quantizes the input as {@code pixel − 128} with one {@code convertTo}
 * @param renderTime       rendering and preprocessing the training and validation crops
 * @param trainingTime     the trainer's fit
 * @param totalTime        the whole build
 */
public record DemoModelReport(Path bundle, String modelSha256, int int8Bytes, int floatBytes,
                              AgreementReport agreement, boolean inputByConvertTo, Duration renderTime,
                              Duration trainingTime, Duration totalTime) {
}
