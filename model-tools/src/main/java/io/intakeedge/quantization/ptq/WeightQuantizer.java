package io.intakeedge.quantization.ptq;

/**
 * Symmetric int8 weights and int32 biases as the TFLite INT8 spec asks: weights in [-127, 127] with zero point 0,
 * one scale per output channel ({@code max|w| / 127}); bias scale {@code input_scale × weight_scale}, zero point 0.
 */
final class WeightQuantizer {

    /** A weight scale for an all-zero channel; any positive value represents it exactly. */
    private static final float ZERO_CHANNEL_SCALE = 1e-8f;

    private WeightQuantizer() {
    }

    /** Quantized weights and their scales (one per channel, or one for the tensor). */
    record Weights(byte[] values, float[] scales) {
    }

    /**
     * @param weights  float weights in the tensor's layout
     * @param shape    the tensor's shape
     * @param axis     channel dimension (0 for CONV_2D/FULLY_CONNECTED, 3 for DEPTHWISE_CONV_2D), or -1 for one
     *                 scale for the whole tensor
     */
    static Weights quantize(float[] weights, int[] shape, int axis) {
        int channels = axis < 0 ? 1 : shape[axis];
        int inner = 1;
        for (int d = axis + 1; axis >= 0 && d < shape.length; d++) {
            inner *= shape[d];
        }
        float[] maxAbs = new float[channels];
        for (int i = 0; i < weights.length; i++) {
            int c = channel(i, inner, channels, axis);
            maxAbs[c] = Math.max(maxAbs[c], Math.abs(weights[i]));
        }
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = maxAbs[c] > 0 ? maxAbs[c] / 127f : ZERO_CHANNEL_SCALE;
        }
        byte[] q = new byte[weights.length];
        for (int i = 0; i < weights.length; i++) {
            long v = Math.round(weights[i] / scales[channel(i, inner, channels, axis)]);
            q[i] = (byte) Math.max(-127, Math.min(127, v));
        }
        return new Weights(q, scales);
    }

    /** int32 bias for {@code inputScale × weightScales[c]}; a single weight scale applies to every channel. */
    static int[] quantizeBias(float[] bias, float inputScale, float[] weightScales) {
        int[] q = new int[bias.length];
        for (int c = 0; c < bias.length; c++) {
            double scale = biasScale(inputScale, weightScales, c);
            long v = Math.round(bias[c] / scale);
            q[c] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        }
        return q;
    }

    /** One bias scale per weight scale: per-tensor weights get a per-tensor bias, as the dense kernel expects. */
    static float[] biasScales(float inputScale, float[] weightScales) {
        float[] scales = new float[weightScales.length];
        for (int c = 0; c < scales.length; c++) {
            scales[c] = (float) biasScale(inputScale, weightScales, c);
        }
        return scales;
    }

    private static double biasScale(float inputScale, float[] weightScales, int c) {
        return (double) inputScale * weightScales[weightScales.length == 1 ? 0 : c];
    }

    private static int channel(int index, int inner, int channels, int axis) {
        return axis < 0 ? 0 : (index / inner) % channels;
    }
}
