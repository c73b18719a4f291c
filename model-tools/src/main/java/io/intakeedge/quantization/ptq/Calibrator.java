package io.intakeedge.quantization.ptq;

import io.intakeedge.quantization.builder.TfliteBuffers;
import io.intakeedge.quantization.model.ModelException;
import io.intakeedge.quantization.runtime.InferenceException;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import io.intakeedge.quantization.runtime.TfliteInterpreter;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the float model in TFLite over the calibration samples and records the range of every non-constant tensor.
 * Intermediate tensors are observable because a copy of the model lists all of them as subgraph outputs: outputs are
 * never overwritten by the memory planner and XNNPACK writes them back, which the preserve-all-tensors option does not
 * guarantee for delegated nodes.
 */
final class Calibrator {

    private final CalibrationMethod method;
    private final int threads;

    Calibrator(CalibrationMethod method, int threads) {
        this.method = method;
        this.threads = threads;
    }

    /** Observed ranges keyed by tensor index, plus the report. */
    record Result(Map<Integer, RangeObserver> ranges, CalibrationStats stats) {
    }

    Result run(ModelT floatModel, byte[] floatBytes, Iterable<float[]> samples, CalibrationListener listener)
            throws ModelException {
        SubGraphT graph = floatModel.getSubgraphs()[0];
        Map<Integer, RangeObserver> observers = new LinkedHashMap<>();
        for (int i = 0; i < graph.getTensors().length; i++) {
            if (!FloatModelCheck.isConstant(floatModel, graph.getTensors()[i])
                    && graph.getTensors()[i].getType() == TensorType.FLOAT32) {
                observers.put(i, new RangeObserver(method instanceof CalibrationMethod.Percentile p
                        ? p.percent() : Double.NaN));
            }
        }
        int total = samples instanceof Collection<?> c ? c.size() : -1;
        int done = 0;
        List<Integer> observed = new ArrayList<>(observers.keySet());
        try (TfliteInterpreter interpreter = TfliteInterpreter.open(FloatModelCheck.load(
                withAllTensorsAsOutputs(floatBytes, observed), "calibration copy of the float model"),
                new RuntimeOptions(threads, true))) {
            for (float[] sample : samples) {
                setInput(interpreter, sample, done + 1);
                interpreter.invoke();
                for (int k = 0; k < observed.size(); k++) {
                    observers.get(observed.get(k)).observe(interpreter.outputFloats(k));
                }
                listener.sampleDone(++done, total);
            }
        } catch (InferenceException e) {
            throw new IllegalStateException("the float model failed on calibration sample " + (done + 1), e);
        }
        if (done == 0) {
            throw new IllegalArgumentException("the calibration set is empty");
        }
        return new Result(observers, stats(graph, floatModel, observers, done));
    }

    private static void setInput(TfliteInterpreter interpreter, float[] sample, int number) {
        try {
            interpreter.setInput(0, sample);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("calibration sample " + number + " does not fit the model input: "
                    + e.getMessage(), e);
        }
    }

    private static byte[] withAllTensorsAsOutputs(byte[] floatBytes, List<Integer> observed) {
        ModelT copy = ModelT.deserializeFromBinary(floatBytes);
        copy.getSubgraphs()[0].setOutputs(observed.stream().mapToInt(Integer::intValue).toArray());
        return TfliteBuffers.serialize(copy);
    }

    private CalibrationStats stats(SubGraphT graph, ModelT model, Map<Integer, RangeObserver> observers,
                                   int samples) {
        Map<Integer, CalibrationStats.TensorRange> ranges = new LinkedHashMap<>();
        observers.forEach((i, o) -> ranges.put(i, new CalibrationStats.TensorRange(i,
                graph.getTensors()[i].getName(), o.min(), o.max(), o.calibratedMin(), o.calibratedMax())));
        List<CalibrationStats.NodeRange> nodes = new ArrayList<>();
        OperatorT[] ops = graph.getOperators();
        for (int n = 0; n < ops.length; n++) {
            int builtin = TfliteBuffers.builtinCode(
                    model.getOperatorCodes()[(int) ops[n].getOpcodeIndex()]);
            nodes.add(new CalibrationStats.NodeRange(n, FloatModelCheck.operatorName(builtin),
                    pick(ranges, ops[n].getInputs()), pick(ranges, ops[n].getOutputs())));
        }
        return new CalibrationStats(method, samples, new ArrayList<>(ranges.values()), nodes);
    }

    private static List<CalibrationStats.TensorRange> pick(Map<Integer, CalibrationStats.TensorRange> ranges,
                                                           int[] tensors) {
        List<CalibrationStats.TensorRange> picked = new ArrayList<>();
        for (int t : tensors) {
            if (ranges.containsKey(t)) {
                picked.add(ranges.get(t));
            }
        }
        return picked;
    }

}
