package io.intakeedge.quantization.model;

import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.tensor.Quantization;
import org.tensorflow.lite.schema.Buffer;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.QuantizationParameters;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a TFLite flatbuffer through the generated schema classes. Only call it on bytes held by a
 * {@link LoadedModel}: the generated readers trust offsets, which is safe only after the FlatBuffers verifier.
 */
public final class SchemaReader {
    /** Highest builtin operator code the schema classes can name. */
    public static final int MAX_KNOWN_BUILTIN = BuiltinOperator.RIGHT_SHIFT;

    private SchemaReader() {
    }

    public static Model model(LoadedModel loaded) {
        return Model.getRootAsModel(loaded.buffer());
    }

    static Model model(ByteBuffer bytes) {
        return Model.getRootAsModel(bytes);
    }

    /**
     * The operator's builtin code. Newer writers put codes above 127 only in {@code builtin_code} and older ones only
     * in {@code deprecated_builtin_code}; TFLite takes the larger of the two.
     */
    public static int builtinCode(OperatorCode code) {
        return Math.max(code.builtinCode(), code.deprecatedBuiltinCode());
    }

    /** Builtin operator name such as {@code CONV_2D}, or the custom code for custom operators. */
    public static String operatorName(OperatorCode code) {
        int builtin = builtinCode(code);
        if (builtin == BuiltinOperator.CUSTOM) {
            String custom = code.customCode();
            return "CUSTOM:" + (custom == null ? "?" : custom);
        }
        return builtin >= 0 && builtin <= MAX_KNOWN_BUILTIN ? BuiltinOperator.name(builtin) : "UNKNOWN_" + builtin;
    }

    /** Describes tensor {@code index} of {@code subgraph}. */
    public static TensorInfo tensorInfo(Model model, SubGraph subgraph, int index) {
        Tensor t = subgraph.tensors(index);
        List<Integer> shape = new ArrayList<>(t.shapeLength());
        for (int i = 0; i < t.shapeLength(); i++) {
            shape.add(t.shape(i));
        }
        Buffer buffer = model.buffers((int) t.buffer());
        boolean constant = buffer != null && buffer.dataLength() > 0;
        return new TensorInfo(index, t.name(), ElementType.fromSchema(t.type()), shape, quantization(t), constant);
    }

    static Quantization quantization(Tensor t) {
        QuantizationParameters q = t.quantization();
        if (q == null || q.scaleLength() == 0) {
            return Quantization.none();
        }
        List<Float> scales = new ArrayList<>(q.scaleLength());
        for (int i = 0; i < q.scaleLength(); i++) {
            scales.add(q.scale(i));
        }
        List<Long> zeroPoints = new ArrayList<>(q.zeroPointLength());
        for (int i = 0; i < q.zeroPointLength(); i++) {
            zeroPoints.add(q.zeroPoint(i));
        }
        return new Quantization(scales, zeroPoints, q.quantizedDimension());
    }

    /** Inputs ({@code inputs == true}) or outputs of subgraph 0. */
    static List<TensorInfo> io(Model model, boolean inputs) {
        SubGraph sg = model.subgraphs(0);
        int n = inputs ? sg.inputsLength() : sg.outputsLength();
        List<TensorInfo> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(tensorInfo(model, sg, inputs ? sg.inputs(i) : sg.outputs(i)));
        }
        return out;
    }
}
