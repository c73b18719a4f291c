package io.intakeedge.quantization.runtime;

import io.intakeedge.quantization.model.LoadedModel;
import io.intakeedge.quantization.model.ModelLoader;
import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.testmodels.TinyNet;
import io.intakeedge.quantization.testmodels.TinyNetWriter;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class TfliteInterpreterTest {
    private static final TinyNet NET = new TinyNet(16, 16, 4, 3, true, 0f, 1f, 7);

    @Test
    void floatModelMatchesTheJavaReference() throws Exception {
        LoadedModel model = ModelLoader.defaults().load(TinyNetWriter.float32(NET), "float");
        try (TfliteInterpreter it = TfliteInterpreter.open(model, new RuntimeOptions(1, false))) {
            Random rnd = new Random(3);
            for (int n = 0; n < 5; n++) {
                float[] x = NET.randomInput(rnd);
                it.setInput(0, x);
                it.invoke();
                float[] expected = NET.forward(x);
                float[] actual = it.outputFloats(0);
                for (int j = 0; j < expected.length; j++) {
                    assertThat(actual[j]).isCloseTo(expected[j], offset(1e-4f));
                }
            }
        }
    }

    @Test
    void int8ModelMatchesTheFloatReferenceWithAndWithoutXnnpack() throws Exception {
        LoadedModel model = ModelLoader.defaults().load(TinyNetWriter.int8(NET, ElementType.INT8), "int8");
        for (boolean xnnpack : new boolean[] {false, true}) {
            try (TfliteInterpreter it = TfliteInterpreter.open(model, new RuntimeOptions(2, xnnpack))) {
                Random rnd = new Random(4);
                for (int n = 0; n < 10; n++) {
                    float[] x = NET.randomInput(rnd);
                    it.setInput(0, x);
                    it.invoke();
                    float[] expected = NET.forward(x);
                    float[] actual = it.outputFloats(0);
                    for (int j = 0; j < expected.length; j++) {
                        // a few output steps (1/256) plus propagated activation rounding
                        assertThat(actual[j]).as("xnnpack=%s class %d", xnnpack, j).isCloseTo(expected[j], offset(0.04f));
                    }
                }
            }
        }
    }

    @Test
    void xnnpackTakesInt8ConvAndFullyConnectedNodes() throws Exception {
        LoadedModel model = ModelLoader.defaults().load(TinyNetWriter.int8(NET, ElementType.INT8), "int8");
        try (TfliteInterpreter plain = TfliteInterpreter.open(model, new RuntimeOptions(1, false));
             TfliteInterpreter xnn = TfliteInterpreter.open(model, new RuntimeOptions(1, true))) {
            assertThat(plain.delegatedNodes()).isEmpty();
            assertThat(plain.executionPlanSize()).isEqualTo(4); // conv, depthwise, fc, softmax
            // conv (0), depthwise (1) and fully connected (2) are XNNPACK's; it may or may not take int8 softmax
            assertThat(xnn.delegatedNodes()).contains(0, 1, 2);
            assertThat(xnn.delegatePartitions()).isGreaterThanOrEqualTo(1);
            assertThat(xnn.executionPlanSize()).isLessThan(plain.executionPlanSize());
        }
    }

    @Test
    void rawBytesAndWrongLengthsAreChecked() throws Exception {
        LoadedModel model = ModelLoader.defaults().load(TinyNetWriter.int8(NET, ElementType.INT8), "int8");
        try (TfliteInterpreter it = TfliteInterpreter.open(model, RuntimeOptions.defaults())) {
            it.setInputBytes(0, new byte[16 * 16 * 3]);
            it.invoke();
            assertThat(it.outputBytes(0)).hasSize(3);
            float sum = 0;
            for (float p : it.outputFloats(0)) {
                sum += p;
            }
            assertThat(sum).isCloseTo(1f, offset(0.02f));
            assertThatThrownBy(() -> it.setInput(0, new float[5])).hasMessageContaining("needs 768 values");
            assertThatThrownBy(() -> it.setInputBytes(0, new byte[5])).hasMessageContaining("768 bytes");
        }
    }

    @Test
    void closedInterpreterRefusesWork() throws Exception {
        LoadedModel model = ModelLoader.defaults().load(TinyNetWriter.int8(NET, ElementType.INT8), "int8");
        TfliteInterpreter it = TfliteInterpreter.open(model, RuntimeOptions.defaults());
        it.close();
        it.close(); // idempotent
        assertThatThrownBy(it::invoke).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
