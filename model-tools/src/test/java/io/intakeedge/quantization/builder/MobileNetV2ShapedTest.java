package io.intakeedge.quantization.builder;

import io.intakeedge.quantization.ptq.ModelRunner;
import io.intakeedge.quantization.ptq.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;

import static org.assertj.core.api.Assertions.assertThat;

class MobileNetV2ShapedTest {

    @Test
    void standardModelHasMobileNetV2Structure() {
        byte[] bytes = MobileNetV2Shaped.standard(1).toFloatTflite();
        assertThat(bytes).isEqualTo(MobileNetV2Shaped.standard(1).toFloatTflite());
        assertThat(bytes).isNotEqualTo(MobileNetV2Shaped.standard(2).toFloatTflite());
        ModelT model = ModelT.deserializeFromBinary(bytes);
        int[] counts = new int[256];
        for (OperatorT op : model.getSubgraphs()[0].getOperators()) {
            counts[model.getOperatorCodes()[(int) op.getOpcodeIndex()].getBuiltinCode()]++;
        }
        assertThat(counts[BuiltinOperator.DEPTHWISE_CONV_2D]).isEqualTo(17);
        assertThat(counts[BuiltinOperator.CONV_2D]).isEqualTo(1 + 16 + 17 + 1); // stem, expands, projects, head
        assertThat(counts[BuiltinOperator.ADD]).isEqualTo(10);
        assertThat(model.getSubgraphs()[0].getTensors()[0].getShape()).containsExactly(1, 224, 224, 3);
        // 3.5 M parameters as float32, like MobileNetV2 1.0 with a 10-class head
        assertThat(bytes.length).isBetween(8_000_000, 10_000_000);
    }

    @Test
    void activationsStayFiniteAndOutputIsADistribution() {
        MobileNetV2Shaped net = new MobileNetV2Shaped(96, 0.5f, 5, 3);
        try (ModelRunner run = new ModelRunner(net.toFloatTflite(), 1)) {
            float[] p = run.run(SyntheticImages.image(4, 96, 3));
            assertThat(p).hasSize(5);
            assertThat((double) sum(p)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
            for (float v : p) {
                assertThat(v).isBetween(0f, 1f);
            }
        }
    }

    private static float sum(float[] v) {
        float s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }
}
