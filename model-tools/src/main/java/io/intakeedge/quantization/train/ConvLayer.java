package io.intakeedge.quantization.train;

import io.intakeedge.quantization.graph.Layer;

import java.util.Arrays;
import java.util.Random;

/**
 * SAME-padded 2-D convolution with a fused activation. Weights are kept as [kernel·kernel·inChannels][filters]
 * (HWIO) so that the inner loops run over filters, contiguous in both the weights and the NHWC output, which the
 * JIT vectorizes; {@link #export} transposes to TFLite's OHWI.
 */
final class ConvLayer implements TrainableLayer {

    private final Shape in;
    private final Shape out;
    private final int filters;
    private final int kernel;
    private final int stride;
    private final Layer.Activation activation;
    private final int padTop;
    private final int padLeft;
    private final int patchSize;

    ConvLayer(Shape in, int filters, int kernel, int stride, Layer.Activation activation) {
        this.in = in;
        this.filters = filters;
        this.kernel = kernel;
        this.stride = stride;
        this.activation = activation;
        this.out = new Shape(Shape.sameOut(in.height(), stride), Shape.sameOut(in.width(), stride), filters);
        this.padTop = Shape.samePadBefore(in.height(), kernel, stride);
        this.padLeft = Shape.samePadBefore(in.width(), kernel, stride);
        this.patchSize = kernel * kernel * in.channels();
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
        return patchSize * filters + filters;
    }

    @Override
    public void init(float[] params, int offset, Random random) {
        // He initialization keeps ReLU activations at a stable scale through the stack
        double std = Math.sqrt(2.0 / patchSize);
        for (int i = 0; i < patchSize * filters; i++) {
            params[offset + i] = (float) (random.nextGaussian() * std);
        }
        Arrays.fill(params, offset + patchSize * filters, offset + paramCount(), 0f);
    }

    @Override
    public void forward(float[] p, int offset, float[] x, float[] y) {
        float[] patch = new float[patchSize];
        int biasAt = offset + patchSize * filters;
        for (int oy = 0; oy < out.height(); oy++) {
            for (int ox = 0; ox < out.width(); ox++) {
                gatherPatch(x, oy, ox, patch);
                int yAt = (oy * out.width() + ox) * filters;
                System.arraycopy(p, biasAt, y, yAt, filters);
                for (int j = 0; j < patchSize; j++) {
                    float v = patch[j];
                    if (v == 0f) {
                        continue;
                    }
                    int wAt = offset + j * filters;
                    for (int o = 0; o < filters; o++) {
                        y[yAt + o] += v * p[wAt + o];
                    }
                }
                for (int o = 0; o < filters; o++) {
                    y[yAt + o] = TrainableLayer.activate(activation, y[yAt + o]);
                }
            }
        }
    }

    @Override
    public void backward(float[] p, int offset, float[] x, float[] y, float[] gradOut, float[] grads,
                         float[] gradIn) {
        float[] patch = new float[patchSize];
        float[] gradPatch = new float[patchSize];
        float[] g = new float[filters];
        // OHWI copy so the input gradient is a sum of contiguous rows (vectorized) rather than a dot product
        float[] ohwi = gradIn == null ? null : transposed(p, offset);
        int biasAt = offset + patchSize * filters;
        for (int oy = 0; oy < out.height(); oy++) {
            for (int ox = 0; ox < out.width(); ox++) {
                int yAt = (oy * out.width() + ox) * filters;
                boolean any = false;
                for (int o = 0; o < filters; o++) {
                    g[o] = gradOut[yAt + o] * TrainableLayer.derivative(activation, y[yAt + o]);
                    any |= g[o] != 0f;
                }
                if (!any) {
                    continue;
                }
                gatherPatch(x, oy, ox, patch);
                for (int o = 0; o < filters; o++) {
                    grads[biasAt + o] += g[o];
                }
                for (int j = 0; j < patchSize; j++) {
                    float v = patch[j];
                    if (v != 0f) {
                        int wAt = offset + j * filters;
                        for (int o = 0; o < filters; o++) {
                            grads[wAt + o] += v * g[o];
                        }
                    }
                }
                if (ohwi != null) {
                    Arrays.fill(gradPatch, 0f);
                    for (int o = 0; o < filters; o++) {
                        float go = g[o];
                        if (go == 0f) {
                            continue;
                        }
                        int row = o * patchSize;
                        for (int j = 0; j < patchSize; j++) {
                            gradPatch[j] += go * ohwi[row + j];
                        }
                    }
                    scatterPatch(gradPatch, oy, ox, gradIn);
                }
            }
        }
    }

    /** The kernel in TFLite's OHWI layout. */
    private float[] transposed(float[] p, int offset) {
        float[] ohwi = new float[patchSize * filters];
        for (int j = 0; j < patchSize; j++) {
            for (int o = 0; o < filters; o++) {
                ohwi[o * patchSize + j] = p[offset + j * filters + o];
            }
        }
        return ohwi;
    }

    /** Copies the kernel window of output pixel (oy, ox) into {@code patch}, zeros where it hangs over the edge. */
    private void gatherPatch(float[] x, int oy, int ox, float[] patch) {
        int c = in.channels();
        for (int ky = 0; ky < kernel; ky++) {
            int iy = oy * stride - padTop + ky;
            for (int kx = 0; kx < kernel; kx++) {
                int ix = ox * stride - padLeft + kx;
                int at = (ky * kernel + kx) * c;
                if (iy < 0 || iy >= in.height() || ix < 0 || ix >= in.width()) {
                    Arrays.fill(patch, at, at + c, 0f);
                } else {
                    System.arraycopy(x, (iy * in.width() + ix) * c, patch, at, c);
                }
            }
        }
    }

    private void scatterPatch(float[] gradPatch, int oy, int ox, float[] gradIn) {
        int c = in.channels();
        for (int ky = 0; ky < kernel; ky++) {
            int iy = oy * stride - padTop + ky;
            for (int kx = 0; kx < kernel; kx++) {
                int ix = ox * stride - padLeft + kx;
                if (iy < 0 || iy >= in.height() || ix < 0 || ix >= in.width()) {
                    continue;
                }
                int from = (ky * kernel + kx) * c;
                int to = (iy * in.width() + ix) * c;
                for (int ch = 0; ch < c; ch++) {
                    gradIn[to + ch] += gradPatch[from + ch];
                }
            }
        }
    }

    @Override
    public Layer export(float[] p, int offset) {
        float[] ohwi = transposed(p, offset);
        float[] bias = Arrays.copyOfRange(p, offset + patchSize * filters, offset + paramCount());
        return new Layer.Conv2D(filters, kernel, stride, activation, ohwi, bias);
    }
}
