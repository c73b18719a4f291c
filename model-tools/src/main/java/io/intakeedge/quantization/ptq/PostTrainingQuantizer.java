package io.intakeedge.quantization.ptq;

import io.intakeedge.quantization.builder.TfliteBuffers;
import io.intakeedge.quantization.model.ModelException;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import io.intakeedge.quantization.runtime.TfliteInterpreter;
import io.intakeedge.quantization.tensor.QuantParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.lite.schema.ModelT;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Full-integer post-training quantization of a float TFLite model, following the TFLite INT8 specification:
 * per-channel symmetric int8 weights (quantized dimension 0 for CONV_2D and FULLY_CONNECTED, 3 for
 * DEPTHWISE_CONV_2D), int32 biases at {@code input_scale × weight_scale}, asymmetric int8 activations from
 * calibration statistics, the fixed output scales and shared scales the kernels require (see {@link ActivationPlan}),
 * and QUANTIZE/DEQUANTIZE at the edges when a float or uint8 input/output is asked for.
 *
 * <p>Calibration runs the float model in TFLite (XNNPACK) over the calibration samples, each a float array in the
 * model's input layout (NHWC, already normalised as the model expects). An operator without an INT8 rule stops the
 * run with {@link UnsupportedOperatorException} before calibration; the result never contains float operators.
 *
 * <p>Usage: {@code new PostTrainingQuantizer(QuantizationOptions.defaults()).quantize(floatBytes, samples,
 * (done, total) -> ...)}.
 */
public final class PostTrainingQuantizer {

    private static final Logger LOG = LoggerFactory.getLogger(PostTrainingQuantizer.class);

    private final QuantizationOptions options;

    public PostTrainingQuantizer(QuantizationOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public QuantizationOptions options() {
        return options;
    }

    public QuantizedModel quantize(byte[] floatModel, Iterable<float[]> calibrationSamples) throws ModelException {
        return quantize(floatModel, calibrationSamples, CalibrationListener.NONE);
    }

    /**
     * @param floatModel         float32 {@code .tflite} bytes (one subgraph, one input, static shapes)
     * @param calibrationSamples representative inputs; iterated once
     * @param listener           told after every sample, for progress output
     * @throws UnsupportedOperatorException an operator cannot be quantized (named in the message)
     * @throws ModelException               the bytes are not a well-formed float TFLite model
     */
    public QuantizedModel quantize(byte[] floatModel, Iterable<float[]> calibrationSamples,
                                   CalibrationListener listener) throws ModelException {
        long start = System.nanoTime();
        ModelT model = FloatModelCheck.parse(floatModel);
        Calibrator.Result calibration = new Calibrator(options.calibration(), options.threads())
                .run(model, floatModel, calibrationSamples, listener);
        long calibrated = System.nanoTime();
        Map<Integer, QuantParams> activations = ActivationPlan.plan(model, calibration.ranges());
        new Int8Rewriter(model).rewrite(activations, options.perChannelFullyConnected());
        new EdgeConverter(model).convert(options.inputType(), options.outputType());
        String description = model.getDescription() == null ? "" : model.getDescription();
        model.setDescription("INT8 (post-training, " + options.calibration() + ", "
                + calibration.stats().samples() + " samples) of: " + description);
        byte[] int8 = TfliteBuffers.serialize(model);
        checkRunnable(int8);
        long end = System.nanoTime();
        LOG.info("quantized {} float bytes to {} int8 bytes with {} calibration samples in {} ms", floatModel.length,
                int8.length, calibration.stats().samples(), (end - start) / 1_000_000);
        return new QuantizedModel(int8, calibration.stats(), Duration.ofNanos(calibrated - start),
                Duration.ofNanos(end - start));
    }

    /** Calibration from a generator: {@code count} samples drawn from {@code samples}. */
    public QuantizedModel quantize(byte[] floatModel, Supplier<float[]> samples, int count,
                                   CalibrationListener listener) throws ModelException {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one calibration sample, got " + count);
        }
        Iterable<float[]> iterable = () -> new Iterator<>() {
            private int drawn;

            @Override
            public boolean hasNext() {
                return drawn < count;
            }

            @Override
            public float[] next() {
                if (drawn++ >= count) {
                    throw new NoSuchElementException();
                }
                return samples.get();
            }
        };
        return quantize(floatModel, iterable, (done, total) -> listener.sampleDone(done, count));
    }

    /** The rewritten model must pass the loader and allocate in TFLite; a failure here is a quantizer bug. */
    private static void checkRunnable(byte[] int8) {
        try (TfliteInterpreter ignored = TfliteInterpreter.open(FloatModelCheck.load(int8, "quantized model"),
                new RuntimeOptions(1, true))) {
            LOG.debug("int8 model loads and allocates in TFLite");
        } catch (ModelException e) {
            throw new IllegalStateException("the quantizer wrote a model TFLite refuses: " + e.getMessage(), e);
        }
    }
}
