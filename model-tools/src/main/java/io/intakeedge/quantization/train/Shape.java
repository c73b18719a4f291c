package io.intakeedge.quantization.train;

/** Height, width and channels of one sample's activation (NHWC, batch 1); flat vectors are 1×1×n. */
record Shape(int height, int width, int channels) {

    int size() {
        return height * width * channels;
    }

    /** Output size of a SAME-padded window: ceil(in / stride), as TFLite computes it. */
    static int sameOut(int in, int stride) {
        return (in + stride - 1) / stride;
    }

    /** Padding before the first row/column of a SAME-padded window; TFLite puts the odd extra pixel after. */
    static int samePadBefore(int in, int kernel, int stride) {
        int out = sameOut(in, stride);
        return Math.max((out - 1) * stride + kernel - in, 0) / 2;
    }
}
