package io.intakeedge.quantization.train;

import io.intakeedge.quantization.graph.Layer;

import java.util.Random;

/**
 * One layer of the trainer's network, for one sample at a time. Its parameters live in the network's flat parameter
 * array starting at an offset, so the optimizer and the cross-sample gradient sum see one vector.
 */
interface TrainableLayer {

    Shape input();

    Shape output();

    int paramCount();

    /** Writes initial parameters to {@code params[offset ..]}. */
    void init(float[] params, int offset, Random random);

    /** Computes {@code out} (size {@code output().size()}) from {@code in}. */
    void forward(float[] params, int offset, float[] in, float[] out);

    /**
     * Adds this sample's parameter gradients to {@code grads[offset ..]} and, unless {@code gradIn} is null, writes
     * the gradient with respect to {@code in} into {@code gradIn} (which starts zeroed).
     */
    void backward(float[] params, int offset, float[] in, float[] out, float[] gradOut, float[] grads,
                  float[] gradIn);

    /** The trained layer in the {@link Layer} form the TFLite builder takes. */
    Layer export(float[] params, int offset);

    /** Derivative of a fused activation, from its output value. */
    static float derivative(Layer.Activation activation, float out) {
        return switch (activation) {
            case NONE -> 1f;
            case RELU -> out > 0f ? 1f : 0f;
            case RELU6 -> out > 0f && out < 6f ? 1f : 0f;
        };
    }

    static float activate(Layer.Activation activation, float x) {
        return switch (activation) {
            case NONE -> x;
            case RELU -> Math.max(x, 0f);
            case RELU6 -> Math.min(Math.max(x, 0f), 6f);
        };
    }
}
