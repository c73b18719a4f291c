package io.intakeedge.quantization.builder;

import io.intakeedge.quantization.graph.Layer;
import io.intakeedge.quantization.graph.NetworkSpec;

/**
 * Writes a sequential {@link NetworkSpec} as a float32 TFLite model, the input of post-training quantization.
 * Semantics the trainer must match: convolutions and max pooling use SAME padding; {@link Layer.GlobalAveragePool}
 * is a MEAN over height and width giving {@code [1, C]}; a {@link Layer.Dense} after a 4-D tensor flattens it in
 * HWC order.
 */
public final class NetworkSpecs {

    private NetworkSpecs() {
    }

    public static byte[] toFloatTflite(NetworkSpec spec) {
        TfliteGraphBuilder b = new TfliteGraphBuilder(spec.name());
        GraphTensor x = b.input("input", 1, spec.height(), spec.width(), spec.channels());
        int n = 0;
        for (Layer layer : spec.layers()) {
            x = append(b, "layer" + n++, x, layer);
        }
        return b.toFloatTflite(x);
    }

    private static GraphTensor append(TfliteGraphBuilder b, String name, GraphTensor x, Layer layer) {
        if (layer instanceof Layer.Conv2D c) {
            return b.conv2d(name + "_conv", x, c.filters(), c.kernel(), c.stride(), ConvPadding.SAME,
                    activation(c.activation()), c.weights(), c.bias());
        } else if (layer instanceof Layer.DepthwiseConv2D d) {
            return b.depthwiseConv2d(name + "_dwconv", x, d.kernel(), d.stride(), ConvPadding.SAME,
                    activation(d.activation()), d.weights(), d.bias());
        } else if (layer instanceof Layer.MaxPool2D p) {
            return b.maxPool2d(name + "_maxpool", x, p.size(), p.stride(), ConvPadding.SAME);
        } else if (layer instanceof Layer.GlobalAveragePool) {
            return b.mean(name + "_gap", x, false, 1, 2);
        } else if (layer instanceof Layer.Dense d) {
            return b.fullyConnected(name + "_dense", x, d.units(), activation(d.activation()), d.weights(), d.bias());
        } else if (layer instanceof Layer.Softmax) {
            return b.softmax(name + "_softmax", x);
        } else if (layer instanceof Layer.Logistic) {
            return b.logistic(name + "_logistic", x);
        }
        throw new IllegalArgumentException("no TFLite mapping for layer " + layer.getClass().getSimpleName());
    }

    static FusedActivation activation(Layer.Activation a) {
        return switch (a) {
            case NONE -> FusedActivation.NONE;
            case RELU -> FusedActivation.RELU;
            case RELU6 -> FusedActivation.RELU6;
        };
    }
}
