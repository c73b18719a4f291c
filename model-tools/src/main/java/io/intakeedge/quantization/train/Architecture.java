package io.intakeedge.quantization.train;

import io.intakeedge.quantization.graph.Layer.Activation;

import java.util.List;
import java.util.Objects;

/**
 * The shape of a network before it has weights: input size, the layers in order and the class labels. The trainer
 * adds a softmax over the last dense layer, so the last layer must be a {@link Dense} with one unit per label.
 * Convolutions and pooling use SAME padding like the TFLite model the trained network becomes.
 *
 * @param name     model name carried into the {@link io.intakeedge.quantization.graph.NetworkSpec}
 * @param height   input height in pixels
 * @param width    input width in pixels
 * @param channels input channels (3 for RGB)
 * @param layers   hidden layers and the final dense layer, in order
 * @param labels   class labels in output order
 */
public record Architecture(String name, int height, int width, int channels, List<Plan> layers, List<String> labels) {

    /** One layer of an architecture. */
    public sealed interface Plan permits Conv, MaxPool, GlobalAveragePool, Dense {
    }

    /** Convolution with {@code filters} outputs, a square {@code kernel} and a fused activation. */
    public record Conv(int filters, int kernel, int stride, Activation activation) implements Plan {
        public Conv {
            positive("filters", filters);
            positive("kernel", kernel);
            positive("stride", stride);
            Objects.requireNonNull(activation, "activation");
        }
    }

    /** Max pooling over a square window. */
    public record MaxPool(int size, int stride) implements Plan {
        public MaxPool {
            positive("size", size);
            positive("stride", stride);
        }
    }

    /** Mean over height and width; the output has one value per channel. */
    public record GlobalAveragePool() implements Plan {
    }

    /** Fully connected layer; its input must already be flat (after global average pooling or another dense). */
    public record Dense(int units, Activation activation) implements Plan {
        public Dense {
            positive("units", units);
            Objects.requireNonNull(activation, "activation");
        }
    }

    public Architecture {
        Objects.requireNonNull(name, "name");
        layers = List.copyOf(layers);
        labels = List.copyOf(labels);
        positive("height", height);
        positive("width", width);
        positive("channels", channels);
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a softmax classifier needs at least two labels, got " + labels);
        }
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof Dense last)
                || last.units() != labels.size() || last.activation() != Activation.NONE) {
            throw new IllegalArgumentException("the last layer must be Dense(" + labels.size()
                    + " units, NONE) to feed the softmax over " + labels + ", got " + layers);
        }
    }

    /**
     * The demo classifier: 64×64 RGB, three stride-2 3×3 convolutions (16, 32, 32 filters, ReLU), global average
     * pooling and a two-way softmax over {@code intact}/{@code damaged}. About 14 k weights and 2.2 M MACs: small
     * enough to train on a few thousand crops in minutes on two cores, large enough to see tears and dents.
     */
    public static Architecture demo() {
        return new Architecture("parcel_damage_demo", 64, 64, 3, List.of(
                new Conv(16, 3, 2, Activation.RELU),
                new Conv(32, 3, 2, Activation.RELU),
                new Conv(32, 3, 2, Activation.RELU),
                new GlobalAveragePool(),
                new Dense(2, Activation.NONE)),
                List.of("intact", "damaged"));
    }

    private static void positive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }
}
