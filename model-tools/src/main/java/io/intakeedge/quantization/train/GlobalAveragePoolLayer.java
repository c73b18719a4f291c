package io.intakeedge.quantization.train;

import io.intakeedge.quantization.graph.Layer;

import java.util.Random;

/** Mean of each channel over height and width. */
final class GlobalAveragePoolLayer implements TrainableLayer {

    private final Shape in;
    private final Shape out;

    GlobalAveragePoolLayer(Shape in) {
        this.in = in;
        this.out = new Shape(1, 1, in.channels());
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
        return 0;
    }

    @Override
    public void init(float[] params, int offset, Random random) {
        // no parameters
    }

    @Override
    public void forward(float[] p, int offset, float[] x, float[] y) {
        int c = in.channels();
        int pixels = in.height() * in.width();
        for (int i = 0; i < pixels; i++) {
            for (int ch = 0; ch < c; ch++) {
                y[ch] += x[i * c + ch];
            }
        }
        for (int ch = 0; ch < c; ch++) {
            y[ch] /= pixels;
        }
    }

    @Override
    public void backward(float[] p, int offset, float[] x, float[] y, float[] gradOut, float[] grads,
                         float[] gradIn) {
        if (gradIn == null) {
            return;
        }
        int c = in.channels();
        int pixels = in.height() * in.width();
        for (int i = 0; i < pixels; i++) {
            for (int ch = 0; ch < c; ch++) {
                gradIn[i * c + ch] = gradOut[ch] / pixels;
            }
        }
    }

    @Override
    public Layer export(float[] p, int offset) {
        return new Layer.GlobalAveragePool();
    }
}
