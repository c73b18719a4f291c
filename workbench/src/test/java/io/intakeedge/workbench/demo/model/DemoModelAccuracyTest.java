package io.intakeedge.workbench.demo.model;

import io.intakeedge.agent.bundle.Bundle;
import io.intakeedge.agent.bundle.BundleLoader;
import io.intakeedge.agent.bundle.BundlePreprocess;
import io.intakeedge.agent.pipeline.Serving;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.presentation.Presentation;
import io.intakeedge.capture.presentation.PresentationTrigger;
import io.intakeedge.capture.quality.QualityAnalyzer;
import io.intakeedge.capture.synthetic.Condition;
import io.intakeedge.capture.synthetic.ParcelTruth;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import io.intakeedge.quantization.model.ModelLoader;
import io.intakeedge.quantization.runtime.Inference;
import io.intakeedge.quantization.runtime.PreprocessSpec;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import io.intakeedge.quantization.runtime.TfliteBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed demo bundle separates damaged from intact parcels of the synthetic scene on a seed it was never
 * trained, validated or calibrated on, through the station's own serving path: bundle loader, pinned
 * preprocessing, INT8 TFLite backend, classifying the true parcel box of the middle STILL frame of usable parcels.
 */
class DemoModelAccuracyTest {
    /** The build uses 101 (training, calibration), 202 (validation, agreement) and 303 (drift reference). */
    private static final long HELD_OUT_SEED = 404;
    private static final int PARCELS = 240;
    private static final int STATION_PARCELS = 120;

    /** Truth and both models' answers for one parcel; "says damaged" is the top-1 class, as the trainer counts. */
    private record Verdict(long parcelId, boolean damaged, float int8Score, boolean int8SaysDamaged,
                           float floatScore, boolean floatSaysDamaged) {
    }

    private static Bundle bundle;
    private static final List<Verdict> verdicts = new ArrayList<>();

    @BeforeAll
    static void classifyHeldOutParcels() throws Exception {
        bundle = BundleLoader.load(Path.of("..", "bundles", "demo"));
        SceneConfig scene = SceneConfig.standard(HELD_OUT_SEED).withMaxParcels(PARCELS * 2);
        try (Serving serving = Serving.open(bundle, new RuntimeOptions(1, true));
             TfliteBackend floatModel = new TfliteBackend(ModelLoader.defaults().load(
                     bundle.directory().resolve("model-float.tflite")), spec(bundle.preprocess()),
                     new RuntimeOptions(1, true), bundle.labels());
             SyntheticConveyorSource source = new SyntheticConveyorSource(scene, "held-out-cam")) {
            for (long parcel = 0; parcel < scene.maxParcels() && verdicts.size() < PARCELS; parcel++) {
                if (source.parcel(parcel).condition() != Condition.USABLE) {
                    continue; // the quality gate never lets these reach the model
                }
                long frameIndex = source.middleStillFrame(parcel);
                ParcelTruth truth = source.truthOf(frameIndex).orElseThrow();
                try (Frame frame = source.frameAt(frameIndex)) {
                    Inference int8 = serving.backend().classify(frame.image(), truth.box().toRect());
                    Inference reference = floatModel.classify(frame.image(), truth.box().toRect());
                    verdicts.add(new Verdict(truth.parcelId(), truth.damaged(), int8.scoreOf("damaged"),
                            saysDamaged(int8), reference.scoreOf("damaged"), saysDamaged(reference)));
                }
            }
        }
    }

    @Test
    void int8ModelSeparatesDamagedFromIntactOnAHeldOutSeed() {
        assertThat(verdicts).hasSize(PARCELS);
        assertThat(verdicts).extracting(Verdict::damaged).contains(true, false);
        long damaged = verdicts.stream().filter(Verdict::damaged).count();
        double int8Accuracy = accuracy(verdicts.stream().filter(v -> v.int8SaysDamaged() == v.damaged()).count());
        double floatAccuracy = accuracy(verdicts.stream().filter(v -> v.floatSaysDamaged() == v.damaged()).count());
        double thresholdAccuracy = accuracy(verdicts.stream()
                .filter(v -> (v.int8Score() >= bundle.thresholds().damageThreshold()) == v.damaged()).count());
        System.out.printf("held-out seed %d, %d usable parcels (%d damaged): accuracy INT8 %.4f, float %.4f; "
                        + "INT8 at the bundle threshold %.2f: %.4f; misclassified INT8: %s%n", HELD_OUT_SEED,
                verdicts.size(), damaged, int8Accuracy, floatAccuracy, bundle.thresholds().damageThreshold(),
                thresholdAccuracy, verdicts.stream().filter(v -> v.int8SaysDamaged() != v.damaged())
                        .map(v -> v.parcelId() + (v.damaged() ? "(damaged " : "(intact ") + v.int8Score() + ")")
                        .toList());
        assertThat(int8Accuracy).as("INT8 damaged-vs-intact accuracy on held-out seed " + HELD_OUT_SEED)
                .isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void int8ModelFollowsItsFloatReference() {
        long agreeing = verdicts.stream().filter(v -> v.int8SaysDamaged() == v.floatSaysDamaged()).count();
        double meanDiff = verdicts.stream().mapToDouble(v -> Math.abs(v.int8Score() - v.floatScore())).average()
                .orElseThrow();
        System.out.printf("INT8 vs float on %d held-out parcels: top-1 agreement %.4f, mean |score diff| %.4f%n",
                verdicts.size(), accuracy(agreeing), meanDiff);
        assertThat(accuracy(agreeing)).as("top-1 agreement INT8 vs model-float.tflite").isGreaterThanOrEqualTo(0.98);
        assertThat(meanDiff).as("mean damaged-score difference").isLessThan(0.05);
    }

    /**
     * The whole station path on the same held-out seed, blurred, dark and cut-off parcels included: quality
     * analyzer, presentation trigger and gate pick the photo, and the model sees the DETECTED parcel box, not the
     * true one.
     */
    @Test
    void stationPathSeparatesDamagedFromIntactOnTheDetectedBox() throws Exception {
        SceneConfig scene = SceneConfig.standard(HELD_OUT_SEED).withMaxParcels(STATION_PARCELS);
        int scored = 0;
        int correct = 0;
        try (Serving serving = Serving.open(bundle, new RuntimeOptions(1, true));
             SyntheticConveyorSource source = new SyntheticConveyorSource(scene, "held-out-cam");
             QualityAnalyzer analyzer = new QualityAnalyzer();
             PresentationTrigger trigger = new PresentationTrigger()) {
            Optional<Frame> next;
            while ((next = source.next()).isPresent()) {
                try (Frame frame = next.get()) {
                    Optional<Presentation> presented = trigger.offer(frame, analyzer.analyze(frame));
                    if (presented.isEmpty()) {
                        continue;
                    }
                    try (Presentation p = presented.get()) {
                        if (!serving.policy().gate(p.metrics()).passed()) {
                            continue;
                        }
                        boolean damaged = source.truthOf(p.frame().index()).orElseThrow().damaged();
                        Inference inference = serving.backend().classify(p.frame().image(),
                                p.metrics().parcelBox().orElseThrow().toRect());
                        scored++;
                        correct += saysDamaged(inference) == damaged ? 1 : 0;
                    }
                }
            }
        }
        System.out.printf("station path, held-out seed %d, %d parcels: %d photos passed the gate, accuracy %.4f%n",
                HELD_OUT_SEED, STATION_PARCELS, scored, correct / (double) scored);
        assertThat(scored).as("photos that passed the quality gate").isGreaterThanOrEqualTo(STATION_PARCELS / 2);
        assertThat(correct / (double) scored).as("accuracy on the detected box").isGreaterThanOrEqualTo(0.95);
    }

    private static boolean saysDamaged(Inference inference) {
        return inference.scoreOf("damaged") > inference.scoreOf("intact");
    }

    private static double accuracy(long correct) {
        return correct / (double) verdicts.size();
    }

    /** The bundle's preprocessing as the runtime's record (what {@link Serving} does for the INT8 model). */
    private static PreprocessSpec spec(BundlePreprocess p) {
        return new PreprocessSpec(p.id(), p.width(), p.height(), PreprocessSpec.ResizeMode.valueOf(p.resizeMode()
                .name()), (float) p.roiMargin(), PreprocessSpec.ColorOrder.valueOf(p.colorOrder().name()),
                p.mean().stream().map(Double::floatValue).toList(), p.std().stream().map(Double::floatValue).toList());
    }
}
