package io.intakeedge.capture.presentation;

import io.intakeedge.capture.Box;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.quality.GateThresholds;
import io.intakeedge.capture.quality.GateVerdict;
import io.intakeedge.capture.quality.QualityAnalyzer;
import io.intakeedge.capture.quality.QualityGate;
import io.intakeedge.capture.quality.QualityMetrics;
import io.intakeedge.capture.synthetic.Condition;
import io.intakeedge.capture.synthetic.ParcelTruth;
import io.intakeedge.capture.synthetic.Phase;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The trigger and the gate on the synthetic scene, checked against its ground truth. */
class PresentationTriggerTest {
    private static final SceneConfig SCENE = SceneConfig.standard(31337).withMaxParcels(30);

    /** What one pass over the scene produced: presentations (frame index, truth, verdict) and per-frame verdicts. */
    private record Presented(long frameIndex, ParcelTruth truth, GateVerdict verdict, boolean settled,
                             int framesObserved, Duration settleTime) {
    }

    private static final List<Presented> PRESENTED = new ArrayList<>();
    private static final Map<Long, Double> SHARPEST_STILL = new HashMap<>();
    private static final Map<Long, Double> CHOSEN_VARIANCE = new HashMap<>();
    private static int stillFrames;
    private static int stillFramesAgreeing;

    @BeforeAll
    static void runTheScene() {
        QualityGate gate = new QualityGate(GateThresholds.SEED_DEFAULTS);
        try (SyntheticConveyorSource scene = new SyntheticConveyorSource(SCENE);
             QualityAnalyzer analyzer = new QualityAnalyzer();
             PresentationTrigger trigger = new PresentationTrigger()) {
            Optional<Frame> next;
            while ((next = scene.next()).isPresent()) {
                try (Frame frame = next.get()) {
                    QualityMetrics m = analyzer.analyze(frame);
                    Optional<ParcelTruth> truth = scene.truthOf(frame.index());
                    if (truth.isPresent() && truth.get().phase() == Phase.STILL) {
                        stillFrames++;
                        stillFramesAgreeing += agrees(gate.evaluate(m), truth.get()) ? 1 : 0;
                        SHARPEST_STILL.merge(truth.get().parcelId(), m.laplacianVariance(), Math::max);
                    }
                    trigger.offer(frame, m).ifPresent(p -> record(p, scene, gate));
                }
            }
            trigger.finish().ifPresent(p -> record(p, scene, gate));
        }
    }

    private static void record(Presentation p, SyntheticConveyorSource scene, QualityGate gate) {
        try (p) {
            ParcelTruth truth = scene.truthOf(p.frame().index()).orElse(null);
            PRESENTED.add(new Presented(p.frame().index(), truth, gate.evaluate(p.metrics()), p.settled(),
                    p.framesObserved(), p.settleTime()));
            if (truth != null) {
                CHOSEN_VARIANCE.put(truth.parcelId(), p.metrics().laplacianVariance());
            }
        }
    }

    /** Expected first reason per ground-truth condition; usable photos pass. */
    private static boolean agrees(GateVerdict v, ParcelTruth t) {
        return switch (t.condition()) {
            case USABLE -> v.passed();
            case BLURRED -> !v.passed() && v.reasons().get(0).equals(QualityGate.TOO_BLURRY);
            case DARK -> !v.passed() && v.reasons().get(0).equals(QualityGate.TOO_DARK);
            case OUT_OF_FRAME -> !v.passed() && v.reasons().get(0).equals(QualityGate.PACKAGE_INCOMPLETE);
        };
    }

    @Test
    void exactlyOnePresentationPerParcelTakenWhileItStandsStill() {
        assertThat(PRESENTED).hasSize(SCENE.maxParcels());
        for (int i = 0; i < PRESENTED.size(); i++) {
            Presented p = PRESENTED.get(i);
            assertThat(p.truth()).as("presentation %d at frame %d shows a parcel", i, p.frameIndex()).isNotNull();
            assertThat(p.truth().parcelId()).isEqualTo(i + 1);
            assertThat(p.truth().phase()).as("parcel %d", i + 1).isEqualTo(Phase.STILL);
            assertThat(p.settled()).isTrue();
            assertThat(p.framesObserved()).isGreaterThan(SCENE.framesSliding());
            assertThat(p.settleTime()).isPositive();
        }
    }

    @Test
    void theChosenFrameIsAmongTheSharpestOfTheStillPhase() {
        for (Presented p : PRESENTED) {
            long id = p.truth().parcelId();
            // the burst covers part of the still phase; its best frame is close to the phase's sharpest
            assertThat(CHOSEN_VARIANCE.get(id)).as("parcel %d", id).isGreaterThanOrEqualTo(0.9 * SHARPEST_STILL.get(id));
            if (p.truth().condition() == Condition.USABLE) {
                assertThat(p.verdict().metrics().blurScore()).isLessThan(0.45);
            }
        }
    }

    @Test
    void gateVerdictsAgreeWithTheGroundTruthConditions() {
        long agreeing = PRESENTED.stream().filter(p -> agrees(p.verdict(), p.truth())).count();
        assertThat(agreeing / (double) PRESENTED.size()).isGreaterThanOrEqualTo(0.95);
        assertThat(stillFramesAgreeing / (double) stillFrames).isGreaterThanOrEqualTo(0.95);
        assertThat(PRESENTED.stream().map(p -> p.truth().condition()).distinct()).hasSize(Condition.values().length);
    }

    @ParameterizedTest(name = "{0} ms between frames")
    @ValueSource(ints = {33, 100})
    void aParcelThatNeverSettlesIsPresentedOnceUnsettledAfterTheSettleTimeout(int frameMs) {
        try (PresentationTrigger trigger = new PresentationTrigger()) {
            List<Presentation> out = new ArrayList<>();
            int x = 0;
            int i = 0;
            for (; i < 4000 / frameMs; i++) {
                x = (x + 37) % 400; // keeps moving: never still
                trigger.offer(frame(i, frameMs), visible(new Box(x, 100, 150, 120))).ifPresent(out::add);
            }
            for (int k = 0; k < 10; k++, i++) {
                trigger.offer(frame(i, frameMs), empty()).ifPresent(out::add);
            }
            assertThat(out).hasSize(1);
            assertThat(out.get(0).settled()).isFalse();
            // the same timeout in milliseconds whatever the frame rate: reached on the first frame at or past it
            Duration timeout = PresentationTrigger.Settings.DEFAULTS.settleTimeout();
            assertThat(out.get(0).settleTime()).isBetween(timeout.minusMillis(1), timeout.plusMillis(frameMs));
            assertThat(trigger.state()).isEqualTo(PresentationTrigger.State.EMPTY);
            out.forEach(Presentation::close);
        }
    }

    @Test
    void aParcelThatLeavesBeforeSettlingIsStillPresentedAndBlipsAreSkippedAsTooShort() {
        try (PresentationTrigger trigger = new PresentationTrigger()) {
            List<Presentation> out = new ArrayList<>();
            List<SkippedPresentation> skipped = new ArrayList<>();
            trigger.onSkipped(skipped::add);
            int i = 0;
            trigger.offer(frame(i++), visible(new Box(10, 10, 100, 100))).ifPresent(out::add); // one-frame blip
            for (int k = 0; k < 5; k++) {
                trigger.offer(frame(i++), empty()).ifPresent(out::add);
            }
            assertThat(out).isEmpty();
            assertThat(skipped).singleElement().satisfies(s -> {
                assertThat(s.reason()).isEqualTo(SkippedPresentation.Reason.TOO_SHORT);
                assertThat(s.reason().code()).isEqualTo("too_short");
                assertThat(s.sequence()).isEqualTo(1);
                assertThat(s.framesObserved()).isEqualTo(1);
            });
            for (int k = 0; k < 5; k++) {
                trigger.offer(frame(i++), visible(new Box(40 * k, 100, 150, 120))).ifPresent(out::add);
            }
            for (int k = 0; k < 5; k++) {
                trigger.offer(frame(i++), empty()).ifPresent(out::add);
            }
            assertThat(out).hasSize(1);
            assertThat(out.get(0).settled()).isFalse();
            assertThat(out.get(0).sequence()).as("skips and decisions share one sequence").isEqualTo(2);
            assertThat(skipped).hasSize(1);
            out.forEach(Presentation::close);
        }
    }

    @Test
    void aParcelInViewWhenTheCameraIsLostIsMissedNotDecidedButADecidedOneKeepsItsDecision() {
        try (PresentationTrigger trigger = new PresentationTrigger()) {
            List<Presentation> out = new ArrayList<>();
            List<SkippedPresentation> skipped = new ArrayList<>();
            trigger.onSkipped(skipped::add);
            Box box = new Box(100, 80, 200, 150);
            int i = 0;
            for (int k = 0; k < 2; k++) { // arriving, not settled yet
                trigger.offer(painted(i++, 60), visible(new Box(100 + 30 * k, 80, 200, 150))).ifPresent(out::add);
            }
            trigger.cameraLost("frozen: 5 byte-identical frames");
            assertThat(out).isEmpty();
            assertThat(skipped).singleElement().satisfies(s -> {
                assertThat(s.reason().code()).isEqualTo("missed");
                assertThat(s.detail()).isEqualTo("camera frozen: 5 byte-identical frames");
                assertThat(s.sequence()).isEqualTo(1);
            });
            assertThat(trigger.state()).isEqualTo(PresentationTrigger.State.EMPTY);
            // back: the parcel still there is a presentation of its own, decided on fresh frames
            for (int k = 0; k < 20; k++) {
                trigger.offer(painted(i++, 60), visible(box)).ifPresent(out::add);
            }
            assertThat(out).singleElement().extracting(Presentation::sequence).isEqualTo(2L);
            trigger.cameraLost("stalled: no frame for 3.0 s"); // decided: nothing is missed
            for (int k = 0; k < 20; k++) {
                trigger.offer(painted(i++, 60), visible(box)).ifPresent(out::add);
            }
            assertThat(out).hasSize(1);
            assertThat(skipped).hasSize(1);
            out.forEach(Presentation::close);
        }
    }

    @Test
    void aParcelSwappedWithoutAnEmptyStationIsANewPresentationButAHandPassingIsNot() {
        try (PresentationTrigger trigger = new PresentationTrigger()) {
            List<Presentation> out = new ArrayList<>();
            List<SkippedPresentation> skipped = new ArrayList<>();
            trigger.onSkipped(skipped::add);
            Box box = new Box(100, 80, 200, 150);
            int i = 0;
            for (int k = 0; k < 20; k++) {
                trigger.offer(painted(i++, 60), visible(box)).ifPresent(out::add); // parcel A
            }
            assertThat(out).hasSize(1);
            for (int k = 0; k < 2; k++) { // a hand passes: the box grows for two frames
                trigger.offer(painted(i++, 60), visible(new Box(100, 80, 260, 200))).ifPresent(out::add);
            }
            for (int k = 0; k < 20; k++) {
                trigger.offer(painted(i++, 60), visible(box)).ifPresent(out::add); // A again
            }
            assertThat(out).hasSize(1);
            assertThat(skipped).singleElement().extracting(SkippedPresentation::reason)
                    .isEqualTo(SkippedPresentation.Reason.SAME_PARCEL_AGAIN);
            for (int k = 0; k < 20; k++) {
                trigger.offer(painted(i++, 200), visible(box)).ifPresent(out::add); // B, same place, other look
            }
            assertThat(out).hasSize(2);
            assertThat(out.get(1).sequence()).isEqualTo(3);
            assertThat(out.get(1).settled()).isTrue();
            assertThat(skipped).hasSize(1);
            out.forEach(Presentation::close);
        }
    }

    @Test
    void continuousSamplerTakesEveryNthFrame() {
        try (ContinuousSampler sampler = new ContinuousSampler(5)) {
            List<Long> taken = new ArrayList<>();
            for (int i = 0; i < 23; i++) {
                sampler.offer(frame(i), empty()).ifPresent(p -> {
                    taken.add(p.frame().index());
                    p.close();
                });
            }
            assertThat(taken).containsExactly(0L, 5L, 10L, 15L, 20L);
        }
        assertThatThrownBy(() -> new ContinuousSampler(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Frame frame(long i) {
        return frame(i, 33);
    }

    private static Frame frame(long i, int frameMs) {
        return new Frame("test", i, Instant.EPOCH.plusMillis((long) frameMs * i),
                new Mat(480, 640, CvType.CV_8UC3, Scalar.all(0)), "test:" + i);
    }

    /** A frame whose parcel region has grey level {@code grey}: what the signature sees of a parcel's look. */
    private static Frame painted(long i, int grey) {
        return new Frame("test", i, Instant.EPOCH.plusMillis(33 * i),
                new Mat(480, 640, CvType.CV_8UC3, Scalar.all(grey)), "test:" + i);
    }

    private static QualityMetrics visible(Box box) {
        return new QualityMetrics(0.1, 500, 0.5, 0, 0, true, true, Optional.of(box));
    }

    private static QualityMetrics empty() {
        return new QualityMetrics(0.5, 100, 0.3, 0, 0, false, false, Optional.empty());
    }
}
