package io.intakeedge.quantization.ptq;

import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.tensor.QuantParams;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.TfLiteTensor;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteFloat32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteInt8;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteUInt8;

/**
 * Test helper: runs any single-input model (float, int8 or uint8 edges) on float values, quantizing the input and
 * dequantizing the outputs with the tensors' own parameters as TFLite reports them.
 */
public final class ModelRunner implements AutoCloseable {

    private final TfliteSession session;

    public ModelRunner(byte[] model, int threads) {
        this.session = new TfliteSession(model, threads);
    }

    public float[] run(float[] input) {
        setInput(input);
        session.invoke();
        return output(0);
    }

    public void setInput(float[] input) {
        TfLiteTensor in = interpreter().input_tensor(0);
        int count = elementCount(in);
        if (input.length != count) {
            throw new IllegalArgumentException("input has " + input.length + " values, tensor takes " + count);
        }
        if (in.type() == kTfLiteFloat32) {
            new FloatPointer(in.data().f()).capacity(count).put(input);
            return;
        }
        QuantParams p = params(in);
        byte[] q = new byte[count];
        for (int i = 0; i < count; i++) {
            q[i] = (byte) p.quantize(input[i]);
        }
        new BytePointer(in.data().raw()).capacity(count).put(q);
    }

    public void invoke() {
        session.invoke();
    }

    public float[] output(int k) {
        TfLiteTensor out = interpreter().output_tensor(k);
        int count = elementCount(out);
        float[] values = new float[count];
        if (out.type() == kTfLiteFloat32) {
            new FloatPointer(out.data().f()).capacity(count).get(values);
            return values;
        }
        QuantParams p = params(out);
        byte[] q = new byte[count];
        new BytePointer(out.data().raw()).capacity(count).get(q);
        for (int i = 0; i < count; i++) {
            int v = p.type() == ElementType.UINT8 ? q[i] & 0xFF : q[i];
            values[i] = p.scale() * (v - p.zeroPoint());
        }
        return values;
    }

    public QuantParams inputParams() {
        return params(interpreter().input_tensor(0));
    }

    public QuantParams outputParams(int k) {
        return params(interpreter().output_tensor(k));
    }

    public int[] outputShape(int k) {
        TfLiteTensor t = interpreter().output_tensor(k);
        int[] dims = new int[t.dims().size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.dims().data(i);
        }
        return dims;
    }

    public int inputType() {
        return interpreter().input_tensor(0).type();
    }

    public int outputType(int k) {
        return interpreter().output_tensor(k).type();
    }

    private Interpreter interpreter() {
        return session.interpreter();
    }

    private static QuantParams params(TfLiteTensor t) {
        if (t.type() == kTfLiteFloat32) {
            return QuantParams.float32();
        }
        ElementType type = t.type() == kTfLiteInt8 ? ElementType.INT8 : t.type() == kTfLiteUInt8 ? ElementType.UINT8
                : null;
        if (type == null) {
            throw new IllegalStateException("unexpected tensor type " + t.type());
        }
        return new QuantParams(t.params().scale(), t.params().zero_point(), type);
    }

    private static int elementCount(TfLiteTensor t) {
        int n = 1;
        for (int i = 0; i < t.dims().size(); i++) {
            n *= t.dims().data(i);
        }
        return n;
    }

    @Override
    public void close() {
        session.close();
    }
}
