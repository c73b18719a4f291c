package io.intakeedge.quantization.ptq;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test inputs: seeded NHWC images in [-1, 1] (MobileNet normalisation) made of a few coloured gradients and waves
 * plus noise, with a random brightness and contrast, so that a random-weight network sees varied statistics.
 */
public final class SyntheticImages {

    private SyntheticImages() {
    }

    public static float[] image(long seed, int size, int channels) {
        Random r = new Random(seed);
        float[] img = new float[size * size * channels];
        double brightness = r.nextDouble() * 1.2 - 0.6;
        double contrast = 0.3 + r.nextDouble() * 0.7;
        int waves = 1 + r.nextInt(3);
        double[][] wave = new double[waves][];
        for (int k = 0; k < waves; k++) {
            wave[k] = new double[] {r.nextDouble() * 12, r.nextDouble() * 12, r.nextDouble() * 6.3,
                r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
        }
        double noise = r.nextDouble() * 0.3;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double u = (double) x / size;
                double v = (double) y / size;
                for (int c = 0; c < channels; c++) {
                    double s = brightness;
                    for (double[] w : wave) {
                        s += contrast * w[3 + c % 3] * Math.sin(2 * Math.PI * (w[0] * u + w[1] * v) + w[2]) / waves;
                    }
                    s += noise * r.nextGaussian();
                    img[(y * size + x) * channels + c] = (float) Math.max(-1, Math.min(1, s));
                }
            }
        }
        return img;
    }

    public static List<float[]> images(long firstSeed, int count, int size, int channels) {
        List<float[]> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(image(firstSeed + i, size, channels));
        }
        return list;
    }

    /** Uniform random values in [lo, hi]: inputs for single-operator tests. */
    public static float[] uniform(Random r, int n, float lo, float hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextFloat();
        }
        return v;
    }
}
