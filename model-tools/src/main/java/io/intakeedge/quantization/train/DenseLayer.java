package io.intakeedge.quantization.train;

import io.intakeedge.quantization.graph.Layer;

import java.util.Arrays;
import java.util.Random;

/** Fully connected layer; weights are [units][inputs] as TFLite's FULLY_CONNECTED expects, then the biases. */
final class DenseLayer implements TrainableLayer {

    private final Shape in;
    private final Shape out;
    private final int units;
    private final int inputs;
    private final Layer.Activation activation;

    DenseLayer(Shape in, int units, Layer.Activation activation) {
        this.in = in;
        this.units = units;
        this.inputs = in.size();
        this.activation = activation;
        this.out = new Shape(1, 1, units);
    }

    @Override
    public Shape input() {
        return in;
    }

    @Override
    public Shape output() {
        return out;
    }

    @Override
    public int paramCount() {
        return units * inputs + units;
    }

    @Override
    public void init(float[] params, int offset, Random random) {
        // He for hidden ReLU layers; Glorot-like for the logits so the first softmax is not saturated
        double std = activation == Layer.Activation.NONE ? Math.sqrt(1.0 / inputs) : Math.sqrt(2.0 / inputs);
        for (int i = 0; i < units * inputs; i++) {
            params[offset + i] = (float) (random.nextGaussian() * std);
        }
        Arrays.fill(params, offset + units * inputs, offset + paramCount(), 0f);
    }

    @Override
    public void forward(float[] p, int offset, float[] x, float[] y) {
        int biasAt = offset + units * inputs;
        for (int u = 0; u < units; u++) {
            float s = p[biasAt + u];
            int wAt = offset + u * inputs;
            for (int i = 0; i < inputs; i++) {
                s += p[wAt + i] * x[i];
            }
            y[u] = TrainableLayer.activate(activation, s);
        }
    }

    @Override
    public void backward(float[] p, int offset, float[] x, float[] y, float[] gradOut, float[] grads,
                         float[] gradIn) {
        int biasAt = offset + units * inputs;
        for (int u = 0; u < units; u++) {
            float g = gradOut[u] * TrainableLayer.derivative(activation, y[u]);
            if (g == 0f) {
                continue;
            }
            grads[biasAt + u] += g;
            int wAt = offset + u * inputs;
            for (int i = 0; i < inputs; i++) {
                grads[wAt + i] += g * x[i];
            }
            if (gradIn != null) {
                for (int i = 0; i < inputs; i++) {
                    gradIn[i] += g * p[wAt + i];
                }
            }
        }
    }

    @Override
    public Layer export(float[] p, int offset) {
        return new Layer.Dense(units, activation,
                Arrays.copyOfRange(p, offset, offset + units * inputs),
                Arrays.copyOfRange(p, offset + units * inputs, offset + paramCount()));
    }
}
