package io.intakeedge.agent.pipeline;

import io.intakeedge.agent.bundle.BundleLoader;
import io.intakeedge.agent.routing.Reason;
import io.intakeedge.agent.routing.Route;
import io.intakeedge.agent.trace.TraceExplainer;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.OpenCv;
import io.intakeedge.capture.presentation.ContinuousSampler;
import io.intakeedge.capture.quality.QualityAnalyzer;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import io.intakeedge.quantization.runtime.Inference;
import io.intakeedge.quantization.runtime.InferenceBackend;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline alone, through its {@link DecisionSink} seam: real synthetic frames, the real quality analyzer and
 * the shipped demo bundle on TFLite, every frame sampled (continuous mode) so each frame must become one trace.
 */
class PipelineTest {
    private static final Path DEMO = Path.of("..", "bundles", "demo");
    private static final int FRAMES = 240;

    /** Keeps traces in memory and makes each one durable at once. */
    static class CollectingSink implements DecisionSink {
        final List<Trace> traces = new ArrayList<>();

        @Override
        public void submit(Trace trace, Mat image, Runnable onDurable) {
            traces.add(trace);
            onDurable.run();
        }

        @Override
        public boolean flush(Duration timeout) {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @BeforeAll
    static void natives() {
        OpenCv.load();
    }

    @Test
    void everyFrameBecomesOneTraceGateFirstAndDurableOnce() throws Exception {
        try (Serving serving = Serving.open(BundleLoader.load(DEMO), new RuntimeOptions(1, true))) {
            CollectingSink sink = new CollectingSink();
            int durable = run(() -> Optional.of(serving), sink);

            assertThat(sink.traces).hasSize(FRAMES);
            assertThat(durable).isEqualTo(FRAMES);
            for (Trace t : sink.traces) {
                if (Boolean.FALSE.equals(t.gatePassed())) {
                    // the gate runs first: a failed gate never reaches the model
                    assertThat(t.route()).as(t.toString()).isEqualTo(Route.REQUEST_NEW_PHOTO);
                    assertThat(t.positiveScore()).isNull();
                } else {
                    assertThat(t.route()).as(t.toString()).isIn(Route.NORMAL_REVIEW, Route.PRIORITY_DAMAGE_REVIEW);
                    assertThat(t.positiveScore()).isBetween(0.0, 1.0);
                    assertThat(t.backend()).isEqualTo(serving.backend().name()).isEqualTo("tflite-xnnpack");
                }
                // every trace of a serving bundle says how much of the model its backend ran
                assertThat(t.backendNodes().nodes()).isPositive()
                        .isLessThanOrEqualTo(t.backendNodes().modelNodes());
                assertThat(t.bundle()).isEqualTo(serving.bundle().ref());
            }
            // the scene has both usable and unusable frames: both branches above were exercised
            assertThat(sink.traces).anyMatch(t -> Boolean.FALSE.equals(t.gatePassed()));
            assertThat(sink.traces).anyMatch(t -> Boolean.TRUE.equals(t.gatePassed()));
        }
    }

    @Test
    void whileAGuardPausesInferenceUsableFramesFailClosedWithItsReasonAndTheModelDoesNotRun() throws Exception {
        try (Serving serving = Serving.open(BundleLoader.load(DEMO), new RuntimeOptions(1, true))) {
            CollectingSink sink = new CollectingSink();
            run(() -> Optional.of(serving), sink, () -> Optional.of("thermal guard critical: cpu-thermal at 96 °C"));

            assertThat(sink.traces).hasSize(FRAMES);
            assertThat(sink.traces).filteredOn(t -> Boolean.TRUE.equals(t.gatePassed())).isNotEmpty()
                    .allSatisfy(t -> {
                        assertThat(t.route()).isEqualTo(Route.MANUAL_INTAKE);
                        assertThat(t.error()).isEqualTo("inference paused: thermal guard critical: cpu-thermal at 96 °C");
                        assertThat(t.scores()).isEmpty();
                    });
            // the gate still runs first: an unusable photo is still a request for a new one
            assertThat(sink.traces).filteredOn(t -> Boolean.FALSE.equals(t.gatePassed()))
                    .allSatisfy(t -> assertThat(t.route()).isEqualTo(Route.REQUEST_NEW_PHOTO));
        }
    }

    @Test
    void withoutAServingBundleEveryUsableFrameFailsClosed() throws Exception {
        CollectingSink sink = new CollectingSink();
        run(Optional::empty, sink);

        assertThat(sink.traces).hasSize(FRAMES);
        // the seed-default gate still asks for a new photo of a blurry frame; every other frame is manual intake
        assertThat(sink.traces).allSatisfy(t -> assertThat(t.route()).as(t.toString())
                .isIn(Route.MANUAL_INTAKE, Route.REQUEST_NEW_PHOTO));
        assertThat(sink.traces).filteredOn(t -> t.route() == Route.MANUAL_INTAKE).hasSizeGreaterThan(FRAMES / 4)
                .allSatisfy(t -> assertThat(t.error()).contains("no serving bundle"));
        assertThat(sink.traces).noneMatch(t -> t.route() == Route.NORMAL_REVIEW
                || t.route() == Route.PRIORITY_DAMAGE_REVIEW);
    }

    @Test
    void aBackendThatCrashesFailsClosedWithTheReasonInTheTrace() throws Exception {
        try (Serving real = Serving.open(BundleLoader.load(DEMO), new RuntimeOptions(1, true))) {
            Serving crashing = new Serving(real.bundle(), real.policy(), new CrashingBackend());
            CollectingSink sink = new CollectingSink();
            run(() -> Optional.of(crashing), sink);

            List<Trace> passed = sink.traces.stream().filter(t -> Boolean.TRUE.equals(t.gatePassed())).toList();
            assertThat(passed).isNotEmpty().allSatisfy(t -> {
                assertThat(t.route()).isEqualTo(Route.MANUAL_INTAKE);
                assertThat(t.error()).contains("inference crashed").contains("native surprise");
            });
        }
    }

    @Test
    void whileTheSinkCannotStoreEveryFrameFailsClosedWithoutRunningTheModel() throws Exception {
        try (Serving real = Serving.open(BundleLoader.load(DEMO), new RuntimeOptions(1, true))) {
            // a backend that would crash proves the model is not asked while storage is failing
            Serving crashing = new Serving(real.bundle(), real.policy(), new CrashingBackend());
            CollectingSink full = new CollectingSink() {
                @Override
                public Optional<String> fault() {
                    return traces.size() < FRAMES / 2 ? Optional.of("disk nearly full") : Optional.empty();
                }
            };
            run(() -> Optional.of(crashing), full);

            assertThat(full.traces).hasSize(FRAMES);
            List<Trace> whileFull = full.traces.subList(0, FRAMES / 2);
            assertThat(whileFull).allSatisfy(t -> {
                assertThat(t.route()).as(t.toString()).isEqualTo(Route.MANUAL_INTAKE);
                assertThat(t.reason()).isEqualTo(Reason.STORAGE_FAULT);
                assertThat(t.error()).isEqualTo("storage fault: disk nearly full");
                assertThat(t.positiveScore()).isNull();
                assertThat(TraceExplainer.explain(t).matches()).as("re-derivable").isTrue();
            });
            // once storage is back the usual routes return (here: the crashing model fails closed, blurry frames
            // are sent back)
            assertThat(full.traces.subList(FRAMES / 2, FRAMES)).noneMatch(t -> t.reason() == Reason.STORAGE_FAULT)
                    .anyMatch(t -> t.route() == Route.REQUEST_NEW_PHOTO);
        }
    }

    private static int run(Supplier<Optional<Serving>> serving, DecisionSink sink) throws Exception {
        return run(serving, sink, Optional::empty);
    }

    private static int run(Supplier<Optional<Serving>> serving, DecisionSink sink,
                           Supplier<Optional<String>> pause) throws Exception {
        AtomicInteger durable = new AtomicInteger();
        try (SyntheticConveyorSource source = new SyntheticConveyorSource(SceneConfig.standard(11), "cam-test", FRAMES);
             Pipeline pipeline = new Pipeline(new Pipeline.Station("dev-test", "dock-test"), new QualityAnalyzer(),
                     new ContinuousSampler(1), serving, sink, new LatencyStats(1024))) {
            pipeline.pauseInferenceWhile(pause);
            for (Optional<Frame> f = source.next(); f.isPresent(); f = source.next()) {
                try (Frame frame = f.get()) {
                    pipeline.onFrame(frame, durable::incrementAndGet);
                }
            }
        }
        return durable.get();
    }

    /** A backend whose native side throws something unexpected. */
    private static final class CrashingBackend implements InferenceBackend {
        @Override
        public String name() {
            return "crashing";
        }

        @Override
        public Inference classify(Mat bgr, Rect roi) {
            throw new IllegalStateException("native surprise");
        }

        @Override
        public void close() {
        }
    }
}
