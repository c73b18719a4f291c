package io.intakeedge.quantization.train;

import io.intakeedge.quantization.graph.Layer;
import io.intakeedge.quantization.graph.NetworkSpec;

/**
 * A plain float forward pass over a {@link NetworkSpec}: the reference that TFLite float and INT8 models of the same
 * network are compared against. Written directly from the layer definitions (OHWI, 1HWC and [units][inputs]
 * weights, SAME padding as TFLite pads: the odd pixel after), independent of the trainer's own kernels.
 */
public final class FloatNetwork {

    private FloatNetwork() {
    }

    /** The network's output for one NHWC image of {@code height * width * channels} floats. */
    public static float[] predict(NetworkSpec spec, float[] image) {
        int size = spec.height() * spec.width() * spec.channels();
        if (image.length != size) {
            throw new IllegalArgumentException(spec.name() + " takes " + spec.height() + "x" + spec.width() + "x"
                    + spec.channels() + " = " + size + " values, got " + image.length);
        }
        Tensor t = new Tensor(spec.height(), spec.width(), spec.channels(), image);
        for (Layer layer : spec.layers()) {
            t = apply(layer, t);
        }
        return t.data;
    }

    /** Index of the largest output: the predicted class. */
    public static int argmax(float[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }

    private record Tensor(int h, int w, int c, float[] data) {
        float at(int y, int x, int ch) {
            return data[(y * w + x) * c + ch];
        }

        boolean inside(int y, int x) {
            return y >= 0 && y < h && x >= 0 && x < w;
        }
    }

    private static Tensor apply(Layer layer, Tensor in) {
        if (layer instanceof Layer.Conv2D conv) {
            return conv(in, conv);
        }
        if (layer instanceof Layer.DepthwiseConv2D dw) {
            return depthwise(in, dw);
        }
        if (layer instanceof Layer.MaxPool2D pool) {
            return maxPool(in, pool);
        }
        if (layer instanceof Layer.GlobalAveragePool) {
            return globalAverage(in);
        }
        if (layer instanceof Layer.Dense dense) {
            return dense(in, dense);
        }
        if (layer instanceof Layer.Softmax) {
            return new Tensor(in.h, in.w, in.c, Network.softmax(in.data));
        }
        float[] out = new float[in.data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (1.0 / (1.0 + Math.exp(-in.data[i])));
        }
        return new Tensor(in.h, in.w, in.c, out);
    }

    private static Tensor conv(Tensor in, Layer.Conv2D conv) {
        int k = conv.kernel();
        int oh = Shape.sameOut(in.h, conv.stride());
        int ow = Shape.sameOut(in.w, conv.stride());
        int padTop = Shape.samePadBefore(in.h, k, conv.stride());
        int padLeft = Shape.samePadBefore(in.w, k, conv.stride());
        float[] out = new float[oh * ow * conv.filters()];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int o = 0; o < conv.filters(); o++) {
                    double s = conv.bias()[o];
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            int iy = oy * conv.stride() - padTop + ky;
                            int ix = ox * conv.stride() - padLeft + kx;
                            if (!in.inside(iy, ix)) {
                                continue;
                            }
                            for (int i = 0; i < in.c; i++) {
                                s += conv.weights()[((o * k + ky) * k + kx) * in.c + i] * in.at(iy, ix, i);
                            }
                        }
                    }
                    out[(oy * ow + ox) * conv.filters() + o] = TrainableLayer.activate(conv.activation(), (float) s);
                }
            }
        }
        return new Tensor(oh, ow, conv.filters(), out);
    }

    private static Tensor depthwise(Tensor in, Layer.DepthwiseConv2D dw) {
        int k = dw.kernel();
        int oh = Shape.sameOut(in.h, dw.stride());
        int ow = Shape.sameOut(in.w, dw.stride());
        int padTop = Shape.samePadBefore(in.h, k, dw.stride());
        int padLeft = Shape.samePadBefore(in.w, k, dw.stride());
        float[] out = new float[oh * ow * in.c];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int ch = 0; ch < in.c; ch++) {
                    double s = dw.bias()[ch];
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            int iy = oy * dw.stride() - padTop + ky;
                            int ix = ox * dw.stride() - padLeft + kx;
                            if (in.inside(iy, ix)) {
                                s += dw.weights()[(ky * k + kx) * in.c + ch] * in.at(iy, ix, ch);
                            }
                        }
                    }
                    out[(oy * ow + ox) * in.c + ch] = TrainableLayer.activate(dw.activation(), (float) s);
                }
            }
        }
        return new Tensor(oh, ow, in.c, out);
    }

    private static Tensor maxPool(Tensor in, Layer.MaxPool2D pool) {
        int oh = Shape.sameOut(in.h, pool.stride());
        int ow = Shape.sameOut(in.w, pool.stride());
        int padTop = Shape.samePadBefore(in.h, pool.size(), pool.stride());
        int padLeft = Shape.samePadBefore(in.w, pool.size(), pool.stride());
        float[] out = new float[oh * ow * in.c];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int ch = 0; ch < in.c; ch++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int ky = 0; ky < pool.size(); ky++) {
                        for (int kx = 0; kx < pool.size(); kx++) {
                            int iy = oy * pool.stride() - padTop + ky;
                            int ix = ox * pool.stride() - padLeft + kx;
                            if (in.inside(iy, ix)) {
                                m = Math.max(m, in.at(iy, ix, ch));
                            }
                        }
                    }
                    out[(oy * ow + ox) * in.c + ch] = m;
                }
            }
        }
        return new Tensor(oh, ow, in.c, out);
    }

    private static Tensor globalAverage(Tensor in) {
        float[] out = new float[in.c];
        for (int ch = 0; ch < in.c; ch++) {
            double s = 0;
            for (int y = 0; y < in.h; y++) {
                for (int x = 0; x < in.w; x++) {
                    s += in.at(y, x, ch);
                }
            }
            out[ch] = (float) (s / (in.h * in.w));
        }
        return new Tensor(1, 1, in.c, out);
    }

    /** Fully connected over the NHWC-flattened input, as TFLite's FULLY_CONNECTED reads it. */
    private static Tensor dense(Tensor in, Layer.Dense dense) {
        int inputs = in.data.length;
        if (dense.weights().length != dense.units() * inputs) {
            throw new IllegalArgumentException("Dense has " + dense.weights().length + " weights, expected "
                    + dense.units() + " units x " + inputs + " inputs");
        }
        float[] out = new float[dense.units()];
        for (int u = 0; u < dense.units(); u++) {
            double s = dense.bias()[u];
            for (int i = 0; i < inputs; i++) {
                s += dense.weights()[u * inputs + i] * in.data[i];
            }
            out[u] = TrainableLayer.activate(dense.activation(), (float) s);
        }
        return new Tensor(1, 1, dense.units(), out);
    }
}
