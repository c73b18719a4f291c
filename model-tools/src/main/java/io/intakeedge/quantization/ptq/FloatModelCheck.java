package io.intakeedge.quantization.ptq;

import io.intakeedge.quantization.builder.TfliteBuffers;
import io.intakeedge.quantization.model.LoadedModel;
import io.intakeedge.quantization.model.ModelException;
import io.intakeedge.quantization.model.ModelLoader;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.TensorType;

import java.util.Set;

/**
 * Checks that bytes are a float TFLite model this quantizer can handle before anything native touches them: a crafted
 * or truncated flatbuffer can crash the TFLite runtime, and an operator we cannot quantize must stop the run before
 * calibration spends minutes on it.
 */
final class FloatModelCheck {

    static final Set<Integer> SUPPORTED = Set.of(BuiltinOperator.CONV_2D, BuiltinOperator.DEPTHWISE_CONV_2D,
            BuiltinOperator.FULLY_CONNECTED, BuiltinOperator.ADD, BuiltinOperator.AVERAGE_POOL_2D,
            BuiltinOperator.MAX_POOL_2D, BuiltinOperator.MEAN, BuiltinOperator.RESHAPE, BuiltinOperator.SOFTMAX,
            BuiltinOperator.LOGISTIC, BuiltinOperator.CONCATENATION, BuiltinOperator.PAD, BuiltinOperator.HARD_SWISH);

    /** Large enough for MobileNet-class float models; anything bigger is not what a station runs. */
    static final int MAX_MODEL_BYTES = 256 << 20;

    private FloatModelCheck() {
    }

    /** Parses and checks {@code bytes}; the returned model is a fresh copy the caller may change. */
    static ModelT parse(byte[] bytes) throws ModelException {
        if (bytes == null) {
            throw new ModelException("no model bytes");
        }
        load(bytes, "float model");
        ModelT model;
        try {
            model = ModelT.deserializeFromBinary(bytes);
        } catch (RuntimeException | OutOfMemoryError e) {
            // offsets pointing outside the buffer or absurd vector lengths: the flatbuffer is damaged
            throw new ModelException("malformed TFLite flatbuffer: " + e, e);
        }
        checkStructure(model);
        return model;
    }

    /**
     * Size limits, TFL3 identifier, TFLite's FlatBuffers verifier and the loader's structure checks, with a limit that
     * fits float models (four times their INT8 size).
     */
    static LoadedModel load(byte[] bytes, String source) throws ModelException {
        return new ModelLoader(MAX_MODEL_BYTES, ModelLoader.DEFAULT_MIN_BYTES).load(bytes, source);
    }

    private static void checkStructure(ModelT model) throws ModelException {
        if (model.getBuffers() == null || model.getBuffers().length == 0) {
            throw new ModelException("model has no buffers (buffer 0 must be the empty sentinel)");
        }
        if (model.getSubgraphs() == null || model.getSubgraphs().length != 1) {
            throw new ModelException("expected exactly one subgraph, found "
                    + (model.getSubgraphs() == null ? 0 : model.getSubgraphs().length));
        }
        SubGraphT graph = model.getSubgraphs()[0];
        TensorT[] tensors = graph.getTensors();
        if (tensors == null || tensors.length == 0 || graph.getOperators() == null
                || graph.getOperators().length == 0) {
            throw new ModelException("subgraph has no tensors or no operators");
        }
        if (graph.getInputs().length != 1 || graph.getOutputs().length == 0) {
            throw new ModelException("expected one input and at least one output, found "
                    + graph.getInputs().length + " inputs and " + graph.getOutputs().length + " outputs");
        }
        for (int i = 0; i < tensors.length; i++) {
            checkTensor(model, tensors[i], i);
        }
        boolean[] ready = new boolean[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            ready[i] = isConstant(model, tensors[i]);
        }
        int input = index(graph.getInputs()[0], tensors.length, "model input");
        ready[input] = true;
        OperatorT[] ops = graph.getOperators();
        for (int n = 0; n < ops.length; n++) {
            checkOperator(model, ops[n], n, tensors, ready);
        }
        for (int out : graph.getOutputs()) {
            if (!ready[index(out, tensors.length, "model output")]) {
                throw new ModelException("model output tensor " + out + " is never computed");
            }
        }
        // nodes whose outputs nobody reads were already refused by ModelLoader (load above)
    }

    private static void checkOperator(ModelT model, OperatorT op, int n, TensorT[] tensors, boolean[] ready)
            throws ModelException {
        OperatorCodeT[] codes = model.getOperatorCodes();
        if (codes == null || op.getOpcodeIndex() < 0 || op.getOpcodeIndex() >= codes.length) {
            throw new ModelException("node " + n + " has opcode index " + op.getOpcodeIndex() + " out of range");
        }
        OperatorCodeT code = codes[(int) op.getOpcodeIndex()];
        int builtin = TfliteBuffers.builtinCode(code);
        if (builtin == BuiltinOperator.CUSTOM) {
            throw new UnsupportedOperatorException("custom:" + code.getCustomCode(), "custom operators have no "
                    + "INT8 kernel contract (node " + n + ")");
        }
        if (!SUPPORTED.contains(builtin)) {
            throw new UnsupportedOperatorException(operatorName(builtin), "no INT8 quantization rule for it (node "
                    + n + "); supported: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD, AVERAGE_POOL_2D, "
                    + "MAX_POOL_2D, MEAN, RESHAPE, SOFTMAX, LOGISTIC, CONCATENATION, PAD, HARD_SWISH");
        }
        for (int in : op.getInputs()) {
            if (in == -1) {
                continue; // optional input left out, e.g. a convolution without bias
            }
            if (!ready[index(in, tensors.length, "node " + n + " input")]) {
                throw new ModelException("node " + n + " (" + operatorName(builtin) + ") reads tensor " + in
                        + " before it is computed: operators are not in execution order");
            }
        }
        if (op.getOutputs().length != 1) {
            throw new ModelException("node " + n + " (" + operatorName(builtin) + ") must have one output");
        }
        ready[index(op.getOutputs()[0], tensors.length, "node " + n + " output")] = true;
    }

    private static void checkTensor(ModelT model, TensorT t, int i) throws ModelException {
        long buffer = t.getBuffer();
        if (buffer < 0 || buffer >= model.getBuffers().length) {
            throw new ModelException("tensor " + i + " (" + t.getName() + ") points at buffer " + buffer
                    + " of " + model.getBuffers().length);
        }
        long elements = 1;
        for (int d : t.getShape()) {
            if (d <= 0) {
                throw new ModelException("tensor " + i + " (" + t.getName() + ") has a non-positive or dynamic "
                        + "dimension; the quantizer needs static shapes");
            }
            elements *= d;
        }
        if (t.getType() != TensorType.FLOAT32 && t.getType() != TensorType.INT32) {
            throw new ModelException("tensor " + i + " (" + t.getName() + ") has type "
                    + TensorType.name(t.getType()) + "; the input must be a float32 model (already quantized?)");
        }
        int[] data = model.getBuffers()[(int) buffer].getData();
        if (data.length != 0 && data.length != elements * 4) {
            throw new ModelException("tensor " + i + " (" + t.getName() + ") holds " + data.length
                    + " bytes, its shape needs " + elements * 4);
        }
    }

    static boolean isConstant(ModelT model, TensorT t) {
        return t.getBuffer() > 0 && model.getBuffers()[(int) t.getBuffer()].getData().length > 0;
    }

    static String operatorName(int builtin) {
        return builtin >= 0 && builtin < BuiltinOperator.names.length ? BuiltinOperator.name(builtin)
                : "BUILTIN_" + builtin;
    }

    private static int index(int tensor, int count, String what) throws ModelException {
        if (tensor < 0 || tensor >= count) {
            throw new ModelException(what + " refers to tensor " + tensor + " of " + count);
        }
        return tensor;
    }
}
