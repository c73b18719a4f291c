package io.intakeedge.quantization.ptq;

import java.util.List;
import java.util.Optional;

/**
 * What calibration observed: the float range of every non-constant tensor of the float model and, per node, the
 * ranges of its inputs and outputs. Reports show these next to the int8 parameters derived from them.
 *
 * @param method  how {@link TensorRange#calibratedMin()}/{@code Max} were chosen
 * @param samples calibration samples run
 * @param tensors one entry per observed tensor, in tensor-index order
 * @param nodes   one entry per operator of the float model, in execution order
 */
public record CalibrationStats(CalibrationMethod method, int samples, List<TensorRange> tensors,
                               List<NodeRange> nodes) {

    public CalibrationStats {
        tensors = List.copyOf(tensors);
        nodes = List.copyOf(nodes);
    }

    public Optional<TensorRange> tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * @param tensor        index in the float model's subgraph
     * @param name          tensor name
     * @param min           smallest value seen over all samples
     * @param max           largest value seen over all samples
     * @param calibratedMin lower end of the range the method chose (before it is widened to include zero)
     * @param calibratedMax upper end of the range the method chose
     */
    public record TensorRange(int tensor, String name, float min, float max, float calibratedMin,
                              float calibratedMax) {
    }

    /**
     * @param node     operator index in the float model
     * @param operator TFLite operator name, e.g. {@code CONV_2D}
     * @param inputs   ranges of the node's non-constant inputs
     * @param outputs  ranges of the node's outputs
     */
    public record NodeRange(int node, String operator, List<TensorRange> inputs, List<TensorRange> outputs) {
        public NodeRange {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }
}
