package io.intakeedge.quantization.ptq;

import io.intakeedge.quantization.model.ModelException;
import io.intakeedge.quantization.model.ModelLoader;
import io.intakeedge.quantization.model.TensorInfo;
import io.intakeedge.quantization.runtime.InferenceException;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import io.intakeedge.quantization.runtime.TfliteInterpreter;
import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.tensor.QuantParams;

/**
 * Test helper over {@link TfliteInterpreter} (XNNPACK): runs a single-input model on float values, quantizing the
 * input and dequantizing outputs with the tensors' own parameters, and turns checked exceptions into test failures.
 */
public final class ModelRunner implements AutoCloseable {

    private final TfliteInterpreter interpreter;

    public ModelRunner(byte[] model, int threads) {
        try {
            interpreter = TfliteInterpreter.open(new ModelLoader(256L << 20, ModelLoader.DEFAULT_MIN_BYTES)
                    .load(model, "test model"), new RuntimeOptions(threads, true));
        } catch (ModelException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public float[] run(float[] input) {
        setInput(input);
        invoke();
        return output(0);
    }

    public void setInput(float[] input) {
        interpreter.setInput(0, input);
    }

    public void invoke() {
        try {
            interpreter.invoke();
        } catch (InferenceException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public float[] output(int k) {
        try {
            return interpreter.outputFloats(k);
        } catch (InferenceException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public QuantParams inputParams() {
        return params(interpreter.input(0));
    }

    public QuantParams outputParams(int k) {
        return params(interpreter.output(k));
    }

    public int[] outputShape(int k) {
        return interpreter.output(k).shapeArray();
    }

    public ElementType inputType() {
        return interpreter.input(0).type();
    }

    public ElementType outputType(int k) {
        return interpreter.output(k).type();
    }

    private static QuantParams params(TensorInfo t) {
        return t.quantization().perTensor(t.type()).orElseThrow(() ->
                new IllegalStateException(t.name() + " has no per-tensor parameters"));
    }

    @Override
    public void close() {
        interpreter.close();
    }
}
