package io.intakeedge.quantization.ptq;

import io.intakeedge.quantization.builder.TfliteBuffers;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.DequantizeOptionsT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.QuantizeOptionsT;
import org.tensorflow.lite.schema.SignatureDefT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorMapT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.TensorType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives an int8 model the input and output types that were asked for. A FLOAT32 edge gets a QUANTIZE (input) or
 * DEQUANTIZE (output) node; a UINT8 edge gets a QUANTIZE node that only shifts the zero point by 128 (same scale).
 * The edge tensor keeps the original name, so callers that look tensors up by name are not affected; the int8 tensor
 * behind it is renamed {@code <name>_int8}.
 */
final class EdgeConverter {

    private final ModelT model;
    private final SubGraphT graph;
    private final List<TensorT> tensors;
    private final Map<Integer, Integer> replaced = new HashMap<>();

    EdgeConverter(ModelT model) {
        this.model = model;
        this.graph = model.getSubgraphs()[0];
        this.tensors = new ArrayList<>(Arrays.asList(graph.getTensors()));
    }

    void convert(IoType inputType, IoType outputType) {
        List<OperatorT> ops = new ArrayList<>(Arrays.asList(graph.getOperators()));
        int[] inputs = graph.getInputs().clone();
        for (int k = 0; k < inputs.length; k++) {
            if (inputType != IoType.INT8) {
                int edge = edgeTensor(inputs[k], inputType);
                ops.add(0, node(BuiltinOperator.QUANTIZE, edge, inputs[k]));
                inputs[k] = edge;
            }
        }
        int[] outputs = graph.getOutputs().clone();
        for (int k = 0; k < outputs.length; k++) {
            if (outputType != IoType.INT8) {
                int edge = edgeTensor(outputs[k], outputType);
                ops.add(node(outputType == IoType.FLOAT32 ? BuiltinOperator.DEQUANTIZE : BuiltinOperator.QUANTIZE,
                        outputs[k], edge));
                outputs[k] = edge;
            }
        }
        graph.setTensors(tensors.toArray(new TensorT[0]));
        graph.setOperators(ops.toArray(new OperatorT[0]));
        graph.setInputs(inputs);
        graph.setOutputs(outputs);
        remapSignatures();
    }

    /** A new tensor of {@code type} standing at the model edge in place of the int8 tensor {@code inner}. */
    private int edgeTensor(int inner, IoType type) {
        TensorT int8 = tensors.get(inner);
        TensorT edge = new TensorT();
        edge.setName(int8.getName());
        edge.setShape(int8.getShape().clone());
        edge.setBuffer(0);
        QuantizationParametersT q = int8.getQuantization();
        if (type == IoType.FLOAT32) {
            edge.setType(TensorType.FLOAT32);
        } else {
            edge.setType(TensorType.UINT8);
            edge.setQuantization(Int8Rewriter.params(q.getScale().clone(),
                    new long[] {q.getZeroPoint()[0] + 128}, 0));
        }
        int8.setName(int8.getName() + "_int8");
        tensors.add(edge);
        replaced.put(inner, tensors.size() - 1);
        return tensors.size() - 1;
    }

    private OperatorT node(int builtin, int in, int out) {
        OperatorT op = new OperatorT();
        op.setOpcodeIndex(opcode(builtin));
        op.setInputs(new int[] {in});
        op.setOutputs(new int[] {out});
        BuiltinOptionsUnion options = new BuiltinOptionsUnion();
        if (builtin == BuiltinOperator.QUANTIZE) {
            options.setType(BuiltinOptions.QuantizeOptions);
            options.setValue(new QuantizeOptionsT());
        } else {
            options.setType(BuiltinOptions.DequantizeOptions);
            options.setValue(new DequantizeOptionsT());
        }
        op.setBuiltinOptions(options);
        return op;
    }

    private int opcode(int builtin) {
        OperatorCodeT[] codes = model.getOperatorCodes();
        for (int i = 0; i < codes.length; i++) {
            if (TfliteBuffers.builtinCode(codes[i]) == builtin) {
                return i;
            }
        }
        OperatorCodeT[] grown = Arrays.copyOf(codes, codes.length + 1);
        grown[codes.length] = TfliteBuffers.operatorCode(builtin, 2); // version 2: int8 on one side
        model.setOperatorCodes(grown);
        return codes.length;
    }

    /** Signature entries that named an edge tensor now name its replacement. */
    private void remapSignatures() {
        SignatureDefT[] signatures = model.getSignatureDefs();
        if (signatures == null) {
            return;
        }
        for (SignatureDefT s : signatures) {
            for (TensorMapT[] maps : new TensorMapT[][] {s.getInputs(), s.getOutputs()}) {
                for (TensorMapT m : maps == null ? new TensorMapT[0] : maps) {
                    Integer edge = replaced.get((int) m.getTensorIndex());
                    if (edge != null) {
                        m.setTensorIndex(edge);
                    }
                }
            }
        }
    }
}
