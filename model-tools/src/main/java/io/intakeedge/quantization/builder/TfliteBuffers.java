package io.intakeedge.quantization.builder;

import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SubGraphT;

/**
 * Conversions between Java arrays and TFLite flatbuffer buffers. The schema's object API stores a {@code [ubyte]}
 * buffer as an {@code int[]} of 0..255, little-endian, which is easy to get wrong; every writer goes through here.
 */
public final class TfliteBuffers {

    private TfliteBuffers() {
    }

    public static BufferT ofFloats(float[] values) {
        int[] data = new int[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            putLe32(data, i * 4, Float.floatToRawIntBits(values[i]));
        }
        return buffer(data);
    }

    public static BufferT ofInts(int[] values) {
        int[] data = new int[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            putLe32(data, i * 4, values[i]);
        }
        return buffer(data);
    }

    public static BufferT ofBytes(byte[] values) {
        int[] data = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            data[i] = values[i] & 0xFF;
        }
        return buffer(data);
    }

    /** Reads a float32 buffer; an empty buffer (activation) gives an empty array. */
    public static float[] toFloats(BufferT buffer) {
        int[] data = buffer.getData();
        float[] values = new float[data.length / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(le32(data, i * 4));
        }
        return values;
    }

    public static int[] toInts(BufferT buffer) {
        int[] data = buffer.getData();
        int[] values = new int[data.length / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = le32(data, i * 4);
        }
        return values;
    }

    /**
     * An operator code with both the current {@code builtin_code} and the deprecated one-byte field set, because
     * runtimes older than 2.4 read only the deprecated field.
     */
    public static OperatorCodeT operatorCode(int builtinCode, int version) {
        OperatorCodeT code = new OperatorCodeT();
        code.setBuiltinCode(builtinCode);
        code.setDeprecatedBuiltinCode((byte) Math.min(builtinCode, BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES));
        code.setVersion(version);
        return code;
    }

    /** The builtin operator of a code, preferring the newer field (the deprecated one saturates at 127). */
    public static int builtinCode(OperatorCodeT code) {
        return Math.max(code.getBuiltinCode(), code.getDeprecatedBuiltinCode());
    }

    /**
     * {@link ModelT#serializeToBinary()} for a model that went through {@code deserializeFromBinary}: unpacking
     * turns an absent {@code custom_options} into an empty vector, which TFLite then reports as "builtin operator
     * with custom options" for every node. Empty ones are dropped first.
     */
    public static byte[] serialize(ModelT model) {
        for (SubGraphT graph : model.getSubgraphs()) {
            for (OperatorT op : graph.getOperators()) {
                if (op.getCustomOptions() != null && op.getCustomOptions().length == 0) {
                    op.setCustomOptions(null);
                }
                if (op.getIntermediates() != null && op.getIntermediates().length == 0) {
                    op.setIntermediates(null);
                }
                if (op.getMutatingVariableInputs() != null && op.getMutatingVariableInputs().length == 0) {
                    op.setMutatingVariableInputs(null);
                }
            }
        }
        return model.serializeToBinary();
    }

    private static BufferT buffer(int[] data) {
        BufferT buffer = new BufferT();
        buffer.setData(data);
        return buffer;
    }

    private static void putLe32(int[] data, int offset, int bits) {
        data[offset] = bits & 0xFF;
        data[offset + 1] = (bits >>> 8) & 0xFF;
        data[offset + 2] = (bits >>> 16) & 0xFF;
        data[offset + 3] = (bits >>> 24) & 0xFF;
    }

    private static int le32(int[] data, int offset) {
        return data[offset] | data[offset + 1] << 8 | data[offset + 2] << 16 | data[offset + 3] << 24;
    }
}
