package io.intakeedge.quantization.ptq;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.TfLiteTensor;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteFloat32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;

/**
 * A TFLite interpreter (XNNPACK) over model bytes that {@link FloatModelCheck} has accepted. It keeps the model
 * buffer, resolver and builder referenced, because the native interpreter points into all three.
 */
final class TfliteSession implements AutoCloseable {

    private final BytePointer modelBytes;
    private final FlatBufferModel model;
    private final BuiltinOpResolver resolver;
    private final InterpreterBuilder builder;
    private final Interpreter interpreter;

    TfliteSession(byte[] tflite, int threads) {
        modelBytes = new BytePointer(tflite.length);
        modelBytes.put(tflite);
        model = FlatBufferModel.BuildFromBuffer(modelBytes, tflite.length);
        if (model == null || model.isNull()) {
            modelBytes.close();
            throw new IllegalStateException("TFLite could not read the model");
        }
        resolver = new BuiltinOpResolver();
        builder = new InterpreterBuilder(model, resolver);
        builder.SetNumThreads(threads);
        interpreter = new Interpreter((Pointer) null);
        int status = builder.apply(interpreter);
        if (status != kTfLiteOk || interpreter.isNull()) {
            close();
            throw new IllegalStateException("TFLite could not build an interpreter (status " + status + ")");
        }
        status = interpreter.AllocateTensors();
        if (status != kTfLiteOk) {
            close();
            throw new IllegalStateException("TFLite could not allocate tensors (status " + status + ")");
        }
    }

    /** Copies {@code values} into the float input tensor. */
    void setInput(float[] values) {
        TfLiteTensor in = interpreter.input_tensor(0);
        long count = in.bytes() / 4;
        if (in.type() != kTfLiteFloat32 || values.length != count) {
            throw new IllegalArgumentException("calibration sample has " + values.length + " values, the float "
                    + "model input takes " + count);
        }
        new FloatPointer(in.data().f()).capacity(count).put(values);
    }

    void invoke() {
        int status = interpreter.Invoke();
        if (status != kTfLiteOk) {
            throw new IllegalStateException("TFLite Invoke failed (status " + status + ")");
        }
    }

    /** The float values of tensor {@code index}; {@code into} must have its element count. */
    void readFloats(int index, float[] into) {
        TfLiteTensor t = interpreter.tensor(index);
        new FloatPointer(t.data().f()).capacity(into.length).get(into);
    }

    Interpreter interpreter() {
        return interpreter;
    }

    @Override
    public void close() {
        interpreter.close();
        builder.close();
        resolver.close();
        model.close();
        modelBytes.close();
    }
}
