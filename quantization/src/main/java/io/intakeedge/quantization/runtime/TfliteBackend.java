package io.intakeedge.quantization.runtime;

import io.intakeedge.quantization.model.EmbeddedMetadata;
import io.intakeedge.quantization.model.LoadedModel;
import io.intakeedge.quantization.model.ModelException;
import io.intakeedge.quantization.model.Normalization;
import io.intakeedge.quantization.model.TensorInfo;
import org.bytedeco.javacpp.Loader;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The TFLite classifier on CPU, with or without XNNPACK. Each {@link #classify} crops the region, writes it straight
 * into the input tensor as the bundle's {@link PreprocessSpec} says, invokes and reads the scores. Not thread-safe:
 * one backend per capture loop.
 */
public final class TfliteBackend implements InferenceBackend {
    private static final Logger LOG = LoggerFactory.getLogger(TfliteBackend.class);

    private final TfliteInterpreter interpreter;
    private final PreprocessSpec spec;
    private final InputTensorWriter writer;
    private final ScoreReader scores;
    private final List<String> labels;
    private final String name;
    private BackendChoice choice;
    private boolean closed;

    static {
        // the org.opencv.* API needs its JNI library; quantization must not depend on camera-capture to get it
        Loader.load(org.bytedeco.opencv.opencv_java.class);
    }

    /** Labels come from the model's metadata. */
    public TfliteBackend(LoadedModel model, PreprocessSpec spec, RuntimeOptions options) throws ModelException {
        this(model, spec, options, List.of());
    }

    /**
     * @param labels output labels pinned by the bundle, in output order; empty to take them from the model metadata
     * @throws ModelException when the model's input does not match {@code spec}, its output is not a classifier
     *                        output, the labels do not match the outputs, or TFLite cannot run it
     */
    public TfliteBackend(LoadedModel model, PreprocessSpec spec, RuntimeOptions options, List<String> labels)
            throws ModelException {
        checkInputShape(model, spec);
        this.spec = spec;
        this.scores = new ScoreReader(model);
        this.labels = resolveLabels(model, labels, scores.classes());
        warnOnNormalizationMismatch(model, spec);
        this.interpreter = TfliteInterpreter.open(model, options);
        try {
            this.writer = new InputTensorWriter(spec, model.inputs().get(0), interpreter.inputBuffer(0));
        } catch (ModelException | RuntimeException e) {
            interpreter.close();
            throw e;
        }
        int delegated = interpreter.delegatedNodes().size();
        int modelNodes = interpreter.modelNodes();
        // XNNPACK that took no node leaves every node to the built-in kernels: say so rather than claim XNNPACK
        boolean xnnpackRuns = options.xnnpack() && delegated > 0;
        this.name = xnnpackRuns ? "tflite-xnnpack" : "tflite-cpu";
        this.choice = new BackendChoice(name, xnnpackRuns ? delegated : modelNodes, modelNodes,
                options.xnnpack() && !xnnpackRuns ? List.of("xnnpack: took none of the model's " + modelNodes
                        + " nodes") : List.of());
        LOG.info("{} ready: {} input {} {}, preprocess {}, {} of {} nodes on XNNPACK", name, model.source(),
                model.inputs().get(0).type(), model.inputs().get(0).shape(), spec.id(), delegated, modelNodes);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public BackendChoice choice() {
        return choice;
    }

    /** Records the preferred backends {@link BackendSelector} passed over before this one. */
    void precededBy(List<String> skipped) {
        choice = choice.after(skipped);
    }

    public List<String> labels() {
        return labels;
    }

    public PreprocessSpec spec() {
        return spec;
    }

    /** The interpreter underneath, for inspection and benchmarks. */
    public TfliteInterpreter interpreter() {
        return interpreter;
    }

    /** True when quantization of the input is a plain {@code convertTo}, false when it uses a lookup table. */
    public boolean usesConvertTo() {
        return writer.usesConvertTo();
    }

    @Override
    public Inference classify(Mat bgr, Rect roi) throws InferenceException {
        if (closed) {
            throw new InferenceException("backend " + name + " is closed");
        }
        try {
            long t0 = System.nanoTime();
            writer.write(bgr, roi);
            long t1 = System.nanoTime();
            interpreter.invoke();
            long t2 = System.nanoTime();
            return new Inference(labels, scores.read(interpreter), t1 - t0, t2 - t1, name);
        } catch (RuntimeException e) {
            // OpenCV errors surface as CvException; the caller fails closed either way
            throw new InferenceException("inference failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            writer.release();
            interpreter.close();
        }
    }

    private static void checkInputShape(LoadedModel model, PreprocessSpec spec) throws ModelException {
        if (model.inputs().size() != 1) {
            throw new ModelException(model.source() + " has " + model.inputs().size()
                    + " inputs; the classifier backend feeds exactly one image");
        }
        TensorInfo in = model.inputs().get(0);
        List<Integer> expected = List.of(1, spec.height(), spec.width(), 3);
        if (!in.shape().equals(expected)) {
            throw new ModelException("model input shape " + in.shape() + " of " + model.source()
                    + " does not match preprocess spec " + spec.id() + " " + expected + " (NHWC)");
        }
    }

    private static List<String> resolveLabels(LoadedModel model, List<String> labels, int classes)
            throws ModelException {
        List<String> chosen = labels.isEmpty()
                ? model.metadata().map(EmbeddedMetadata::labels).orElse(List.of()) : List.copyOf(labels);
        if (chosen.isEmpty()) {
            throw new ModelException(model.source() + " has no labels: pass them from the bundle or embed a "
                    + "TENSOR_AXIS_LABELS file in the model metadata");
        }
        if (chosen.size() != classes) {
            throw new ModelException(model.source() + " outputs " + classes + " scores but " + chosen.size()
                    + " labels were given: " + chosen);
        }
        return chosen;
    }

    private static void warnOnNormalizationMismatch(LoadedModel model, PreprocessSpec spec) {
        model.metadata().flatMap(EmbeddedMetadata::normalizationIfPresent).ifPresent((Normalization n) -> {
            if (!n.mean().isEmpty() && !n.std().isEmpty()
                    && (n.mean().get(0) != spec.mean(0) || n.std().get(0) != spec.std(0))) {
                LOG.warn("{}: model metadata normalization mean={} std={} differs from preprocess spec {} "
                        + "mean={} std={}; the spec wins", model.source(), n.mean(), n.std(), spec.id(),
                        spec.mean(), spec.std());
            }
        });
    }
}
