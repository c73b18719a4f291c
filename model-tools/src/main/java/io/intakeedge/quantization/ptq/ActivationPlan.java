package io.intakeedge.quantization.ptq;

import io.intakeedge.quantization.builder.TfliteBuffers;
import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.tensor.QuantParams;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.TensorType;

import java.util.HashMap;
import java.util.Map;

/**
 * Chooses the int8 scale and zero point of every activation (and of float constants that act as activations, such
 * as a constant ADD operand), following the TFLite INT8 spec:
 * <ul>
 *   <li>asymmetric int8 over the calibrated range, widened to contain 0;</li>
 *   <li>SOFTMAX and LOGISTIC outputs fixed at scale 1/256, zero point -128 (the kernels reject anything else);</li>
 *   <li>MAX_POOL_2D, AVERAGE_POOL_2D, RESHAPE and PAD outputs share their input's parameters, and all inputs and the
 *       output of a CONCATENATION share one set: tensors tied this way form a group whose range is the union of its
 *       members' ranges. (TFLite accepts a differing average-pool scale silently and computes wrong values.)</li>
 * </ul>
 */
final class ActivationPlan {

    static final QuantParams PROBABILITY = new QuantParams(1f / 256f, -128, ElementType.INT8);

    private ActivationPlan() {
    }

    /** Parameters keyed by tensor index, for every tensor that becomes an int8 activation. */
    static Map<Integer, QuantParams> plan(ModelT model, Map<Integer, RangeObserver> ranges) {
        SubGraphT graph = model.getSubgraphs()[0];
        TensorT[] tensors = graph.getTensors();
        int[] parent = new int[tensors.length];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        Map<Integer, float[]> memberRanges = new HashMap<>();
        ranges.forEach((i, r) -> memberRanges.put(i, new float[] {r.calibratedMin(), r.calibratedMax()}));
        Map<Integer, Boolean> fixed = new HashMap<>();
        for (OperatorT op : graph.getOperators()) {
            int builtin = TfliteBuffers.builtinCode(model.getOperatorCodes()[(int) op.getOpcodeIndex()]);
            int out = op.getOutputs()[0];
            switch (builtin) {
                case BuiltinOperator.MAX_POOL_2D, BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.RESHAPE,
                        BuiltinOperator.PAD -> union(parent, op.getInputs()[0], out);
                case BuiltinOperator.CONCATENATION -> {
                    for (int in : op.getInputs()) {
                        union(parent, in, out);
                    }
                }
                case BuiltinOperator.SOFTMAX, BuiltinOperator.LOGISTIC -> fixed.put(out, true);
                default -> {
                }
            }
            addActivationConstants(model, builtin, op, memberRanges);
        }
        Map<Integer, float[]> groupRanges = new HashMap<>();
        Map<Integer, Boolean> groupFixed = new HashMap<>();
        memberRanges.forEach((i, r) -> groupRanges.merge(find(parent, i), r.clone(),
                (a, b) -> new float[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])}));
        fixed.keySet().forEach(i -> groupFixed.put(find(parent, i), true));
        Map<Integer, QuantParams> params = new HashMap<>();
        for (int i : memberRanges.keySet()) {
            int root = find(parent, i);
            float[] r = groupRanges.get(root);
            params.put(i, groupFixed.containsKey(root) ? PROBABILITY
                    : QuantParams.fromRange(r[0], r[1], ElementType.INT8));
        }
        return params;
    }

    /** Float constants read by operators as data (not as conv/dense weights or bias) get activation parameters. */
    private static void addActivationConstants(ModelT model, int builtin, OperatorT op, Map<Integer, float[]> out) {
        boolean weighted = builtin == BuiltinOperator.CONV_2D || builtin == BuiltinOperator.DEPTHWISE_CONV_2D
                || builtin == BuiltinOperator.FULLY_CONNECTED;
        if (weighted) {
            return;
        }
        TensorT[] tensors = model.getSubgraphs()[0].getTensors();
        for (int t : op.getInputs()) {
            if (t >= 0 && tensors[t].getType() == TensorType.FLOAT32 && FloatModelCheck.isConstant(model,
                    tensors[t])) {
                float[] values = TfliteBuffers.toFloats(model.getBuffers()[(int) tensors[t].getBuffer()]);
                float lo = 0;
                float hi = 0;
                for (float v : values) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                out.put(t, new float[] {lo, hi});
            }
        }
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        if (a >= 0 && b >= 0) {
            parent[find(parent, a)] = find(parent, b);
        }
    }
}
