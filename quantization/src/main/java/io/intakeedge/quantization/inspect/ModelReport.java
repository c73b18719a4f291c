package io.intakeedge.quantization.inspect;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.intakeedge.quantization.model.EmbeddedMetadata;
import io.intakeedge.quantization.model.TensorInfo;

import java.util.List;

/**
 * What {@code model inspect} shows about a .tflite file: operators, tensors with their quantization, which nodes
 * compute in float, what XNNPACK takes, the multiply-accumulate estimate and the embedded metadata.
 *
 * @param source            where the model came from
 * @param sizeBytes         file size
 * @param sha256            file SHA-256 (hex)
 * @param schemaVersion     TFLite schema version
 * @param description       model description string
 * @param inputs            main-subgraph inputs
 * @param outputs           main-subgraph outputs
 * @param operators         operator kinds with versions and counts, in first-use order
 * @param nodes             every node of the main subgraph, in execution order
 * @param tensors           every tensor of the main subgraph
 * @param xnnpackNodes      nodes XNNPACK took with the default resolver; -1 when the runtime could not open the model
 * @param xnnpackPartitions delegate kernels XNNPACK created (-1 as above)
 * @param macs              multiply-accumulates of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED per inference
 * @param metadata          TFLite Support metadata, or null
 * @param runtimeError      why TFLite could not open the model, or null when it could
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelReport(String source, int sizeBytes, String sha256, long schemaVersion, String description,
                          List<TensorInfo> inputs, List<TensorInfo> outputs, List<OperatorUse> operators,
                          List<Node> nodes, List<TensorInfo> tensors, int xnnpackNodes, int xnnpackPartitions,
                          long macs, EmbeddedMetadata metadata, String runtimeError) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ModelReport {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        operators = List.copyOf(operators);
        nodes = List.copyOf(nodes);
        tensors = List.copyOf(tensors);
    }

    /**
     * One operator kind.
     *
     * @param name    builtin name such as CONV_2D
     * @param version operator version in the model
     * @param count   nodes using it
     */
    public record OperatorUse(String name, int version, int count) {
    }

    /**
     * One node (operator instance).
     *
     * @param index    node index, equal to the operator's position in the subgraph
     * @param operator builtin name
     * @param inputs   input tensor indexes (-1 for an omitted optional input)
     * @param outputs  output tensor indexes
     * @param inFloat  true when a non-constant input or an output is FLOAT32, i.e. this node computes in float
     * @param xnnpack  true when XNNPACK took this node
     * @param macs     multiply-accumulates (0 for operators without an estimate)
     */
    public record Node(int index, String operator, List<Integer> inputs, List<Integer> outputs, boolean inFloat,
                       boolean xnnpack, long macs) {
        public Node {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }

    /** Nodes that compute in float. */
    public List<Node> floatNodes() {
        return nodes.stream().filter(Node::inFloat).toList();
    }

    /** Machine-readable form for {@code model inspect --json}. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report cannot be written as JSON", e);
        }
    }

    /** Human-readable form for {@code model inspect}. */
    public String toText() {
        return ReportText.render(this);
    }
}
