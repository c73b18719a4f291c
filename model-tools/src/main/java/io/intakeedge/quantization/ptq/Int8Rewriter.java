package io.intakeedge.quantization.ptq;

import io.intakeedge.quantization.builder.TfliteBuffers;
import io.intakeedge.quantization.tensor.QuantParams;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.TensorType;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns a checked float model, in place, into a full-integer one: int8 activations with the planned parameters,
 * per-channel int8 weights, int32 biases, int8 operator versions, then {@link EdgeConverter} for the model's edges.
 */
final class Int8Rewriter {

    /** Operator versions that declare int8 kernels (per-channel FULLY_CONNECTED needs 12). */
    private static final Map<Integer, Integer> INT8_VERSIONS = Map.ofEntries(
            Map.entry(BuiltinOperator.CONV_2D, 3), Map.entry(BuiltinOperator.DEPTHWISE_CONV_2D, 3),
            Map.entry(BuiltinOperator.FULLY_CONNECTED, 4), Map.entry(BuiltinOperator.ADD, 2),
            Map.entry(BuiltinOperator.AVERAGE_POOL_2D, 2), Map.entry(BuiltinOperator.MAX_POOL_2D, 2),
            Map.entry(BuiltinOperator.MEAN, 2), Map.entry(BuiltinOperator.RESHAPE, 1),
            Map.entry(BuiltinOperator.SOFTMAX, 2), Map.entry(BuiltinOperator.LOGISTIC, 2),
            Map.entry(BuiltinOperator.CONCATENATION, 2), Map.entry(BuiltinOperator.PAD, 2),
            Map.entry(BuiltinOperator.HARD_SWISH, 1));
    private static final int PER_CHANNEL_FULLY_CONNECTED_VERSION = 12;

    private final ModelT model;
    private final SubGraphT graph;
    private final TensorT[] tensors;
    private final Set<Integer> weightTensors = new HashSet<>();
    private final int[] bufferUsers;

    Int8Rewriter(ModelT model) {
        this.model = model;
        this.graph = model.getSubgraphs()[0];
        this.tensors = graph.getTensors();
        this.bufferUsers = new int[model.getBuffers().length];
        for (TensorT t : tensors) {
            bufferUsers[(int) t.getBuffer()]++;
        }
    }

    void rewrite(Map<Integer, QuantParams> activations, boolean perChannelFullyConnected)
            throws UnsupportedOperatorException {
        for (OperatorT op : graph.getOperators()) {
            int builtin = builtin(op);
            switch (builtin) {
                case BuiltinOperator.CONV_2D -> quantizeWeighted(op, 0, activations);
                case BuiltinOperator.DEPTHWISE_CONV_2D -> quantizeWeighted(op, 3, activations);
                case BuiltinOperator.FULLY_CONNECTED ->
                        quantizeWeighted(op, perChannelFullyConnected ? 0 : -1, activations);
                default -> {
                }
            }
        }
        activations.forEach(this::quantizeActivation);
        for (int i = 0; i < tensors.length; i++) {
            if (tensors[i].getType() == TensorType.FLOAT32) {
                throw new IllegalStateException("tensor " + i + " (" + tensors[i].getName() + ") stayed float");
            }
        }
        setVersions(perChannelFullyConnected);
    }

    private void quantizeWeighted(OperatorT op, int axis, Map<Integer, QuantParams> activations)
            throws UnsupportedOperatorException {
        String name = FloatModelCheck.operatorName(builtin(op));
        int[] in = op.getInputs();
        if (in.length < 2 || in[1] < 0 || !FloatModelCheck.isConstant(model, tensors[in[1]])) {
            throw new UnsupportedOperatorException(name, "weights must be a constant tensor (node reads "
                    + Arrays.toString(in) + ")");
        }
        if (!weightTensors.add(in[1]) || (in.length > 2 && in[2] >= 0 && !weightTensors.add(in[2]))) {
            throw new UnsupportedOperatorException(name, "weights or bias shared between nodes");
        }
        TensorT w = tensors[in[1]];
        WeightQuantizer.Weights q = WeightQuantizer.quantize(floats(w), w.getShape(), axis);
        setConstant(w, TensorType.INT8, TfliteBuffers.ofBytes(q.values()), q.scales(),
                new long[q.scales().length], Math.max(axis, 0));
        if (in.length > 2 && in[2] >= 0) {
            TensorT b = tensors[in[2]];
            float inputScale = activations.get(in[0]).scale();
            float[] bias = floats(b);
            setConstant(b, TensorType.INT32, TfliteBuffers.ofInts(WeightQuantizer.quantizeBias(bias, inputScale,
                    q.scales())), WeightQuantizer.biasScales(inputScale, q.scales()),
                    new long[q.scales().length], 0);
        }
    }

    private void quantizeActivation(int index, QuantParams p) {
        TensorT t = tensors[index];
        if (FloatModelCheck.isConstant(model, t)) {
            float[] values = floats(t);
            byte[] q = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                q[i] = (byte) p.quantize(values[i]);
            }
            setConstant(t, TensorType.INT8, TfliteBuffers.ofBytes(q), new float[] {p.scale()},
                    new long[] {p.zeroPoint()}, 0);
        } else {
            t.setType(TensorType.INT8);
            t.setQuantization(params(new float[] {p.scale()}, new long[] {p.zeroPoint()}, 0));
        }
    }

    private void setConstant(TensorT t, byte type, BufferT data, float[] scales, long[] zeroPoints, int axis) {
        int buffer = (int) t.getBuffer();
        if (bufferUsers[buffer] == 1) {
            model.getBuffers()[buffer] = data; // the float data goes: the model shrinks about 4x
        } else {
            // a buffer shared with another tensor stays as it is for that tensor
            BufferT[] buffers = Arrays.copyOf(model.getBuffers(), model.getBuffers().length + 1);
            buffers[buffers.length - 1] = data;
            model.setBuffers(buffers);
            t.setBuffer(buffers.length - 1);
        }
        t.setType(type);
        t.setQuantization(params(scales, zeroPoints, axis));
    }

    private void setVersions(boolean perChannelFullyConnected) {
        for (OperatorCodeT code : model.getOperatorCodes()) {
            int builtin = TfliteBuffers.builtinCode(code);
            int version = builtin == BuiltinOperator.FULLY_CONNECTED && perChannelFullyConnected
                    ? PER_CHANNEL_FULLY_CONNECTED_VERSION : INT8_VERSIONS.getOrDefault(builtin, 1);
            code.setVersion(Math.max(code.getVersion(), version));
        }
    }

    static QuantizationParametersT params(float[] scales, long[] zeroPoints, int axis) {
        QuantizationParametersT p = new QuantizationParametersT();
        p.setScale(scales);
        p.setZeroPoint(zeroPoints);
        p.setQuantizedDimension(axis);
        return p;
    }

    private float[] floats(TensorT t) {
        return TfliteBuffers.toFloats(model.getBuffers()[(int) t.getBuffer()]);
    }

    private int builtin(OperatorT op) {
        return TfliteBuffers.builtinCode(model.getOperatorCodes()[(int) op.getOpcodeIndex()]);
    }
}
