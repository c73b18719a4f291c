package io.intakeedge.quantization.train;

/** The Adam optimizer (Kingma & Ba) over one flat parameter vector. */
final class Adam {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final float[] m;
    private final float[] v;
    private int step;

    Adam(int size) {
        this.m = new float[size];
        this.v = new float[size];
    }

    /** Moves {@code params} one step of size {@code learningRate} against the mean gradient {@code grads}. */
    void step(float[] params, float[] grads, double learningRate) {
        step++;
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        for (int i = 0; i < params.length; i++) {
            double g = grads[i];
            m[i] = (float) (BETA1 * m[i] + (1 - BETA1) * g);
            v[i] = (float) (BETA2 * v[i] + (1 - BETA2) * g * g);
            double mHat = m[i] / correction1;
            double vHat = v[i] / correction2;
            params[i] -= (float) (learningRate * mHat / (Math.sqrt(vHat) + EPSILON));
        }
    }
}
