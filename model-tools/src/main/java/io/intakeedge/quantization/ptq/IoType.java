package io.intakeedge.quantization.ptq;

/**
 * Element type of the quantized model's input or output tensor. INT8 is the model's own type; UINT8 and FLOAT32 add
 * a QUANTIZE or DEQUANTIZE node at the edge so callers can feed camera bytes or read probabilities directly.
 */
public enum IoType {
    INT8, UINT8, FLOAT32
}
