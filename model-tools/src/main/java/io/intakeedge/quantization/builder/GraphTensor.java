package io.intakeedge.quantization.builder;

import java.util.Arrays;

/**
 * A handle on one tensor of a graph under construction in {@link TfliteGraphBuilder}.
 *
 * @param index position of the tensor in the subgraph's tensor list
 * @param name  tensor name as written into the model
 * @param shape static shape, batch first (NHWC for images)
 */
public record GraphTensor(int index, String name, int[] shape) {

    public GraphTensor {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    public int elementCount() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
