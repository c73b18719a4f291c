package io.intakeedge.workbench.demo.model;

import io.intakeedge.quantization.model.LoadedModel;
import io.intakeedge.quantization.model.ModelException;
import io.intakeedge.quantization.model.ModelLoader;
import io.intakeedge.quantization.runtime.InferenceException;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import io.intakeedge.quantization.runtime.TfliteInterpreter;

import java.util.function.Function;

/**
 * A TFLite model as a function from normalized float input to scores, for the agreement gate: float models take the
 * values as they are, INT8 models get them quantized with their input tensor's parameters, outputs come back
 * dequantized. Not thread-safe.
 */
final class TensorRunner implements Function<float[], float[]>, AutoCloseable {
    private final TfliteInterpreter interpreter;

    TensorRunner(byte[] tflite, String source) throws ModelException {
        LoadedModel model = ModelLoader.defaults().load(tflite, source);
        this.interpreter = TfliteInterpreter.open(model, new RuntimeOptions(1, true));
    }

    @Override
    public float[] apply(float[] input) {
        try {
            interpreter.setInput(0, input);
            interpreter.invoke();
            return interpreter.outputFloats(0);
        } catch (InferenceException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        interpreter.close();
    }
}
