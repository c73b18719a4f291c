package io.intakeedge.quantization.train;

import io.intakeedge.quantization.graph.Layer;

import java.util.Random;

/** SAME-padded max pooling: the window's maximum over the pixels inside the image; padding never wins. */
final class MaxPoolLayer implements TrainableLayer {

    private final Shape in;
    private final Shape out;
    private final int size;
    private final int stride;
    private final int padTop;
    private final int padLeft;

    MaxPoolLayer(Shape in, int size, int stride) {
        this.in = in;
        this.size = size;
        this.stride = stride;
        this.out = new Shape(Shape.sameOut(in.height(), stride), Shape.sameOut(in.width(), stride), in.channels());
        this.padTop = Shape.samePadBefore(in.height(), size, stride);
        this.padLeft = Shape.samePadBefore(in.width(), size, stride);
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
        for (int oy = 0; oy < out.height(); oy++) {
            for (int ox = 0; ox < out.width(); ox++) {
                for (int ch = 0; ch < c; ch++) {
                    y[(oy * out.width() + ox) * c + ch] = x[argmax(x, oy, ox, ch)];
                }
            }
        }
    }

    @Override
    public void backward(float[] p, int offset, float[] x, float[] y, float[] gradOut, float[] grads,
                         float[] gradIn) {
        if (gradIn == null) {
            return;
        }
        int c = in.channels();
        for (int oy = 0; oy < out.height(); oy++) {
            for (int ox = 0; ox < out.width(); ox++) {
                for (int ch = 0; ch < c; ch++) {
                    gradIn[argmax(x, oy, ox, ch)] += gradOut[(oy * out.width() + ox) * c + ch];
                }
            }
        }
    }

    /** Index in {@code x} of the window's first maximum: the input the output came from. */
    private int argmax(float[] x, int oy, int ox, int ch) {
        int best = -1;
        int c = in.channels();
        for (int ky = 0; ky < size; ky++) {
            int iy = oy * stride - padTop + ky;
            if (iy < 0 || iy >= in.height()) {
                continue;
            }
            for (int kx = 0; kx < size; kx++) {
                int ix = ox * stride - padLeft + kx;
                if (ix < 0 || ix >= in.width()) {
                    continue;
                }
                int at = (iy * in.width() + ix) * c + ch;
                if (best < 0 || x[at] > x[best]) {
                    best = at;
                }
            }
        }
        return best;
    }

    @Override
    public Layer export(float[] p, int offset) {
        return new Layer.MaxPool2D(size, stride);
    }
}
