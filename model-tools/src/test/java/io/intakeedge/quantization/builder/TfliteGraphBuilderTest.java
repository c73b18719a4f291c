package io.intakeedge.quantization.builder;

import io.intakeedge.quantization.ptq.ModelRunner;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The builder writes what TFLite runs: checked against hand-computed values and TFLite's own shape inference. */
class TfliteGraphBuilderTest {

    @Test
    void convolutionUsesOhwiWeightsAndSamePadding() {
        // 3×3 input, one channel, values 1..9; 3×3 kernel with a single 1 at the top-left tap, stride 1, SAME:
        // out(y, x) = in(y - 1, x - 1), zero outside; second filter sums the whole window
        TfliteGraphBuilder b = new TfliteGraphBuilder("conv");
        GraphTensor x = b.input("input", 1, 3, 3, 1);
        float[] w = new float[2 * 9];
        w[0] = 1f;
        Arrays.fill(w, 9, 18, 1f);
        GraphTensor y = b.conv2d("conv", x, 2, 3, 1, ConvPadding.SAME, FusedActivation.NONE, w, new float[] {0f, 0.5f});
        try (ModelRunner run = new ModelRunner(b.toFloatTflite(y), 1)) {
            float[] out = run.run(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
            assertThat(run.outputShape(0)).containsExactly(1, 3, 3, 2);
            float[] shifted = new float[9];
            float[] sums = new float[9];
            for (int i = 0; i < 9; i++) {
                shifted[i] = out[2 * i];
                sums[i] = out[2 * i + 1];
            }
            assertThat(shifted).containsExactly(0, 0, 0, 0, 1, 2, 0, 4, 5);
            assertThat(sums[4]).isEqualTo(45.5f);
            assertThat(sums[0]).isEqualTo(1 + 2 + 4 + 5 + 0.5f);
        }
    }

    @Test
    void shapesAgreeWithTflite() {
        TfliteGraphBuilder b = new TfliteGraphBuilder("shapes");
        GraphTensor x = b.input("input", 1, 9, 9, 4);
        GraphTensor conv = b.conv2d("conv", x, 6, 3, 2, ConvPadding.SAME, FusedActivation.RELU6,
                new float[6 * 9 * 4], new float[6]);
        GraphTensor valid = b.conv2d("valid", conv, 3, 3, 1, ConvPadding.VALID, FusedActivation.NONE,
                new float[3 * 9 * 6], new float[3]);
        GraphTensor padded = b.pad("pad", valid, new int[][] {{0, 0}, {1, 2}, {0, 1}, {0, 0}});
        GraphTensor pooled = b.maxPool2d("max", padded, 2, 2, ConvPadding.SAME);
        GraphTensor joined = b.concatenation("concat", 3, pooled, b.hardSwish("hs", pooled));
        GraphTensor mean = b.mean("mean", joined, true, 1, 2);
        assertThat(conv.shape()).containsExactly(1, 5, 5, 6);
        assertThat(valid.shape()).containsExactly(1, 3, 3, 3);
        assertThat(padded.shape()).containsExactly(1, 6, 4, 3);
        assertThat(pooled.shape()).containsExactly(1, 3, 2, 3);
        assertThat(joined.shape()).containsExactly(1, 3, 2, 6);
        try (ModelRunner run = new ModelRunner(b.toFloatTflite(mean, joined), 1)) {
            run.run(new float[9 * 9 * 4]);
            assertThat(run.outputShape(0)).containsExactly(mean.shape());
            assertThat(run.outputShape(1)).containsExactly(joined.shape());
        }
    }

    @Test
    void elementwiseOperatorsComputeWhatTheyName() {
        TfliteGraphBuilder b = new TfliteGraphBuilder("elementwise");
        GraphTensor x = b.input("input", 1, 4);
        GraphTensor sum = b.add("add", x, b.constant("one", new float[] {1, 1, 1, 1}, 1, 4), FusedActivation.RELU);
        GraphTensor dense = b.fullyConnected("fc", x, 2, FusedActivation.NONE,
                new float[] {1, 0, 0, 0, 0, 1, 1, 1}, new float[] {0, -1});
        try (ModelRunner run = new ModelRunner(b.toFloatTflite(sum, b.logistic("sig", x), b.softmax("sm", dense),
                b.hardSwish("hs", x)), 1)) {
            float[] in = {-3f, 0f, 1f, 4f};
            assertThat(run.run(in)).containsExactly(0f, 1f, 2f, 5f);
            assertThat(run.output(1)[2]).isCloseTo((float) (1 / (1 + Math.exp(-1))), within(1e-6f));
            // dense: [-3, 0 + 1 + 4 - 1] = [-3, 4]
            float e = (float) Math.exp(-7);
            assertThat(run.output(2)).containsExactly(new float[] {e / (1 + e), 1 / (1 + e)}, within(1e-6f));
            // hard swish: x * relu6(x + 3) / 6
            assertThat(run.output(3)).containsExactly(new float[] {0f, 0f, 4f / 6f, 4f}, within(1e-6f));
        }
    }

    @Test
    void writesSchemaVersion3WithBothOperatorCodeFields() {
        TfliteGraphBuilder b = new TfliteGraphBuilder("codes");
        GraphTensor x = b.input("input", 1, 2, 2, 1);
        byte[] bytes = b.toFloatTflite(b.hardSwish("hs", b.averagePool2d("avg", x, 2, 2, ConvPadding.VALID)));
        assertThat(new String(bytes, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("TFL3");
        ModelT model = ModelT.deserializeFromBinary(bytes);
        assertThat(model.getVersion()).isEqualTo(3);
        assertThat(model.getBuffers()[0].getData()).isEmpty();
        OperatorCodeT[] codes = model.getOperatorCodes();
        assertThat(codes).extracting(OperatorCodeT::getBuiltinCode)
                .containsExactly(BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.HARD_SWISH);
        assertThat(codes).extracting(c -> (int) c.getDeprecatedBuiltinCode())
                .containsExactly(BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.HARD_SWISH);
    }

    @Test
    void badArgumentsAreRefusedWithTheReason() {
        TfliteGraphBuilder b = new TfliteGraphBuilder("bad");
        GraphTensor x = b.input("input", 1, 4, 4, 2);
        assertThatThrownBy(() -> b.conv2d("conv", x, 3, 3, 1, ConvPadding.SAME, FusedActivation.NONE,
                new float[10], new float[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 54");
        assertThatThrownBy(() -> b.add("add", x, b.input("other", 1, 4, 4, 3), FusedActivation.NONE))
                .hasMessageContaining("equal shapes");
        assertThatThrownBy(() -> b.reshape("r", x, 1, 31)).hasMessageContaining("cannot reshape");
        assertThatThrownBy(() -> new TfliteGraphBuilder("empty").toModel())
                .isInstanceOf(IllegalStateException.class);
    }
}
