package io.intakeedge.quantization.graph;

/**
 * One layer of a {@link NetworkSpec}. Convolutions use SAME padding. Weight layouts follow TFLite so the writer
 * can copy them as they are: Conv2D OHWI, DepthwiseConv2D 1HWC, Dense [units][inputs].
 */
public sealed interface Layer {

    /** Fused activation of a conv/dense layer. */
    enum Activation { NONE, RELU, RELU6 }

    record Conv2D(int filters, int kernel, int stride, Activation activation, float[] weights, float[] bias)
            implements Layer {
    }

    record DepthwiseConv2D(int kernel, int stride, Activation activation, float[] weights, float[] bias)
            implements Layer {
    }

    record MaxPool2D(int size, int stride) implements Layer {
    }

    /** Mean over height and width; the output is [1, channels]. */
    record GlobalAveragePool() implements Layer {
    }

    record Dense(int units, Activation activation, float[] weights, float[] bias) implements Layer {
    }

    record Softmax() implements Layer {
    }

    record Logistic() implements Layer {
    }
}
