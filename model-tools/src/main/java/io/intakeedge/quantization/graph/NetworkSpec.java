package io.intakeedge.quantization.graph;

import java.util.List;
import java.util.Objects;

/**
 * A sequential float CNN with its trained weights: what a trainer produces and what the float TFLite writer
 * turns into a model, which post-training quantization then makes INT8. Input is NHWC float, batch 1.
 *
 * @param name     model name, written into the TFLite description
 * @param height   input height in pixels
 * @param width    input width in pixels
 * @param channels input channels (3 for RGB)
 * @param layers   layers in execution order; the last is usually {@link Layer.Softmax} or {@link Layer.Logistic}
 * @param labels   output class labels, in output order (one label for a single logistic score)
 */
public record NetworkSpec(String name, int height, int width, int channels, List<Layer> layers, List<String> labels) {
    public NetworkSpec {
        Objects.requireNonNull(name, "name");
        layers = List.copyOf(layers);
        labels = List.copyOf(labels);
        if (height <= 0 || width <= 0 || channels <= 0) {
            throw new IllegalArgumentException("input shape must be positive: " + height + "x" + width + "x" + channels);
        }
    }
}
