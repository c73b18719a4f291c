package io.intakeedge.quantization.builder;

import org.tensorflow.lite.schema.AddOptionsT;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.ConcatenationOptionsT;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.HardSwishOptionsT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.PadOptionsT;
import org.tensorflow.lite.schema.Pool2DOptionsT;
import org.tensorflow.lite.schema.ReducerOptionsT;
import org.tensorflow.lite.schema.ReshapeOptionsT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.TensorType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a float32 TFLite model (one subgraph, batch 1) operator by operator on the flatbuffer object API. Weight
 * layouts are TFLite's own: CONV_2D filters OHWI, DEPTHWISE_CONV_2D filters 1HWC (depth multiplier 1),
 * FULLY_CONNECTED weights [units][inputs]. Each operator method validates its arguments, infers the output shape and
 * returns the output tensor. Not thread-safe; one builder per model.
 */
public final class TfliteGraphBuilder {

    private final String description;
    private final List<TensorT> tensors = new ArrayList<>();
    private final List<BufferT> buffers = new ArrayList<>();
    private final List<OperatorT> operators = new ArrayList<>();
    private final Map<Integer, Integer> opcodeIndex = new LinkedHashMap<>();
    private final List<OperatorCodeT> opcodes = new ArrayList<>();
    private final List<Integer> inputs = new ArrayList<>();

    public TfliteGraphBuilder(String description) {
        this.description = description;
        buffers.add(new BufferT()); // buffer 0 is the empty sentinel every activation tensor points at
    }

    /** A float32 model input. */
    public GraphTensor input(String name, int... shape) {
        GraphTensor t = activation(name, shape);
        inputs.add(t.index());
        return t;
    }

    /** A float32 constant, e.g. the second operand of an ADD. */
    public GraphTensor constant(String name, float[] values, int... shape) {
        requireLength(name, values, product(shape));
        return tensor(name, TensorType.FLOAT32, shape, addBuffer(TfliteBuffers.ofFloats(values)));
    }

    public GraphTensor conv2d(String name, GraphTensor in, int filters, int kernel, int stride, ConvPadding padding,
                              FusedActivation activation, float[] weights, float[] bias) {
        requireRank(in, 4);
        int channels = in.dim(3);
        GraphTensor w = constant(name + "/weights", requireLength(name + " weights", weights,
                filters * kernel * kernel * channels), filters, kernel, kernel, channels);
        GraphTensor b = constant(name + "/bias", requireLength(name + " bias", bias, filters), filters);
        GraphTensor out = activation(name, 1, padding.outputSize(in.dim(1), kernel, stride),
                padding.outputSize(in.dim(2), kernel, stride), filters);
        Conv2DOptionsT o = new Conv2DOptionsT();
        o.setPadding(padding.schemaCode());
        o.setStrideH(stride);
        o.setStrideW(stride);
        o.setDilationHFactor(1);
        o.setDilationWFactor(1);
        o.setFusedActivationFunction(activation.schemaCode());
        return op(BuiltinOperator.CONV_2D, BuiltinOptions.Conv2DOptions, o, out, in, w, b);
    }

    public GraphTensor depthwiseConv2d(String name, GraphTensor in, int kernel, int stride, ConvPadding padding,
                                       FusedActivation activation, float[] weights, float[] bias) {
        requireRank(in, 4);
        int channels = in.dim(3);
        GraphTensor w = constant(name + "/weights", requireLength(name + " weights", weights,
                kernel * kernel * channels), 1, kernel, kernel, channels);
        GraphTensor b = constant(name + "/bias", requireLength(name + " bias", bias, channels), channels);
        GraphTensor out = activation(name, 1, padding.outputSize(in.dim(1), kernel, stride),
                padding.outputSize(in.dim(2), kernel, stride), channels);
        DepthwiseConv2DOptionsT o = new DepthwiseConv2DOptionsT();
        o.setPadding(padding.schemaCode());
        o.setStrideH(stride);
        o.setStrideW(stride);
        o.setDepthMultiplier(1);
        o.setDilationHFactor(1);
        o.setDilationWFactor(1);
        o.setFusedActivationFunction(activation.schemaCode());
        return op(BuiltinOperator.DEPTHWISE_CONV_2D, BuiltinOptions.DepthwiseConv2DOptions, o, out, in, w, b);
    }

    /** Dense layer; an input of higher rank is flattened (batch 1), so the output is always {@code [1, units]}. */
    public GraphTensor fullyConnected(String name, GraphTensor in, int units, FusedActivation activation,
                                      float[] weights, float[] bias) {
        int inputs = in.elementCount();
        GraphTensor w = constant(name + "/weights", requireLength(name + " weights", weights, units * inputs),
                units, inputs);
        GraphTensor b = constant(name + "/bias", requireLength(name + " bias", bias, units), units);
        GraphTensor out = activation(name, 1, units);
        FullyConnectedOptionsT o = new FullyConnectedOptionsT();
        o.setFusedActivationFunction(activation.schemaCode());
        return op(BuiltinOperator.FULLY_CONNECTED, BuiltinOptions.FullyConnectedOptions, o, out, in, w, b);
    }

    /** Element-wise sum of two tensors of the same shape (e.g. a residual connection). */
    public GraphTensor add(String name, GraphTensor a, GraphTensor b, FusedActivation activation) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(name + ": ADD needs equal shapes, got " + a + " and " + b);
        }
        AddOptionsT o = new AddOptionsT();
        o.setFusedActivationFunction(activation.schemaCode());
        return op(BuiltinOperator.ADD, BuiltinOptions.AddOptions, o, activation(name, a.shape()), a, b);
    }

    public GraphTensor averagePool2d(String name, GraphTensor in, int filter, int stride, ConvPadding padding) {
        return pool(BuiltinOperator.AVERAGE_POOL_2D, name, in, filter, stride, padding);
    }

    public GraphTensor maxPool2d(String name, GraphTensor in, int filter, int stride, ConvPadding padding) {
        return pool(BuiltinOperator.MAX_POOL_2D, name, in, filter, stride, padding);
    }

    /** Mean over {@code axes}, e.g. {@code mean(x, false, 1, 2)} is global average pooling to {@code [1, C]}. */
    public GraphTensor mean(String name, GraphTensor in, boolean keepDims, int... axes) {
        int[] outShape = reducedShape(in, keepDims, axes);
        GraphTensor axesTensor = intConstant(name + "/axes", axes, axes.length);
        ReducerOptionsT o = new ReducerOptionsT();
        o.setKeepDims(keepDims);
        return op(BuiltinOperator.MEAN, BuiltinOptions.ReducerOptions, o, activation(name, outShape), in, axesTensor);
    }

    public GraphTensor reshape(String name, GraphTensor in, int... newShape) {
        if (product(newShape) != in.elementCount()) {
            throw new IllegalArgumentException(name + ": cannot reshape " + in + " to " + Arrays.toString(newShape));
        }
        GraphTensor shapeTensor = intConstant(name + "/shape", newShape, newShape.length);
        ReshapeOptionsT o = new ReshapeOptionsT();
        o.setNewShape(newShape.clone());
        return op(BuiltinOperator.RESHAPE, BuiltinOptions.ReshapeOptions, o, activation(name, newShape), in,
                shapeTensor);
    }

    public GraphTensor softmax(String name, GraphTensor in) {
        SoftmaxOptionsT o = new SoftmaxOptionsT();
        o.setBeta(1f);
        return op(BuiltinOperator.SOFTMAX, BuiltinOptions.SoftmaxOptions, o, activation(name, in.shape()), in);
    }

    public GraphTensor logistic(String name, GraphTensor in) {
        return op(BuiltinOperator.LOGISTIC, BuiltinOptions.NONE, null, activation(name, in.shape()), in);
    }

    public GraphTensor hardSwish(String name, GraphTensor in) {
        return op(BuiltinOperator.HARD_SWISH, BuiltinOptions.HardSwishOptions, new HardSwishOptionsT(),
                activation(name, in.shape()), in);
    }

    /** Joins tensors along {@code axis}; all other dimensions must match. */
    public GraphTensor concatenation(String name, int axis, GraphTensor... parts) {
        int[] shape = parts[0].shape();
        int a = axis < 0 ? shape.length + axis : axis;
        shape[a] = 0;
        for (GraphTensor p : parts) {
            int[] s = p.shape();
            shape[a] += s[a];
            s[a] = shape[a];
            if (!Arrays.equals(s, shape)) {
                throw new IllegalArgumentException(name + ": CONCATENATION parts differ off axis " + axis + ": "
                        + Arrays.toString(parts));
            }
        }
        ConcatenationOptionsT o = new ConcatenationOptionsT();
        o.setAxis(axis);
        return op(BuiltinOperator.CONCATENATION, BuiltinOptions.ConcatenationOptions, o, activation(name, shape),
                parts);
    }

    /** Zero padding; {@code paddings[d] = {before, after}} for every dimension d of the input. */
    public GraphTensor pad(String name, GraphTensor in, int[][] paddings) {
        if (paddings.length != in.rank()) {
            throw new IllegalArgumentException(name + ": need one {before, after} pair per dimension of " + in);
        }
        int[] shape = in.shape();
        int[] flat = new int[paddings.length * 2];
        for (int d = 0; d < paddings.length; d++) {
            shape[d] += paddings[d][0] + paddings[d][1];
            flat[2 * d] = paddings[d][0];
            flat[2 * d + 1] = paddings[d][1];
        }
        GraphTensor padTensor = intConstant(name + "/paddings", flat, paddings.length, 2);
        return op(BuiltinOperator.PAD, BuiltinOptions.PadOptions, new PadOptionsT(), activation(name, shape), in,
                padTensor);
    }

    /** The model object, with {@code outputs} as the model's outputs in that order. */
    public ModelT toModel(GraphTensor... outputs) {
        if (inputs.isEmpty() || outputs.length == 0 || operators.isEmpty()) {
            throw new IllegalStateException("a model needs an input, an operator and an output");
        }
        SubGraphT graph = new SubGraphT();
        graph.setName("main");
        graph.setTensors(tensors.toArray(new TensorT[0]));
        graph.setInputs(inputs.stream().mapToInt(Integer::intValue).toArray());
        graph.setOutputs(Arrays.stream(outputs).mapToInt(GraphTensor::index).toArray());
        graph.setOperators(operators.toArray(new OperatorT[0]));
        ModelT model = new ModelT();
        model.setVersion(3);
        model.setDescription(description);
        model.setOperatorCodes(opcodes.toArray(new OperatorCodeT[0]));
        model.setSubgraphs(new SubGraphT[] {graph});
        model.setBuffers(buffers.toArray(new BufferT[0]));
        return model;
    }

    /** The float32 {@code .tflite} bytes (with the {@code TFL3} identifier). */
    public byte[] toFloatTflite(GraphTensor... outputs) {
        return toModel(outputs).serializeToBinary();
    }

    private GraphTensor pool(int builtin, String name, GraphTensor in, int filter, int stride, ConvPadding padding) {
        requireRank(in, 4);
        Pool2DOptionsT o = new Pool2DOptionsT();
        o.setPadding(padding.schemaCode());
        o.setStrideH(stride);
        o.setStrideW(stride);
        o.setFilterHeight(filter);
        o.setFilterWidth(filter);
        o.setFusedActivationFunction(FusedActivation.NONE.schemaCode());
        GraphTensor out = activation(name, 1, padding.outputSize(in.dim(1), filter, stride),
                padding.outputSize(in.dim(2), filter, stride), in.dim(3));
        return op(builtin, BuiltinOptions.Pool2DOptions, o, out, in);
    }

    private static int[] reducedShape(GraphTensor in, boolean keepDims, int[] axes) {
        int[] shape = in.shape();
        boolean[] reduced = new boolean[shape.length];
        for (int a : axes) {
            reduced[a < 0 ? shape.length + a : a] = true;
        }
        List<Integer> out = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            if (!reduced[d]) {
                out.add(shape[d]);
            } else if (keepDims) {
                out.add(1);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private GraphTensor op(int builtin, byte optionsType, Object options, GraphTensor out, GraphTensor... ins) {
        OperatorT op = new OperatorT();
        op.setOpcodeIndex(opcodeIndex.computeIfAbsent(builtin, code -> {
            opcodes.add(TfliteBuffers.operatorCode(code, 1));
            return opcodes.size() - 1;
        }));
        op.setInputs(Arrays.stream(ins).mapToInt(GraphTensor::index).toArray());
        op.setOutputs(new int[] {out.index()});
        if (options != null) {
            BuiltinOptionsUnion union = new BuiltinOptionsUnion();
            union.setType(optionsType);
            union.setValue(options);
            op.setBuiltinOptions(union);
        }
        operators.add(op);
        return out;
    }

    private GraphTensor activation(String name, int... shape) {
        return tensor(name, TensorType.FLOAT32, shape, 0);
    }

    private GraphTensor intConstant(String name, int[] values, int... shape) {
        return tensor(name, TensorType.INT32, shape, addBuffer(TfliteBuffers.ofInts(values)));
    }

    private GraphTensor tensor(String name, byte type, int[] shape, int buffer) {
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException(name + ": dimensions must be positive, got "
                        + Arrays.toString(shape));
            }
        }
        TensorT t = new TensorT();
        t.setName(name);
        t.setType(type);
        t.setShape(shape.clone());
        t.setBuffer(buffer);
        tensors.add(t);
        return new GraphTensor(tensors.size() - 1, name, shape);
    }

    private int addBuffer(BufferT buffer) {
        buffers.add(buffer);
        return buffers.size() - 1;
    }

    private static void requireRank(GraphTensor t, int rank) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(t + " must have rank " + rank);
        }
    }

    private static float[] requireLength(String what, float[] values, int expected) {
        if (values == null || values.length != expected) {
            throw new IllegalArgumentException(what + ": expected " + expected + " values, got "
                    + (values == null ? "null" : values.length));
        }
        return values;
    }

    private static int product(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
