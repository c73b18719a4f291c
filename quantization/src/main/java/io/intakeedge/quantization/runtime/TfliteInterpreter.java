package io.intakeedge.quantization.runtime;

import io.intakeedge.quantization.model.LoadedModel;
import io.intakeedge.quantization.model.ModelException;
import io.intakeedge.quantization.model.TensorInfo;
import io.intakeedge.quantization.tensor.ElementType;
import io.intakeedge.quantization.tensor.QuantParams;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.OpResolver;
import org.bytedeco.tensorflowlite.RegistrationNodePair;
import org.bytedeco.tensorflowlite.TfLiteDelegateParams;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteNode;
import org.bytedeco.tensorflowlite.TfLiteTensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;

/**
 * One TFLite interpreter over a {@link LoadedModel}, with raw tensor access. It owns the native model buffer,
 * FlatBufferModel, op resolver and builder for as long as the interpreter lives (the interpreter points into all of
 * them). Not thread-safe; {@link #close()} frees the native memory.
 */
public final class TfliteInterpreter implements AutoCloseable {
    private final LoadedModel model;
    private final RuntimeOptions options;
    private final BytePointer modelBytes;
    private final FlatBufferModel flatModel;
    private final OpResolver resolver;
    private final InterpreterBuilder builder;
    private final Interpreter interpreter;
    private boolean closed;

    private TfliteInterpreter(LoadedModel model, RuntimeOptions options) throws ModelException {
        this.model = model;
        this.options = options;
        this.modelBytes = new BytePointer(model.bytes());
        this.flatModel = FlatBufferModel.VerifyAndBuildFromBuffer(modelBytes, model.sizeBytes());
        if (flatModel == null || flatModel.isNull()) {
            modelBytes.close();
            throw new ModelException(model.source() + " failed the FlatBuffers verifier");
        }
        // BuiltinOpResolver applies XNNPACK as TFLite's default delegate when tensors are allocated
        this.resolver = options.xnnpack() ? new BuiltinOpResolver() : new BuiltinOpResolverWithoutDefaultDelegates();
        this.builder = new InterpreterBuilder(flatModel, resolver);
        builder.SetNumThreads(options.threads());
        this.interpreter = new Interpreter((Pointer) null);
    }

    /**
     * Builds the interpreter and allocates tensors.
     *
     * @throws ModelException when TFLite cannot run the model (unsupported operator or version, invalid graph); the
     *                        TFLite runtime prints its own reason to stderr
     */
    public static TfliteInterpreter open(LoadedModel model, RuntimeOptions options) throws ModelException {
        TfliteInterpreter it = new TfliteInterpreter(model, options);
        try {
            if (it.builder.apply(it.interpreter) != kTfLiteOk || it.interpreter.isNull()) {
                throw new ModelException(model.source() + ": TFLite cannot build an interpreter (unsupported "
                        + "operator/version or invalid graph; see TFLite's message on stderr)");
            }
            if (it.interpreter.AllocateTensors() != kTfLiteOk) {
                throw new ModelException(model.source() + ": TFLite cannot allocate tensors (invalid shapes or "
                        + "operator parameters; see TFLite's message on stderr)");
            }
            it.checkIoMatchesModel();
            return it;
        } catch (ModelException | RuntimeException e) {
            it.close();
            throw e;
        }
    }

    // the loader described the tensors from the flatbuffer; make sure the runtime allocated exactly those
    private void checkIoMatchesModel() throws ModelException {
        for (int i = 0; i < inputCount(); i++) {
            checkAllocated(interpreter.input_tensor(i), input(i));
        }
        for (int i = 0; i < outputCount(); i++) {
            checkAllocated(interpreter.output_tensor(i), output(i));
        }
    }

    private void checkAllocated(TfLiteTensor t, TensorInfo info) throws ModelException {
        long expected = info.elementCount() * info.type().byteSize();
        if (t == null || t.isNull() || t.data().raw() == null || t.bytes() != expected) {
            throw new ModelException(model.source() + ": tensor " + info.name() + " " + info.shape()
                    + " was not allocated as described (" + (t == null ? 0 : t.bytes()) + " bytes, expected "
                    + expected + ")");
        }
    }

    public LoadedModel model() {
        return model;
    }

    public RuntimeOptions options() {
        return options;
    }

    public int inputCount() {
        return model.inputs().size();
    }

    public int outputCount() {
        return model.outputs().size();
    }

    public TensorInfo input(int i) {
        return model.inputs().get(i);
    }

    public TensorInfo output(int i) {
        return model.outputs().get(i);
    }

    /**
     * Direct view of input tensor {@code i}'s memory (native byte order). Writing to it writes the tensor; it is valid
     * until {@link #close()}.
     */
    public ByteBuffer inputBuffer(int i) {
        return tensorBuffer(inputTensor(i));
    }

    /** Sets input {@code i} from real values, quantizing for INT8/UINT8 tensors. */
    public void setInput(int i, float[] values) {
        TensorInfo info = input(i);
        checkLength(info, values.length);
        ByteBuffer buf = inputBuffer(i);
        if (info.type() == ElementType.FLOAT32) {
            buf.asFloatBuffer().put(values);
        } else {
            buf.put(quantParams(info).quantizeToBytes(values));
        }
    }

    /** Copies raw tensor bytes into input {@code i}. */
    public void setInputBytes(int i, byte[] raw) {
        ByteBuffer buf = inputBuffer(i);
        if (raw.length != buf.capacity()) {
            throw new IllegalArgumentException("input " + i + " needs " + buf.capacity() + " bytes, got " + raw.length);
        }
        buf.put(raw);
    }

    /** Runs the model once. */
    public void invoke() throws InferenceException {
        requireOpen();
        int status = interpreter.Invoke();
        if (status != kTfLiteOk) {
            throw new InferenceException("TFLite Invoke failed with status " + status + " for " + model.source());
        }
    }

    /** Output {@code i} as real values (dequantized for INT8/UINT8). */
    public float[] outputFloats(int i) throws InferenceException {
        TensorInfo info = output(i);
        ByteBuffer buf = tensorBuffer(outputTensor(i));
        float[] out = new float[(int) info.elementCount()];
        switch (info.type()) {
            case FLOAT32 -> buf.asFloatBuffer().get(out);
            case INT8, UINT8 -> {
                byte[] raw = new byte[out.length];
                buf.get(raw);
                out = quantParams(info).dequantize(raw);
            }
            default -> throw new InferenceException("output " + i + " has type " + info.type()
                    + "; only FLOAT32, INT8 and UINT8 outputs can be read as scores");
        }
        return out;
    }

    /** Output {@code i}'s raw bytes. */
    public byte[] outputBytes(int i) {
        ByteBuffer buf = tensorBuffer(outputTensor(i));
        byte[] raw = new byte[buf.capacity()];
        buf.get(raw);
        return raw;
    }

    /** Nodes TFLite's own kernels or a delegate run after delegation (execution plan length). */
    public int executionPlanSize() {
        requireOpen();
        return (int) (interpreter.nodes_size() - delegatedNodes().size());
    }

    /** Original graph nodes a delegate (XNNPACK) took over; empty without delegates. */
    public List<Integer> delegatedNodes() {
        requireOpen();
        List<Integer> replaced = new ArrayList<>();
        for (int i = 0; i < interpreter.nodes_size(); i++) {
            RegistrationNodePair pair = interpreter.node_and_registration(i);
            TfLiteNode node = pair == null || pair.isNull() ? null : pair.first();
            if (node == null || node.delegate() == null || node.delegate().isNull()) {
                continue;
            }
            // a delegate kernel node carries TfLiteDelegateParams listing the nodes it replaced
            TfLiteIntArray nodes = new TfLiteDelegateParams(node.builtin_data()).nodes_to_replace();
            for (int k = 0; k < nodes.size(); k++) {
                replaced.add(nodes.data(k));
            }
        }
        return replaced;
    }

    /** Nodes of the model's graph before delegation (delegate kernels appended by TFLite not counted). */
    public int modelNodes() {
        requireOpen();
        return (int) interpreter.nodes_size() - delegatePartitions();
    }

    /** Number of delegate kernels (XNNPACK partitions) in the graph. */
    public int delegatePartitions() {
        requireOpen();
        int partitions = 0;
        for (int i = 0; i < interpreter.nodes_size(); i++) {
            TfLiteNode node = interpreter.node_and_registration(i).first();
            if (node.delegate() != null && !node.delegate().isNull()) {
                partitions++;
            }
        }
        return partitions;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // reverse order of creation: the interpreter points into the builder, resolver, model and bytes
        interpreter.close();
        builder.close();
        resolver.close();
        flatModel.close();
        modelBytes.close();
    }

    private TfLiteTensor inputTensor(int i) {
        requireOpen();
        checkIndex(i, inputCount(), "input");
        return interpreter.input_tensor(i);
    }

    private TfLiteTensor outputTensor(int i) {
        requireOpen();
        checkIndex(i, outputCount(), "output");
        return interpreter.output_tensor(i);
    }

    private static ByteBuffer tensorBuffer(TfLiteTensor t) {
        return t.data().raw().capacity(t.bytes()).asByteBuffer().order(ByteOrder.nativeOrder());
    }

    private static QuantParams quantParams(TensorInfo info) {
        return info.quantParams().orElseThrow(() -> new IllegalStateException("tensor " + info.name()
                + " has no per-tensor quantization"));
    }

    private static void checkLength(TensorInfo info, int length) {
        if (length != info.elementCount()) {
            throw new IllegalArgumentException("tensor " + info.name() + " " + info.shape() + " needs "
                    + info.elementCount() + " values, got " + length);
        }
    }

    private static void checkIndex(int i, int count, String what) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException(what + " " + i + " of " + count);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("interpreter for " + model.source() + " is closed");
        }
    }
}
