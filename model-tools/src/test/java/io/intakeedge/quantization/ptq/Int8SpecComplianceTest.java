package io.intakeedge.quantization.ptq;

import io.intakeedge.quantization.builder.ConvPadding;
import io.intakeedge.quantization.builder.FusedActivation;
import io.intakeedge.quantization.builder.GraphTensor;
import io.intakeedge.quantization.builder.TfliteBuffers;
import io.intakeedge.quantization.builder.TfliteGraphBuilder;
import io.intakeedge.quantization.tensor.ElementType;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.TensorType;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The written model follows the TFLite INT8 specification, read back from the flatbuffer, and honours the options. */
class Int8SpecComplianceTest {

    private static final int INPUTS = 8 * 8 * 3;
    private final Random random = new Random(21);
    private final List<float[]> calibration = Stream.generate(() -> SyntheticImages.uniform(random, INPUTS, -1, 1))
            .limit(24).toList();

    @Test
    void tensorsAndParametersFollowTheInt8Spec() throws Exception {
        QuantizedModel q = new PostTrainingQuantizer(QuantizationOptions.defaults()).quantize(model(), calibration);
        ModelT m = ModelT.deserializeFromBinary(q.tflite());
        SubGraphT g = m.getSubgraphs()[0];
        for (TensorT t : g.getTensors()) {
            assertThat(t.getType()).as(t.getName()).isIn(TensorType.INT8, TensorType.INT32);
        }
        for (OperatorT op : g.getOperators()) {
            int builtin = TfliteBuffers.builtinCode(m.getOperatorCodes()[(int) op.getOpcodeIndex()]);
            TensorT in = g.getTensors()[op.getInputs()[0]];
            TensorT out = g.getTensors()[op.getOutputs()[0]];
            switch (builtin) {
                case BuiltinOperator.CONV_2D, BuiltinOperator.FULLY_CONNECTED -> checkWeighted(g, op, 0);
                case BuiltinOperator.DEPTHWISE_CONV_2D -> checkWeighted(g, op, 3);
                case BuiltinOperator.MAX_POOL_2D, BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.RESHAPE ->
                        assertSameParams(in, out);
                case BuiltinOperator.CONCATENATION -> {
                    for (int i : op.getInputs()) {
                        assertSameParams(g.getTensors()[i], out);
                    }
                }
                case BuiltinOperator.SOFTMAX -> {
                    assertThat(out.getQuantization().getScale()).containsExactly(1f / 256f);
                    assertThat(out.getQuantization().getZeroPoint()).containsExactly(-128L);
                }
                default -> {
                }
            }
        }
        assertThat(q.calibration().nodes()).hasSize(g.getOperators().length);
        assertThat(q.calibration().tensor("conv")).hasValueSatisfying(r ->
                assertThat(r.min()).isGreaterThanOrEqualTo(0f)); // fused RELU6 output
    }

    @Test
    void floatAndUint8EdgesGiveTheSameResultsAsInt8() throws Exception {
        QuantizationOptions base = QuantizationOptions.defaults();
        byte[] int8 = new PostTrainingQuantizer(base).quantize(model(), calibration).tflite();
        byte[] floats = new PostTrainingQuantizer(base.withInputType(IoType.FLOAT32).withOutputType(IoType.FLOAT32))
                .quantize(model(), calibration).tflite();
        byte[] uint8 = new PostTrainingQuantizer(base.withInputType(IoType.UINT8).withOutputType(IoType.UINT8))
                .quantize(model(), calibration).tflite();
        try (ModelRunner a = new ModelRunner(int8, 1); ModelRunner f = new ModelRunner(floats, 1);
             ModelRunner u = new ModelRunner(uint8, 1)) {
            assertThat(f.inputType()).isEqualTo(ElementType.FLOAT32);
            assertThat(f.outputType(0)).isEqualTo(ElementType.FLOAT32);
            assertThat(u.inputType()).isEqualTo(ElementType.UINT8);
            assertThat(u.outputType(0)).isEqualTo(ElementType.UINT8);
            assertThat(u.inputParams().scale()).isEqualTo(a.inputParams().scale());
            assertThat(u.inputParams().zeroPoint()).isEqualTo(a.inputParams().zeroPoint() + 128);
            assertThat(u.outputParams(0).zeroPoint()).isEqualTo(a.outputParams(0).zeroPoint() + 128);
            float step = a.outputParams(0).scale();
            for (float[] x : calibration.subList(0, 8)) {
                float[] expected = a.run(x);
                assertThat(u.run(x)).containsExactly(expected, within(1e-6f));
                // QUANTIZE may round an input tie the other way than the Java helper: allow one output step
                assertThat(f.run(x)).containsExactly(expected, within(step * 1.01f));
            }
        }
        ModelT m = ModelT.deserializeFromBinary(floats);
        OperatorT[] ops = m.getSubgraphs()[0].getOperators();
        assertThat(TfliteBuffers.builtinCode(m.getOperatorCodes()[(int) ops[0].getOpcodeIndex()]))
                .isEqualTo(BuiltinOperator.QUANTIZE);
        assertThat(TfliteBuffers.builtinCode(m.getOperatorCodes()[(int) ops[ops.length - 1].getOpcodeIndex()]))
                .isEqualTo(BuiltinOperator.DEQUANTIZE);
        assertThat(m.getSubgraphs()[0].getTensors()[m.getSubgraphs()[0].getInputs()[0]].getName())
                .isEqualTo("input");
    }

    @Test
    void percentileCalibrationClipsRareOutliers() throws Exception {
        List<float[]> withOutliers = calibration.stream().map(x -> {
            float[] y = x.clone();
            y[0] = 40f; // one extreme pixel per sample
            return y;
        }).toList();
        QuantizedModel minMax = new PostTrainingQuantizer(QuantizationOptions.defaults())
                .quantize(model(), withOutliers);
        QuantizedModel percentile = new PostTrainingQuantizer(QuantizationOptions.defaults()
                .withCalibration(CalibrationMethod.percentile(99.0))).quantize(model(), withOutliers);
        CalibrationStats.TensorRange full = minMax.calibration().tensor("input").orElseThrow();
        CalibrationStats.TensorRange clipped = percentile.calibration().tensor("input").orElseThrow();
        assertThat(full.calibratedMax()).isEqualTo(40f);
        assertThat(clipped.max()).isEqualTo(40f);
        assertThat(clipped.calibratedMax()).isLessThan(2f);
        try (ModelRunner p = new ModelRunner(percentile.tflite(), 1)) {
            assertThat(p.inputParams().scale()).isLessThan(3f / 255f);
        }
    }

    @Test
    void perTensorDenseWeightsWhenAsked() throws Exception {
        byte[] int8 = new PostTrainingQuantizer(QuantizationOptions.defaults().withPerChannelFullyConnected(false))
                .quantize(model(), calibration).tflite();
        SubGraphT g = ModelT.deserializeFromBinary(int8).getSubgraphs()[0];
        TensorT weights = Stream.of(g.getTensors()).filter(t -> t.getName().equals("fc/weights")).findFirst()
                .orElseThrow();
        assertThat(weights.getQuantization().getScale()).hasSize(1);
        try (ModelRunner q = new ModelRunner(int8, 1);
             ModelRunner reference = new ModelRunner(WeightQuantizedReference.of(model(), int8), 1)) {
            float step = q.outputParams(0).scale();
            // six layers of activation rounding add up to a few output steps; a wrong dense scale costs far more
            for (float[] x : calibration) {
                float[] xq = q.inputParams().dequantize(q.inputParams().quantizeToBytes(x));
                assertThat(q.run(x)).containsExactly(reference.run(xq), within(step * 4));
            }
        }
    }

    @Test
    void progressIsReportedPerSample() throws Exception {
        List<int[]> fromSupplier = new java.util.ArrayList<>();
        PostTrainingQuantizer quantizer = new PostTrainingQuantizer(QuantizationOptions.defaults());
        QuantizedModel q = quantizer.quantize(model(), () -> SyntheticImages.uniform(random, INPUTS, -1, 1), 5,
                (done, total) -> fromSupplier.add(new int[] {done, total}));
        assertThat(fromSupplier).extracting(p -> p[0] + "/" + p[1]).containsExactly("1/5", "2/5", "3/5", "4/5", "5/5");
        assertThat(q.calibration().samples()).isEqualTo(5);
        List<Integer> totals = new java.util.ArrayList<>();
        Iterable<float[]> sizeUnknown = () -> calibration.subList(0, 3).iterator();
        quantizer.quantize(model(), sizeUnknown, (done, total) -> totals.add(total));
        assertThat(totals).containsExactly(-1, -1, -1);
    }

    /** conv(RELU6) → depthwise → max pool ‖ average pool → concat → reshape → dense → softmax. */
    private static byte[] model() {
        Random r = new Random(4);
        TfliteGraphBuilder b = new TfliteGraphBuilder("spec");
        GraphTensor x = b.input("input", 1, 8, 8, 3);
        GraphTensor conv = b.conv2d("conv", x, 8, 3, 1, ConvPadding.SAME, FusedActivation.RELU6,
                SingleOperatorQuantizationTest.gaussian(r, 8 * 27, 0.4f), SingleOperatorQuantizationTest.gaussian(r, 8, 0.1f));
        GraphTensor dw = b.depthwiseConv2d("dw", conv, 3, 1, ConvPadding.SAME, FusedActivation.NONE,
                SingleOperatorQuantizationTest.gaussian(r, 72, 0.4f), SingleOperatorQuantizationTest.gaussian(r, 8, 0.1f));
        GraphTensor joined = b.concatenation("concat", 3, b.maxPool2d("max", dw, 2, 2, ConvPadding.VALID),
                b.averagePool2d("avg", conv, 2, 2, ConvPadding.VALID));
        GraphTensor flat = b.reshape("flat", joined, 1, 4 * 4 * 16);
        GraphTensor logits = b.fullyConnected("fc", flat, 5, FusedActivation.NONE,
                SingleOperatorQuantizationTest.gaussian(r, 5 * 256, 0.1f), SingleOperatorQuantizationTest.gaussian(r, 5, 0.1f));
        return b.toFloatTflite(b.softmax("probabilities", logits));
    }

    private static void checkWeighted(SubGraphT g, OperatorT op, int axis) {
        TensorT in = g.getTensors()[op.getInputs()[0]];
        TensorT w = g.getTensors()[op.getInputs()[1]];
        TensorT bias = g.getTensors()[op.getInputs()[2]];
        QuantizationParametersT wq = w.getQuantization();
        assertThat(w.getType()).isEqualTo(TensorType.INT8);
        assertThat(wq.getQuantizedDimension()).as(w.getName()).isEqualTo(axis);
        assertThat(wq.getScale()).as(w.getName() + " per-channel scales").hasSize(w.getShape()[axis]);
        assertThat(wq.getZeroPoint()).containsOnly(0L);
        assertThat(bias.getType()).isEqualTo(TensorType.INT32);
        float inScale = in.getQuantization().getScale()[0];
        for (int c = 0; c < wq.getScale().length; c++) {
            assertThat(bias.getQuantization().getScale()[c]).as(bias.getName() + " scale " + c)
                    .isCloseTo(inScale * wq.getScale()[c], within(1e-6f * inScale * wq.getScale()[c]));
        }
    }

    private static void assertSameParams(TensorT a, TensorT b) {
        assertThat(a.getQuantization().getScale()).as(a.getName() + " vs " + b.getName())
                .containsExactly(b.getQuantization().getScale());
        assertThat(a.getQuantization().getZeroPoint()).containsExactly(b.getQuantization().getZeroPoint());
    }
}
