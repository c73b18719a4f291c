package io.intakeedge.quantization.tensor;

import org.tensorflow.lite.schema.TensorType;

/**
 * Element type of a tensor, independent of the two numberings TFLite uses (the flatbuffer schema's
 * {@code TensorType} and the C runtime's {@code TfLiteType}).
 */
public enum ElementType {
    FLOAT32(4), FLOAT16(2), FLOAT64(8), INT8(1), UINT8(1), INT16(2), INT32(4), INT64(8), BOOL(1), STRING(0), OTHER(0);

    private final int byteSize;

    ElementType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element; 0 for variable-size or unknown types. */
    public int byteSize() {
        return byteSize;
    }

    /** True for the integer types TFLite quantizes activations and weights to. */
    public boolean isQuantizable() {
        return this == INT8 || this == UINT8 || this == INT16 || this == INT32;
    }

    /** Smallest representable integer of a quantizable type. */
    public long minValue() {
        return switch (this) {
            case INT8 -> Byte.MIN_VALUE;
            case UINT8 -> 0;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            default -> throw new IllegalStateException(this + " is not an integer quantized type");
        };
    }

    /** Largest representable integer of a quantizable type. */
    public long maxValue() {
        return switch (this) {
            case INT8 -> Byte.MAX_VALUE;
            case UINT8 -> 255;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            default -> throw new IllegalStateException(this + " is not an integer quantized type");
        };
    }

    /** Maps the flatbuffer schema's {@code TensorType} code. */
    public static ElementType fromSchema(byte tensorType) {
        return switch (tensorType) {
            case TensorType.FLOAT32 -> FLOAT32;
            case TensorType.FLOAT16 -> FLOAT16;
            case TensorType.FLOAT64 -> FLOAT64;
            case TensorType.INT8 -> INT8;
            case TensorType.UINT8 -> UINT8;
            case TensorType.INT16 -> INT16;
            case TensorType.INT32 -> INT32;
            case TensorType.INT64 -> INT64;
            case TensorType.BOOL -> BOOL;
            case TensorType.STRING -> STRING;
            default -> OTHER;
        };
    }
}
