package io.intakeedge.quantization.runtime;

import io.intakeedge.quantization.model.LoadedModel;
import io.intakeedge.quantization.model.ModelException;
import io.intakeedge.quantization.model.SchemaReader;
import io.intakeedge.quantization.model.TensorInfo;
import io.intakeedge.quantization.tensor.ElementType;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.SubGraph;

/**
 * Reads the classifier output as scores: probabilities of a softmax over N classes or a single sigmoid score.
 * When the model ends in SOFTMAX/LOGISTIC the (dequantized) output is used as it is; when it outputs raw logits the
 * activation is applied here, so routing always sees values in [0, 1].
 */
final class ScoreReader {
    private final int classes;
    private final boolean activated;

    ScoreReader(LoadedModel model) throws ModelException {
        TensorInfo out = model.outputs().get(0);
        if (out.type() != ElementType.FLOAT32 && out.type() != ElementType.INT8 && out.type() != ElementType.UINT8) {
            throw new ModelException(model.source() + ": output type " + out.type()
                    + " is not supported; scores must be FLOAT32, INT8 or UINT8");
        }
        long n = out.elementCount();
        if (n < 1 || n > 10_000 || out.shape().size() > 2 || out.shape().size() == 2 && out.shape().get(0) != 1) {
            throw new ModelException(model.source() + ": output shape " + out.shape()
                    + " is not a classifier output ([1, N] or [N])");
        }
        this.classes = (int) n;
        String producer = producingOperator(model, out.index());
        this.activated = classes == 1 ? "LOGISTIC".equals(producer) : "SOFTMAX".equals(producer);
    }

    int classes() {
        return classes;
    }

    /** True when the model itself ends in the activation; false when logits are activated here. */
    boolean modelActivates() {
        return activated;
    }

    float[] read(TfliteInterpreter interpreter) throws InferenceException {
        float[] v = interpreter.outputFloats(0);
        if (activated) {
            return v;
        }
        return classes == 1 ? new float[] {(float) (1 / (1 + Math.exp(-v[0])))} : softmax(v);
    }

    private static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }

    private static String producingOperator(LoadedModel loaded, int tensor) {
        Model model = SchemaReader.model(loaded);
        SubGraph sg = model.subgraphs(0);
        for (int o = 0; o < sg.operatorsLength(); o++) {
            Operator op = sg.operators(o);
            for (int k = 0; k < op.outputsLength(); k++) {
                if (op.outputs(k) == tensor) {
                    return SchemaReader.operatorName(model.operatorCodes((int) op.opcodeIndex()));
                }
            }
        }
        return "";
    }
}
