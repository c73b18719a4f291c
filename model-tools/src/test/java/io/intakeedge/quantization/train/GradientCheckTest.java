package io.intakeedge.quantization.train;

import io.intakeedge.quantization.graph.Layer.Activation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Analytic gradients of every layer kind against central differences of the loss. */
class GradientCheckTest {

    @Test
    void backwardMatchesNumericalGradient() {
        Architecture tiny = new Architecture("tiny", 5, 6, 2, List.of(
                new Architecture.Conv(3, 3, 2, Activation.RELU),
                new Architecture.Conv(4, 3, 1, Activation.RELU6),
                new Architecture.MaxPool(2, 2),
                new Architecture.Conv(3, 1, 1, Activation.NONE),
                new Architecture.GlobalAveragePool(),
                new Architecture.Dense(5, Activation.RELU),
                new Architecture.Dense(3, Activation.NONE)),
                List.of("a", "b", "c"));
        Network network = new Network(tiny);
        Random random = new Random(11);
        float[] params = network.initialParams(random);
        // non-zero biases so no ReLU sits exactly at its kink
        for (int i = 0; i < params.length; i++) {
            params[i] += 0.05f * (float) random.nextGaussian();
        }
        float[] image = new float[5 * 6 * 2];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) random.nextGaussian();
        }
        int label = 1;

        float[] analytic = new float[params.length];
        network.train(params, image, label, analytic);

        int checked = 0;
        double eps = 1e-3;
        for (int i = 0; i < params.length; i++) {
            float saved = params[i];
            params[i] = (float) (saved + eps);
            double plus = network.evaluate(params, image, label).loss();
            params[i] = (float) (saved - eps);
            double minus = network.evaluate(params, image, label).loss();
            params[i] = saved;
            double numerical = (plus - minus) / (2 * eps);
            assertThat(Math.abs(numerical - analytic[i]))
                    .as("parameter %d: numerical %f analytic %f", i, numerical, analytic[i])
                    .isLessThan(2e-3 + 0.02 * Math.abs(analytic[i]));
            if (analytic[i] != 0f) {
                checked++;
            }
        }
        // most parameters must take part, or the check proves little
        assertThat(checked).isGreaterThan(params.length / 2);
    }
}
