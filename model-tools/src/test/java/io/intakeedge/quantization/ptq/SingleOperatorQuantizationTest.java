package io.intakeedge.quantization.ptq;

import io.intakeedge.quantization.builder.ConvPadding;
import io.intakeedge.quantization.builder.FusedActivation;
import io.intakeedge.quantization.builder.GraphTensor;
import io.intakeedge.quantization.builder.TfliteGraphBuilder;
import io.intakeedge.quantization.tensor.QuantParams;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every supported operator, alone (or behind the one operator it needs), quantized from random calibration inputs:
 * on fresh random inputs the INT8 model's dequantized output stays within one output quantization step of the float
 * model run on the same (input-quantized) values.
 */
class SingleOperatorQuantizationTest {

    private static final int[] SHAPE = {1, 8, 8, 4};
    private static final int INPUTS = SHAPE[1] * SHAPE[2] * SHAPE[3];

    /** One test graph: what it exercises and how to build it from the input tensor. */
    record Case(String name, BiFunction<TfliteGraphBuilder, GraphTensor, GraphTensor> graph) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        Random w = new Random(11);
        return Stream.of(
                new Case("CONV_2D", (b, x) -> b.conv2d("conv", x, 6, 3, 1, ConvPadding.SAME, FusedActivation.NONE,
                        gaussian(w, 6 * 9 * 4, 0.3f), gaussian(w, 6, 0.2f))),
                new Case("CONV_2D+RELU stride 2", (b, x) -> b.conv2d("conv", x, 5, 3, 2, ConvPadding.SAME,
                        FusedActivation.RELU, gaussian(w, 5 * 9 * 4, 0.3f), gaussian(w, 5, 0.2f))),
                new Case("CONV_2D+RELU6 VALID", (b, x) -> b.conv2d("conv", x, 8, 3, 1, ConvPadding.VALID,
                        FusedActivation.RELU6, gaussian(w, 8 * 9 * 4, 0.3f), gaussian(w, 8, 0.2f))),
                new Case("DEPTHWISE_CONV_2D+RELU6", (b, x) -> b.depthwiseConv2d("dw", x, 3, 1, ConvPadding.SAME,
                        FusedActivation.RELU6, gaussian(w, 9 * 4, 0.5f), gaussian(w, 4, 0.2f))),
                new Case("DEPTHWISE_CONV_2D stride 2", (b, x) -> b.depthwiseConv2d("dw", x, 3, 2, ConvPadding.SAME,
                        FusedActivation.NONE, gaussian(w, 9 * 4, 0.5f), gaussian(w, 4, 0.2f))),
                new Case("FULLY_CONNECTED", (b, x) -> b.fullyConnected("fc", x, 10, FusedActivation.NONE,
                        gaussian(w, 10 * INPUTS, 0.06f), gaussian(w, 10, 0.2f))),
                new Case("FULLY_CONNECTED+RELU", (b, x) -> b.fullyConnected("fc", x, 7, FusedActivation.RELU,
                        gaussian(w, 7 * INPUTS, 0.06f), gaussian(w, 7, 0.2f))),
                new Case("ADD", (b, x) -> b.add("add", x, b.conv2d("conv", x, 4, 1, 1, ConvPadding.SAME,
                        FusedActivation.NONE, gaussian(w, 16, 0.5f), gaussian(w, 4, 0.1f)), FusedActivation.NONE)),
                new Case("ADD+RELU constant operand", (b, x) -> b.add("add", x, b.constant("offset",
                        gaussian(w, INPUTS, 1f), SHAPE), FusedActivation.RELU)),
                new Case("AVERAGE_POOL_2D", (b, x) -> b.averagePool2d("avg", x, 2, 2, ConvPadding.VALID)),
                new Case("MAX_POOL_2D", (b, x) -> b.maxPool2d("max", x, 3, 2, ConvPadding.SAME)),
                new Case("MEAN", (b, x) -> b.mean("mean", x, false, 1, 2)),
                new Case("RESHAPE", (b, x) -> b.reshape("reshape", x, 1, INPUTS)),
                new Case("SOFTMAX", (b, x) -> b.softmax("softmax", b.fullyConnected("fc", x, 10,
                        FusedActivation.NONE, gaussian(w, 10 * INPUTS, 0.03f), gaussian(w, 10, 0.2f)))),
                new Case("LOGISTIC", (b, x) -> b.logistic("logistic", x)),
                new Case("CONCATENATION", (b, x) -> b.concatenation("concat", 3, x, b.conv2d("conv", x, 3, 1, 1,
                        ConvPadding.SAME, FusedActivation.RELU, gaussian(w, 12, 0.5f), gaussian(w, 3, 0.1f)))),
                new Case("PAD", (b, x) -> b.pad("pad", x, new int[][] {{0, 0}, {1, 1}, {2, 0}, {0, 0}})),
                new Case("HARD_SWISH", (b, x) -> b.hardSwish("hard_swish", x)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void int8OutputStaysWithinOneStepOfFloat(Case c) throws Exception {
        TfliteGraphBuilder b = new TfliteGraphBuilder(c.name());
        GraphTensor out = c.graph().apply(b, b.input("input", SHAPE));
        byte[] floatModel = b.toFloatTflite(out);
        Random r = new Random(c.name().hashCode());
        List<float[]> samples = Stream.generate(() -> SyntheticImages.uniform(r, INPUTS, -2f, 3f))
                .limit(40).toList();

        byte[] int8Model = new PostTrainingQuantizer(QuantizationOptions.defaults()).quantize(floatModel, samples)
                .tflite();

        try (ModelRunner exact = new ModelRunner(floatModel, 1);
             ModelRunner weightRounded = new ModelRunner(WeightQuantizedReference.of(floatModel, int8Model), 1);
             ModelRunner int8 = new ModelRunner(int8Model, 1)) {
            QuantParams in = int8.inputParams();
            QuantParams outParams = int8.outputParams(0);
            double worstVsWeightRounded = 0;
            double worstVsFloat = 0;
            // min-max calibration covers the calibration samples, so nothing clips on them
            for (float[] x : samples) {
                float[] xq = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    xq[i] = in.scale() * (in.quantize(x[i]) - in.zeroPoint());
                }
                float[] actual = int8.run(x);
                worstVsWeightRounded = Math.max(worstVsWeightRounded, maxSteps(actual, weightRounded.run(xq),
                        outParams));
                worstVsFloat = Math.max(worstVsFloat, maxSteps(actual, exact.run(xq), outParams));
            }
            System.out.printf("%-28s worst error %.3f steps vs weight-rounded float, %.3f vs float (scale %.5f)%n",
                    c.name(), worstVsWeightRounded, worstVsFloat, outParams.scale());
            assertThat(worstVsWeightRounded).as("|int8 - float with int8 weights| in output steps")
                    .isLessThanOrEqualTo(1.0);
            // int8 weights themselves cost a few steps on wide dot products; a wrong layout or scale costs dozens
            assertThat(worstVsFloat).as("|int8 - float| in output steps").isLessThanOrEqualTo(5.0);
        }
    }

    private static double maxSteps(float[] actual, float[] expected, QuantParams p) {
        assertThat(actual).hasSameSizeAs(expected);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / p.scale());
        }
        return worst;
    }

    static float[] gaussian(Random r, int n, float std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian() * std;
        }
        return v;
    }
}
