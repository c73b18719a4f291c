package io.intakeedge.workbench.demo.model;

import io.intakeedge.agent.bundle.Bundle;
import io.intakeedge.agent.bundle.BundleLoader;
import io.intakeedge.agent.pipeline.Serving;
import io.intakeedge.agent.routing.Route;
import io.intakeedge.agent.routing.RoutingPolicy;
import io.intakeedge.capture.quality.GateThresholds;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.quantization.agreement.AgreementGate;
import io.intakeedge.quantization.agreement.AgreementReport;
import io.intakeedge.quantization.agreement.LabelledSample;
import io.intakeedge.quantization.builder.NetworkSpecs;
import io.intakeedge.quantization.model.ModelLoader;
import io.intakeedge.quantization.ptq.PostTrainingQuantizer;
import io.intakeedge.quantization.ptq.QuantizationOptions;
import io.intakeedge.quantization.ptq.QuantizedModel;
import io.intakeedge.quantization.runtime.PreprocessSpec;
import io.intakeedge.quantization.runtime.RegionPixels;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import io.intakeedge.quantization.runtime.TfliteBackend;
import io.intakeedge.quantization.train.Architecture;
import io.intakeedge.quantization.train.CnnTrainer;
import io.intakeedge.quantization.train.Dataset;
import io.intakeedge.quantization.train.TrainedModel;
import io.intakeedge.sync.drift.ReferenceProfile;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The reproducible procedure behind the shipped demo bundle ({@code bundles/demo}): parcel photos from the synthetic
 * conveyor scene, preprocessed by the serving path's own code → the float CNN trained in Java → float TFLite →
 * full-integer post-training quantization calibrated on scene crops → float-vs-INT8 agreement gate on a validation
 * seed → bundle files and a drift reference made from the scene's presented frames.
 *
 * <p>Run: {@code ./intake-edge model build-demo --out bundles/demo [--train-seed N] [--samples N] ...} (options:
 * {@link DemoModelSettings#OPTIONS}). Same options ⇒ same model bytes.
 */
public final class DemoModelBuild {
    /** Default top-1 agreement the INT8 model must reach against its float reference on the validation crops. */
    public static final double MIN_TOP1_AGREEMENT = 0.98;

    private final DemoModelSettings settings;
    private final double minTop1Agreement;
    private final PrintStream out;

    /**
     * @param minTop1Agreement the build fails (before writing the manifest) when INT8 agrees less with float
     * @param out              progress lines
     */
    public DemoModelBuild(DemoModelSettings settings, double minTop1Agreement, PrintStream out) {
        this.settings = settings;
        this.minTop1Agreement = minTop1Agreement;
        this.out = out;
    }

    /** Builds the bundle into {@code settings.out()}. */
    public DemoModelReport build() throws Exception {
        long start = System.nanoTime();
        ParcelCrops crops = new ParcelCrops(DemoModelSpec.PREPROCESS);
        out.printf("rendering %d training crops (training mix, seed %d)%n", settings.samples(), settings.trainSeed());
        List<ParcelCrop> train = crops.render(SceneConfig.trainingMix(settings.trainSeed()), settings.samples(),
                settings.boxJitter(), progress("training crops", settings.samples()));
        out.printf("rendering %d validation crops (training mix, seed %d)%n", settings.validationSamples(),
                settings.validationSeed());
        List<ParcelCrop> validation = crops.render(SceneConfig.trainingMix(settings.validationSeed()),
                settings.validationSamples(), 0, progress("validation crops", settings.validationSamples()));
        long rendered = System.nanoTime();

        out.printf("training %s on %d crops: %s%n", Architecture.demo().name(), train.size(), settings.trainer());
        TrainedModel trained = new CnnTrainer(settings.trainer()).fit(Architecture.demo(), dataset(train),
                dataset(validation), s -> out.printf(Locale.ROOT, "  epoch %2d: loss %.4f train acc %.4f "
                        + "validation acc %.4f (%d ms)%n", s.epoch(), s.trainLoss(), s.trainAccuracy(),
                        s.validationAccuracy(), s.millis()));
        long trainedAt = System.nanoTime();
        byte[] floatModel = NetworkSpecs.toFloatTflite(trained.network());

        List<float[]> calibration = calibrationInputs(train);
        out.printf("quantizing with %d calibration crops%n", calibration.size());
        QuantizedModel int8 = new PostTrainingQuantizer(QuantizationOptions.defaults()).quantize(floatModel,
                calibration);
        byte[] model = int8.tflite();

        AgreementReport agreement = agreement(floatModel, model, validation);
        List<String> failures = agreement.failures(minTop1Agreement, 1.0, 0.0);
        if (!failures.isEmpty()) {
            throw new IllegalStateException("the INT8 model does not follow its float reference closely enough, "
                    + "bundle not written: " + failures);
        }
        DemoBundleWriter writer = new DemoBundleWriter(settings.out());
        writer.model(model);
        boolean floatShipped = writer.floatModel(floatModel);
        writer.labels();
        writer.agreement(agreement.toJson());
        writer.manifest(settings, model, provenance(trained, agreement, floatShipped));
        out.printf("drift reference: standard scene, seed %d, %d parcels%n", settings.driftSeed(),
                settings.driftParcels());
        writer.driftReference(driftReference(model).toJson());

        boolean convertTo = verify(writer.dir());
        return new DemoModelReport(writer.dir(), DemoBundleWriter.sha256(model), model.length, floatModel.length,
                agreement, convertTo, Duration.ofNanos(rendered - start), Duration.ofNanos(trainedAt - rendered),
                Duration.ofNanos(System.nanoTime() - start));
    }

    private IntConsumer progress(String what, int total) {
        int step = Math.max(1, total / 10);
        return done -> {
            if (done % step == 0 || done == total) {
                out.printf("  %s %d/%d%n", what, done, total);
            }
        };
    }

    private static Dataset dataset(List<ParcelCrop> crops) {
        PreprocessSpec p = DemoModelSpec.PREPROCESS;
        List<float[]> images = new ArrayList<>(crops.size());
        int[] labels = new int[crops.size()];
        for (int i = 0; i < crops.size(); i++) {
            images.add(RegionPixels.normalize(crops.get(i).pixels(), p));
            labels[i] = crops.get(i).label();
        }
        return new Dataset(p.height(), p.width(), 3, images, labels);
    }

    /**
     * Evenly spaced training crops (both classes, the whole range of parcels, colours and lighting), plus one range
     * anchor: a copy of the first crop whose first pixel is black and last pixel white. The input's real range is
     * the full pixel range 0..255 by the pinned preprocessing, whatever the crops happen to contain; calibrated on
     * it, the INT8 input gets scale 1/128 and zero point 0, i.e. exactly {@code pixel − 128}, which the serving path
     * writes with one {@code convertTo}. Two pixels of one sample barely move any other tensor's range.
     */
    private List<float[]> calibrationInputs(List<ParcelCrop> train) {
        List<float[]> inputs = new ArrayList<>(settings.calibrationSamples() + 1);
        double step = train.size() / (double) settings.calibrationSamples();
        for (int i = 0; i < settings.calibrationSamples(); i++) {
            inputs.add(RegionPixels.normalize(train.get((int) (i * step)).pixels(), DemoModelSpec.PREPROCESS));
        }
        byte[] anchor = train.get(0).pixels().clone();
        Arrays.fill(anchor, 0, 3, (byte) 0);
        Arrays.fill(anchor, anchor.length - 3, anchor.length, (byte) 255);
        inputs.add(RegionPixels.normalize(anchor, DemoModelSpec.PREPROCESS));
        return inputs;
    }

    private AgreementReport agreement(byte[] floatModel, byte[] int8Model, List<ParcelCrop> validation)
            throws Exception {
        List<LabelledSample> samples = new ArrayList<>(validation.size());
        for (ParcelCrop c : validation) {
            samples.add(new LabelledSample(c.id(), RegionPixels.normalize(c.pixels(), DemoModelSpec.PREPROCESS),
                    c.label(), c.slices()));
        }
        try (TensorRunner reference = new TensorRunner(floatModel, DemoBundleWriter.FLOAT_MODEL);
             TensorRunner candidate = new TensorRunner(int8Model, DemoBundleWriter.MODEL)) {
            return new AgreementGate(DemoModelSpec.DAMAGED, (float) DemoModelSpec.DAMAGE_THRESHOLD)
                    .evaluate(samples, reference, candidate);
        }
    }

    private ReferenceProfile driftReference(byte[] int8Model) throws Exception {
        RoutingPolicy policy = new RoutingPolicy(DemoModelSpec.DAMAGE_THRESHOLD, new GateThresholds(
                DemoModelSpec.MAX_BLUR, DemoModelSpec.MIN_BRIGHTNESS, DemoModelSpec.MAX_OVER_EXPOSED),
                DemoModelSpec.POSITIVE_LABEL, Route.MANUAL_INTAKE);
        try (TfliteBackend backend = new TfliteBackend(ModelLoader.defaults().load(int8Model, DemoBundleWriter.MODEL),
                DemoModelSpec.PREPROCESS, new RuntimeOptions(1, true), DemoModelSpec.LABELS)) {
            return new DriftReferenceRun(backend, policy).build(settings.driftSeed(), settings.driftParcels(),
                    DemoModelBuild.class.getSimpleName(), settings.createdAt());
        }
    }

    /** Loads what was written the way the station will; returns whether its input is quantized by convertTo. */
    private static boolean verify(Path dir) throws Exception {
        Bundle bundle = BundleLoader.load(dir);
        try (Serving serving = Serving.open(bundle, new RuntimeOptions(1, true))) {
            return serving.backend() instanceof TfliteBackend t && t.usesConvertTo();
        }
    }

    private Map<String, String> provenance(TrainedModel trained, AgreementReport agreement, boolean floatShipped) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("procedure", DemoModelBuild.class.getName());
        p.put("command", "./intake-edge model build-demo --out " + settings.out() + " "
                + String.join(" ", settings.modelArguments()));
        p.put("scene", "synthetic conveyor, training mix, usable parcels, one STILL frame each, ground-truth box "
                + "(training boxes jittered by box_jitter per edge)");
        p.put("train_seed", Long.toString(settings.trainSeed()));
        p.put("validation_seed", Long.toString(settings.validationSeed()));
        p.put("drift_seed", Long.toString(settings.driftSeed()));
        p.put("samples", Integer.toString(settings.samples()));
        p.put("box_jitter", Double.toString(settings.boxJitter()));
        p.put("architecture", Architecture.demo().name());
        p.put("trainer", "CnnTrainer epochs=" + settings.trainer().epochs() + " batch=" + settings.trainer()
                .batchSize() + " lr=" + settings.trainer().learningRate() + " seed=" + settings.trainer().seed()
                + " flip=" + settings.trainer().flipAugmentation());
        p.put("quantization", "PostTrainingQuantizer min-max, int8 in/out, per-channel weights, "
                + settings.calibrationSamples() + " calibration crops from the training set + 1 range anchor "
                + "(pixels 0 and 255)");
        p.put("float_model", floatShipped ? DemoBundleWriter.FLOAT_MODEL : "not shipped (too large)");
        p.put("float_validation_accuracy", format(agreement.overall().referenceAccuracy()));
        p.put("int8_validation_accuracy", format(agreement.overall().candidateAccuracy()));
        p.put("int8_top1_agreement", format(agreement.overall().top1Agreement()));
        return p;
    }

    private static String format(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
    }
}
