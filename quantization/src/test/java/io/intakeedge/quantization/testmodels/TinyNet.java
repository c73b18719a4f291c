package io.intakeedge.quantization.testmodels;

import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.tensor.QuantParams;

import java.util.Random;

/**
 * Test fixture: a tiny seeded CNN (CONV_2D 3×3/2 SAME RELU → optional DEPTHWISE_CONV_2D 3×3/1 SAME RELU →
 * FULLY_CONNECTED → SOFTMAX over N classes, or LOGISTIC when N == 1) with a plain-Java float reference.
 * Weights are already rounded to per-channel symmetric int8 so the float and int8 models written by
 * {@link TinyNetWriter} compute the same function up to activation rounding.
 */
public final class TinyNet {
    public final int height;
    public final int width;
    public final int filters;
    public final int classes;
    public final boolean depthwise;
    /** Float input range the int8 input quantization covers, e.g. [0,1] or [-1,1]. */
    public final float inputMin;
    public final float inputMax;

    final float[] convW;   // OHWI [filters][3][3][3]
    final float[] convWScale;
    float[] convB;
    final float[] dwW;     // 1HWC [1][3][3][filters]
    final float[] dwWScale;
    float[] dwB;
    final float[] fcW;     // [classes][k]
    final float[] fcWScale;
    float[] fcB;

    // int8 parameters (see the constructor)
    public QuantParams inputQ;
    QuantParams convQ;
    QuantParams dwQ;
    QuantParams logitQ;
    int[] convBq;
    int[] dwBq;
    int[] fcBq;

    // activation ranges found by calibration (max of RELU outputs, min/max of logits)
    float convMax;
    float dwMax;
    float logitMin;
    float logitMax;

    public TinyNet(int height, int width, int filters, int classes, boolean depthwise, float inputMin,
                   float inputMax, long seed) {
        this.height = height;
        this.width = width;
        this.filters = filters;
        this.classes = classes;
        this.depthwise = depthwise;
        this.inputMin = inputMin;
        this.inputMax = inputMax;
        Random rnd = new Random(seed);
        convW = gaussian(rnd, filters * 27, Math.sqrt(2.0 / 27));
        convWScale = roundPerChannel(convW, filters, 27, 1);
        convB = gaussian(rnd, filters, 0.05);
        dwW = gaussian(rnd, 9 * filters, Math.sqrt(2.0 / 9));
        dwWScale = roundPerChannel(dwW, filters, 9, filters);
        dwB = gaussian(rnd, filters, 0.05);
        int k = featureCount();
        fcW = gaussian(rnd, classes * k, 3.0 / Math.sqrt(k));
        fcWScale = roundPerChannel(fcW, 1, classes * k, 1); // per-tensor, as FULLY_CONNECTED commonly is
        fcB = gaussian(rnd, classes, 0.1);
        calibrate(rnd);
        inputQ = QuantParams.fromRange(inputMin, inputMax, ElementType.INT8);
        convQ = new QuantParams(convMax / 255f, -128, ElementType.INT8);
        dwQ = new QuantParams(Math.max(dwMax, 1e-6f) / 255f, -128, ElementType.INT8);
        logitQ = QuantParams.fromRange(logitMin, logitMax, ElementType.INT8);
        convBq = roundBias(convB, inputQ.scale(), convWScale);
        dwBq = roundBias(dwB, convQ.scale(), dwWScale);
        fcBq = roundBias(fcB, depthwise ? dwQ.scale() : convQ.scale(), fcWScale);
    }

    /**
     * Biases become int32 with scale = input scale × weight scale (TFLite INT8 spec); the float biases are set to
     * the dequantized values so the float model and the reference compute what the int8 model approximates.
     */
    private static int[] roundBias(float[] bias, float inputScale, float[] weightScales) {
        int[] q = new int[bias.length];
        for (int c = 0; c < bias.length; c++) {
            float s = biasScale(inputScale, weightScales, c);
            q[c] = Math.round(bias[c] / s);
            bias[c] = q[c] * s;
        }
        return q;
    }

    static float biasScale(float inputScale, float[] weightScales, int channel) {
        return (float) ((double) inputScale * weightScales[weightScales.length == 1 ? 0 : channel]);
    }

    /** 16×16 input in [0,1], 4 filters, 2 classes, no depthwise layer. */
    public static TinyNet small(long seed) {
        return new TinyNet(16, 16, 4, 2, false, 0f, 1f, seed);
    }

    public int outHeight() {
        return (height + 1) / 2;
    }

    public int outWidth() {
        return (width + 1) / 2;
    }

    public int featureCount() {
        return outHeight() * outWidth() * filters;
    }

    /** Random HWC input spread over the input range. */
    public float[] randomInput(Random rnd) {
        float[] x = new float[height * width * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = inputMin + rnd.nextFloat() * (inputMax - inputMin);
        }
        return x;
    }

    /** Float forward pass on an HWC input (RGB channel order); returns probabilities (or the sigmoid score). */
    public float[] forward(float[] x) {
        return activate(logits(x));
    }

    float[] logits(float[] x) {
        float[] a = conv(x);
        if (depthwise) {
            a = depthwiseConv(a);
        }
        float[] logits = new float[classes];
        int k = featureCount();
        for (int j = 0; j < classes; j++) {
            double acc = fcB[j];
            for (int i = 0; i < k; i++) {
                acc += (double) fcW[j * k + i] * a[i];
            }
            logits[j] = (float) acc;
        }
        return logits;
    }

    float[] conv(float[] x) {
        int oh = outHeight();
        int ow = outWidth();
        int padTop = Math.max((oh - 1) * 2 + 3 - height, 0) / 2;
        int padLeft = Math.max((ow - 1) * 2 + 3 - width, 0) / 2;
        float[] y = new float[oh * ow * filters];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int o = 0; o < filters; o++) {
                    double acc = convB[o];
                    for (int ky = 0; ky < 3; ky++) {
                        int iy = oy * 2 - padTop + ky;
                        for (int kx = 0; kx < 3; kx++) {
                            int ix = ox * 2 - padLeft + kx;
                            if (iy < 0 || iy >= height || ix < 0 || ix >= width) {
                                continue;
                            }
                            for (int c = 0; c < 3; c++) {
                                acc += (double) x[(iy * width + ix) * 3 + c] * convW[((o * 3 + ky) * 3 + kx) * 3 + c];
                            }
                        }
                    }
                    y[(oy * ow + ox) * filters + o] = (float) Math.max(0, acc);
                }
            }
        }
        return y;
    }

    float[] depthwiseConv(float[] x) {
        int h = outHeight();
        int w = outWidth();
        float[] y = new float[x.length];
        for (int oy = 0; oy < h; oy++) {
            for (int ox = 0; ox < w; ox++) {
                for (int c = 0; c < filters; c++) {
                    double acc = dwB[c];
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            int iy = oy - 1 + ky;
                            int ix = ox - 1 + kx;
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                acc += (double) x[(iy * w + ix) * filters + c] * dwW[(ky * 3 + kx) * filters + c];
                            }
                        }
                    }
                    y[(oy * w + ox) * filters + c] = (float) Math.max(0, acc);
                }
            }
        }
        return y;
    }

    float[] activate(float[] logits) {
        if (classes == 1) {
            return new float[] {(float) (1 / (1 + Math.exp(-logits[0])))};
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        float[] p = new float[classes];
        for (int j = 0; j < classes; j++) {
            p[j] = (float) Math.exp(logits[j] - max);
            sum += p[j];
        }
        for (int j = 0; j < classes; j++) {
            p[j] /= (float) sum;
        }
        return p;
    }

    private void calibrate(Random rnd) {
        for (int n = 0; n < 8; n++) {
            float[] x = randomInput(rnd);
            float[] a = conv(x);
            for (float v : a) {
                convMax = Math.max(convMax, v);
            }
            if (depthwise) {
                for (float v : depthwiseConv(a)) {
                    dwMax = Math.max(dwMax, v);
                }
            }
            for (float v : logits(x)) {
                logitMin = Math.min(logitMin, v);
                logitMax = Math.max(logitMax, v);
            }
        }
        // headroom so unseen inputs rarely saturate
        convMax *= 1.3f;
        dwMax *= 1.3f;
        logitMin *= 1.3f;
        logitMax *= 1.3f;
    }

    private static float[] gaussian(Random rnd, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * std);
        }
        return v;
    }

    /**
     * Rounds weights in place to symmetric int8 with one scale per channel and returns the scales. Channel of
     * element i is {@code (i / inner) % channels} with inner = 1 for channel-last (depthwise) layouts.
     */
    private static float[] roundPerChannel(float[] w, int channels, int perChannel, int stride) {
        float[] scale = new float[channels];
        for (int i = 0; i < w.length; i++) {
            int c = stride == 1 ? i / perChannel : i % channels;
            scale[c] = Math.max(scale[c], Math.abs(w[i]));
        }
        for (int c = 0; c < channels; c++) {
            scale[c] = Math.max(scale[c], 1e-6f) / 127f;
        }
        for (int i = 0; i < w.length; i++) {
            int c = stride == 1 ? i / perChannel : i % channels;
            w[i] = Math.max(-127, Math.min(127, Math.round(w[i] / scale[c]))) * scale[c];
        }
        return scale;
    }
}
