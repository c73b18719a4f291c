package io.intakeedge.quantization.builder;

import io.intakeedge.quantization.graph.Layer;
import io.intakeedge.quantization.graph.NetworkSpec;
import io.intakeedge.quantization.ptq.ModelRunner;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NetworkSpecsTest {

    @Test
    void sequentialSpecRunsAsWritten() {
        // 2×2×1 input → 1×1 conv (filters ×1 and ×-1, bias 0 and 0.5, RELU) → max pool 2 → global mean
        // → dense (sum, difference) → softmax
        NetworkSpec spec = new NetworkSpec("tiny", 2, 2, 1, List.of(
                new Layer.Conv2D(2, 1, 1, Layer.Activation.RELU, new float[] {1f, -1f}, new float[] {0f, 0.5f}),
                new Layer.MaxPool2D(2, 2),
                new Layer.GlobalAveragePool(),
                new Layer.Dense(2, Layer.Activation.NONE, new float[] {1f, 1f, 1f, -1f}, new float[] {0f, 0f}),
                new Layer.Softmax()), List.of("a", "b"));
        try (ModelRunner run = new ModelRunner(NetworkSpecs.toFloatTflite(spec), 1)) {
            float[] out = run.run(new float[] {0.1f, -0.4f, 0.3f, 0.2f});
            // conv: ch0 = relu(x) max 0.3; ch1 = relu(0.5 - x) max 0.9 → dense [1.2, -0.6]
            double e = Math.exp(-1.8);
            assertThat(out).containsExactly(new float[] {(float) (1 / (1 + e)), (float) (e / (1 + e))},
                    within(1e-6f));
        }
    }
}
