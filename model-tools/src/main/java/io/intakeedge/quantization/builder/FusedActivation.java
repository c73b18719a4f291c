package io.intakeedge.quantization.builder;

import org.tensorflow.lite.schema.ActivationFunctionType;

/** Activation that TFLite applies inside an operator (conv, dense, add, pool) instead of as a separate node. */
public enum FusedActivation {
    NONE(ActivationFunctionType.NONE),
    RELU(ActivationFunctionType.RELU),
    RELU6(ActivationFunctionType.RELU6);

    private final byte schemaCode;

    FusedActivation(byte schemaCode) {
        this.schemaCode = schemaCode;
    }

    /** The {@code ActivationFunctionType} value written into the operator options. */
    public byte schemaCode() {
        return schemaCode;
    }
}
