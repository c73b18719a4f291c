package io.intakeedge.quantization.builder;

import java.util.Random;

/**
 * A float model with the shape of MobileNetV2 (stem conv, 17 inverted residual blocks of expand 1×1 → depthwise 3×3
 * → linear project 1×1 with ADD residuals, RELU6, a 1×1 head conv, global mean, dense, softmax) and seeded random
 * weights instead of trained ones. It exists to measure the quantizer and the runtime on a realistic graph.
 *
 * <p>Weights are He-initialised so activations keep a steady magnitude through the depth; the residual branch's
 * projection is scaled down so the sums of 17 blocks do not grow without bound (there is no batch norm to do it).
 * Inputs are expected roughly in [-1, 1] (MobileNet normalisation).
 *
 * @param inputSize       input height and width (224 for the standard model)
 * @param widthMultiplier channel multiplier (1.0 standard; 0.35–1.4 as in the paper)
 * @param classes         output classes
 * @param seed            weight seed; the same arguments always give the same bytes
 */
public record MobileNetV2Shaped(int inputSize, float widthMultiplier, int classes, long seed) {

    /** MobileNetV2's block table: expansion t, output channels c, repeats n, first stride s. */
    private static final int[][] BLOCKS = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1},
    };
    private static final float RESIDUAL_BRANCH_SCALE = 0.5f;

    public MobileNetV2Shaped {
        if (inputSize < 32 || widthMultiplier <= 0 || classes < 2) {
            throw new IllegalArgumentException("need inputSize >= 32, widthMultiplier > 0, classes >= 2");
        }
    }

    /** 224×224×3 input, width 1.0, 10 classes. */
    public static MobileNetV2Shaped standard(long seed) {
        return new MobileNetV2Shaped(224, 1.0f, 10, seed);
    }

    public byte[] toFloatTflite() {
        Random random = new Random(seed);
        TfliteGraphBuilder b = new TfliteGraphBuilder(String.format(java.util.Locale.ROOT,
                "MobileNetV2-shaped %dx%d width %.2f, %d classes, seed %d (random weights)",
                inputSize, inputSize, widthMultiplier, classes, seed));
        GraphTensor x = b.input("input", 1, inputSize, inputSize, 3);
        int channels = channels(32);
        x = conv(b, random, "stem", x, channels, 3, 2, FusedActivation.RELU6, 1f);
        int block = 0;
        for (int[] row : BLOCKS) {
            int out = channels(row[1]);
            for (int i = 0; i < row[2]; i++) {
                x = invertedResidual(b, random, "block" + block++, x, row[0], out, i == 0 ? row[3] : 1);
            }
        }
        int head = widthMultiplier > 1f ? channels(1280) : 1280;
        x = conv(b, random, "head", x, head, 1, 1, FusedActivation.RELU6, 1f);
        x = b.mean("global_pool", x, false, 1, 2);
        float[] w = gaussian(random, classes * head, (float) Math.sqrt(1.0 / head));
        centreRows(w, head);
        x = b.fullyConnected("logits", x, classes, FusedActivation.NONE, w, gaussian(random, classes, 0.1f));
        return b.toFloatTflite(b.softmax("probabilities", x));
    }

    private GraphTensor invertedResidual(TfliteGraphBuilder b, Random random, String name, GraphTensor in,
                                         int expansion, int out, int stride) {
        GraphTensor x = in;
        int hidden = in.dim(3) * expansion;
        if (expansion != 1) {
            x = conv(b, random, name + "/expand", x, hidden, 1, 1, FusedActivation.RELU6, 1f);
        }
        float[] dw = gaussian(random, 9 * hidden, (float) Math.sqrt(2.0 / 9));
        x = b.depthwiseConv2d(name + "/depthwise", x, 3, stride, ConvPadding.SAME, FusedActivation.RELU6, dw,
                gaussian(random, hidden, 0.05f));
        boolean residual = stride == 1 && in.dim(3) == out;
        x = conv(b, random, name + "/project", x, out, 1, 1, FusedActivation.NONE,
                residual ? RESIDUAL_BRANCH_SCALE : 1f);
        return residual ? b.add(name + "/add", in, x, FusedActivation.NONE) : x;
    }

    private static GraphTensor conv(TfliteGraphBuilder b, Random random, String name, GraphTensor in, int filters,
                                    int kernel, int stride, FusedActivation activation, float scale) {
        int fanIn = kernel * kernel * in.dim(3);
        // He init for layers followed by RELU6; linear projections use 1/fanIn so they do not amplify
        double gain = activation == FusedActivation.NONE ? 1.0 : 2.0;
        float[] w = gaussian(random, filters * fanIn, scale * (float) Math.sqrt(gain / fanIn));
        return b.conv2d(name, in, filters, kernel, stride, ConvPadding.SAME, activation, w,
                gaussian(random, filters, 0.05f));
    }

    /** Zero-mean rows make logits depend on which features fire, not on the (all-positive) average feature. */
    private static void centreRows(float[] w, int rowLength) {
        for (int r = 0; r < w.length / rowLength; r++) {
            double sum = 0;
            for (int i = 0; i < rowLength; i++) {
                sum += w[r * rowLength + i];
            }
            float mean = (float) (sum / rowLength);
            for (int i = 0; i < rowLength; i++) {
                w[r * rowLength + i] -= mean;
            }
        }
    }

    /** Channel count scaled by the width multiplier and rounded to a multiple of 8, as MobileNetV2 does. */
    private int channels(int base) {
        float v = base * widthMultiplier;
        int rounded = Math.max(8, (int) (v + 4) / 8 * 8);
        return rounded < 0.9f * v ? rounded + 8 : rounded;
    }

    private static float[] gaussian(Random random, int n, float std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian() * std;
        }
        return v;
    }
}
