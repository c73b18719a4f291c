package io.intakeedge.quantization.builder;

import org.tensorflow.lite.schema.Padding;

/** TFLite padding of convolutions and pooling: SAME keeps {@code ceil(in / stride)}, VALID uses no padding. */
public enum ConvPadding {
    SAME(Padding.SAME),
    VALID(Padding.VALID);

    private final byte schemaCode;

    ConvPadding(byte schemaCode) {
        this.schemaCode = schemaCode;
    }

    public byte schemaCode() {
        return schemaCode;
    }

    /** Output size along one spatial axis, as TFLite computes it. */
    public int outputSize(int input, int kernel, int stride) {
        return this == SAME ? (input + stride - 1) / stride : (input - kernel) / stride + 1;
    }
}
