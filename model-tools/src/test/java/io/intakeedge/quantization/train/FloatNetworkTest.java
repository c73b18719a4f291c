package io.intakeedge.quantization.train;

import io.intakeedge.quantization.graph.Layer;
import io.intakeedge.quantization.graph.Layer.Activation;
import io.intakeedge.quantization.graph.NetworkSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The float reference on networks small enough to work out by hand. */
class FloatNetworkTest {

    @Test
    void sameConvPadsAfterThenPoolsAndClassifies() {
        // 2x2x1 input [[1,2],[3,4]], one 2x2 filter [[1,10],[100,1000]], bias 0.5.
        // SAME with kernel 2 on size 2 pads one pixel after (bottom/right), none before, so:
        // out00 = 1 + 20 + 300 + 4000 + .5 = 4321.5; out01 = 2*1 + 4*100 + .5 = 402.5
        // out10 = 3*1 + 4*10 + .5 = 43.5;            out11 = 4*1 + .5 = 4.5;  mean = 1193
        NetworkSpec spec = new NetworkSpec("hand", 2, 2, 1, List.of(
                new Layer.Conv2D(1, 2, 1, Activation.NONE, new float[] {1, 10, 100, 1000}, new float[] {0.5f}),
                new Layer.GlobalAveragePool(),
                new Layer.Dense(2, Activation.NONE, new float[] {0.001f, -0.001f}, new float[] {0, 0}),
                new Layer.Softmax()), List.of("a", "b"));
        float[] out = FloatNetwork.predict(spec, new float[] {1, 2, 3, 4});
        // logits 1.193 and -1.193
        assertThat(out[0]).isCloseTo((float) (1 / (1 + Math.exp(-2.386))), within(1e-5f));
        assertThat(out[1]).isCloseTo((float) (1 / (1 + Math.exp(2.386))), within(1e-5f));
    }

    @Test
    void strideTwoMaxPoolAndReluAndLogistic() {
        // 3x3x1 input 1..9; MaxPool 2/2 SAME -> 2x2 windows {1,2,4,5} {3,6} {7,8} {9} -> 5, 6, 8, 9
        // Conv 1x1 weight -1 bias 7 with ReLU -> 2, 1, 0 (-1 clipped), 0 (-2 clipped)
        NetworkSpec spec = new NetworkSpec("pool", 3, 3, 1, List.of(
                new Layer.MaxPool2D(2, 2),
                new Layer.Conv2D(1, 1, 1, Activation.RELU, new float[] {-1}, new float[] {7}),
                new Layer.Dense(1, Activation.NONE, new float[] {1, 1, 1, 1}, new float[] {-3}),
                new Layer.Logistic()), List.of("positive"));
        float[] out = FloatNetwork.predict(spec, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        // dense over the flattened 2x2: 2 + 1 + 0 + 0 - 3 = 0 -> sigmoid 0.5
        assertThat(out).hasSize(1);
        assertThat(out[0]).isCloseTo(0.5f, within(1e-6f));
    }

    @Test
    void depthwiseAppliesOneKernelPerChannelWithRelu6() {
        // 1x1x2 input: only the centre tap of a 3x3 kernel sees a pixel. Centre taps 2 and -1, biases 3 and 0.
        float[] w = new float[3 * 3 * 2];
        w[(1 * 3 + 1) * 2] = 2;
        w[(1 * 3 + 1) * 2 + 1] = -1;
        NetworkSpec spec = new NetworkSpec("dw", 1, 1, 2, List.of(
                new Layer.DepthwiseConv2D(3, 1, Activation.RELU6, w, new float[] {3, 0})), List.of("x", "y"));
        // channel 0: 2*4 + 3 = 11 -> 6; channel 1: -1*-2 = 2
        assertThat(FloatNetwork.predict(spec, new float[] {4, -2})).containsExactly(6f, 2f);
    }

    @Test
    void wrongInputSizeIsAClearError() {
        NetworkSpec spec = new NetworkSpec("n", 2, 2, 3, List.of(new Layer.Softmax()), List.of("a"));
        assertThatThrownBy(() -> FloatNetwork.predict(spec, new float[5]))
                .hasMessageContaining("2x2x3 = 12").hasMessageContaining("got 5");
    }
}
