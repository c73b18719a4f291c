package io.intakeedge.quantization.train;

import io.intakeedge.quantization.graph.Layer;
import io.intakeedge.quantization.graph.NetworkSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The trainer's view of an {@link Architecture}: its layers with their offsets into one flat parameter vector,
 * and the per-sample forward pass, softmax cross-entropy loss and backward pass. Stateless apart from the layout,
 * so worker threads can share one instance.
 */
final class Network {

    private final Architecture architecture;
    private final List<TrainableLayer> layers = new ArrayList<>();
    private final int[] offsets;
    private final int paramCount;

    Network(Architecture architecture) {
        this.architecture = architecture;
        Shape shape = new Shape(architecture.height(), architecture.width(), architecture.channels());
        for (Architecture.Plan plan : architecture.layers()) {
            TrainableLayer layer = create(plan, shape);
            layers.add(layer);
            shape = layer.output();
        }
        offsets = new int[layers.size()];
        int total = 0;
        for (int i = 0; i < layers.size(); i++) {
            offsets[i] = total;
            total += layers.get(i).paramCount();
        }
        paramCount = total;
    }

    private static TrainableLayer create(Architecture.Plan plan, Shape in) {
        if (plan instanceof Architecture.Conv c) {
            return new ConvLayer(in, c.filters(), c.kernel(), c.stride(), c.activation());
        }
        if (plan instanceof Architecture.MaxPool m) {
            return new MaxPoolLayer(in, m.size(), m.stride());
        }
        if (plan instanceof Architecture.GlobalAveragePool) {
            return new GlobalAveragePoolLayer(in);
        }
        Architecture.Dense d = (Architecture.Dense) plan;
        if (in.height() != 1 || in.width() != 1) {
            throw new IllegalArgumentException("Dense needs a flat input (add GlobalAveragePool first), got "
                    + in.height() + "x" + in.width() + "x" + in.channels());
        }
        return new DenseLayer(in, d.units(), d.activation());
    }

    int paramCount() {
        return paramCount;
    }

    int inputSize() {
        return layers.get(0).input().size();
    }

    float[] initialParams(Random random) {
        float[] params = new float[paramCount];
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).init(params, offsets[i], random);
        }
        return params;
    }

    /** Activations of one sample: [0] is the input, [i + 1] the output of layer i (the logits last). */
    float[][] forward(float[] params, float[] input) {
        float[][] acts = new float[layers.size() + 1][];
        acts[0] = input;
        for (int i = 0; i < layers.size(); i++) {
            TrainableLayer layer = layers.get(i);
            acts[i + 1] = new float[layer.output().size()];
            layer.forward(params, offsets[i], acts[i], acts[i + 1]);
        }
        return acts;
    }

    /**
     * Forward and backward pass of one sample: adds its cross-entropy gradient to {@code grads} and returns the
     * loss and whether the sample was classified right.
     */
    SampleResult train(float[] params, float[] input, int label, float[] grads) {
        float[][] acts = forward(params, input);
        float[] probs = softmax(acts[acts.length - 1]);
        float[] grad = probs.clone();
        grad[label] -= 1f; // d(cross-entropy)/d(logits) = softmax - one-hot
        for (int i = layers.size() - 1; i >= 0; i--) {
            float[] gradIn = i == 0 ? null : new float[layers.get(i).input().size()];
            layers.get(i).backward(params, offsets[i], acts[i], acts[i + 1], grad, grads, gradIn);
            grad = gradIn;
        }
        return SampleResult.of(probs, label);
    }

    /** Loss and correctness of one sample without gradients. */
    SampleResult evaluate(float[] params, float[] input, int label) {
        float[][] acts = forward(params, input);
        return SampleResult.of(softmax(acts[acts.length - 1]), label);
    }

    static float[] softmax(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        float[] out = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = (float) Math.exp(logits[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (out[i] / sum);
        }
        return out;
    }

    NetworkSpec export(float[] params) {
        List<Layer> spec = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            spec.add(layers.get(i).export(params, offsets[i]));
        }
        spec.add(new Layer.Softmax());
        return new NetworkSpec(architecture.name(), architecture.height(), architecture.width(),
                architecture.channels(), spec, architecture.labels());
    }

    /** Cross-entropy loss of one sample and whether its top-1 class was the label. */
    record SampleResult(double loss, boolean correct) {
        static SampleResult of(float[] probs, int label) {
            int best = 0;
            for (int i = 1; i < probs.length; i++) {
                if (probs[i] > probs[best]) {
                    best = i;
                }
            }
            // clamp so one confidently wrong sample cannot make the epoch's loss infinite
            double loss = -Math.log(Math.max(probs[label], 1e-12));
            return new SampleResult(loss, best == label);
        }
    }
}
