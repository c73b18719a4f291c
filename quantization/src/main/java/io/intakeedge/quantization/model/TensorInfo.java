package io.intakeedge.quantization.model;

import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.tensor.QuantParams;
import io.intakeedge.quantization.tensor.Quantization;

import java.util.List;
import java.util.Optional;

/**
 * One tensor of a model as the flatbuffer describes it.
 *
 * @param index        tensor index in the subgraph
 * @param name         tensor name (may be empty)
 * @param type         element type
 * @param shape        dimensions, e.g. [1, 64, 64, 3]
 * @param quantization scale(s)/zero point(s); {@link Quantization#none()} for float tensors
 * @param constant     true when the tensor's values are stored in the model (weights, biases, shapes)
 */
public record TensorInfo(int index, String name, ElementType type, List<Integer> shape, Quantization quantization,
                         boolean constant) {

    public TensorInfo {
        name = name == null ? "" : name;
        shape = List.copyOf(shape);
    }

    /** Product of the dimensions. */
    public long elementCount() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    public int[] shapeArray() {
        return shape.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Per-tensor quantization of this tensor (FLOAT32 for float tensors); empty for per-channel tensors. */
    public Optional<QuantParams> quantParams() {
        return quantization.perTensor(type);
    }
}
