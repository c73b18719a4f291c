package io.intakeedge.quantization.inspect;

import io.intakeedge.quantization.model.LoadedModel;
import io.intakeedge.quantization.model.ModelException;
import io.intakeedge.quantization.model.SchemaReader;
import io.intakeedge.quantization.model.TensorInfo;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import io.intakeedge.quantization.runtime.TfliteInterpreter;
import io.intakeedge.quantization.tensor.ElementType;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.SubGraph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link ModelReport} for a loaded model: the static structure from the flatbuffer, and which nodes XNNPACK
 * takes from a real interpreter built with TFLite's default (XNNPACK) resolver.
 */
public final class ModelInspector {

    /** Inspects {@code model}; a model TFLite cannot open still gets its structure reported. */
    public ModelReport inspect(LoadedModel model) {
        Model fb = SchemaReader.model(model);
        SubGraph sg = fb.subgraphs(0);
        List<TensorInfo> tensors = new ArrayList<>(sg.tensorsLength());
        for (int t = 0; t < sg.tensorsLength(); t++) {
            tensors.add(SchemaReader.tensorInfo(fb, sg, t));
        }
        Set<Integer> delegated = new HashSet<>();
        int partitions = -1;
        String runtimeError = null;
        try (TfliteInterpreter it = TfliteInterpreter.open(model, new RuntimeOptions(1, true))) {
            delegated.addAll(it.delegatedNodes());
            partitions = it.delegatePartitions();
        } catch (ModelException e) {
            runtimeError = e.getMessage();
        }
        List<ModelReport.Node> nodes = new ArrayList<>(sg.operatorsLength());
        Map<String, int[]> uses = new LinkedHashMap<>(); // name -> {version, count}
        long totalMacs = 0;
        for (int o = 0; o < sg.operatorsLength(); o++) {
            Operator op = sg.operators(o);
            OperatorCode code = fb.operatorCodes((int) op.opcodeIndex());
            String name = SchemaReader.operatorName(code);
            uses.computeIfAbsent(name + "@" + code.version(), k -> new int[] {code.version(), 0})[1]++;
            List<Integer> in = indexes(op, true);
            List<Integer> out = indexes(op, false);
            long macs = macs(name, in, out, tensors);
            totalMacs += macs;
            nodes.add(new ModelReport.Node(o, name, in, out, computesInFloat(in, out, tensors),
                    delegated.contains(o), macs));
        }
        List<ModelReport.OperatorUse> operators = new ArrayList<>();
        uses.forEach((key, v) -> operators.add(new ModelReport.OperatorUse(key.substring(0, key.indexOf('@')),
                v[0], v[1])));
        return new ModelReport(model.source(), model.sizeBytes(), model.sha256(), model.schemaVersion(),
                model.description(), model.inputs(), model.outputs(), operators, nodes, tensors,
                runtimeError == null ? delegated.size() : -1, partitions, totalMacs, model.metadata().orElse(null),
                runtimeError);
    }

    private static List<Integer> indexes(Operator op, boolean inputs) {
        int n = inputs ? op.inputsLength() : op.outputsLength();
        List<Integer> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(inputs ? op.inputs(i) : op.outputs(i));
        }
        return list;
    }

    // Float compute shows as float activations; constant float inputs alone (e.g. a float bias) do not count.
    private static boolean computesInFloat(List<Integer> in, List<Integer> out, List<TensorInfo> tensors) {
        for (int t : out) {
            if (tensors.get(t).type() == ElementType.FLOAT32) {
                return true;
            }
        }
        for (int t : in) {
            if (t >= 0 && !tensors.get(t).constant() && tensors.get(t).type() == ElementType.FLOAT32) {
                return true;
            }
        }
        return false;
    }

    /**
     * Multiply-accumulates: CONV_2D out_h·out_w·out_c·k_h·k_w·in_c (filter OHWI), DEPTHWISE_CONV_2D
     * out_h·out_w·out_c·k_h·k_w (filter 1HWC), FULLY_CONNECTED rows·units·inputs (weights [units, inputs]).
     */
    static long macs(String op, List<Integer> in, List<Integer> out, List<TensorInfo> tensors) {
        if (in.size() < 2 || out.isEmpty() || in.get(1) < 0) {
            return 0;
        }
        List<Integer> w = tensors.get(in.get(1)).shape();
        TensorInfo output = tensors.get(out.get(0));
        return switch (op) {
            case "CONV_2D" -> w.size() == 4 ? output.elementCount() * w.get(1) * w.get(2) * w.get(3) : 0;
            case "DEPTHWISE_CONV_2D" -> w.size() == 4 ? output.elementCount() * w.get(1) * w.get(2) : 0;
            case "FULLY_CONNECTED" -> w.size() == 2 ? output.elementCount() * w.get(1) : 0;
            default -> 0;
        };
    }
}
