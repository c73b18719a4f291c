package io.intakeedge.workbench.bench;

import io.intakeedge.agent.bundle.Bundle;
import io.intakeedge.agent.bundle.BundleLoader;
import io.intakeedge.agent.pipeline.DecisionRecorder;
import io.intakeedge.agent.pipeline.LatencyStats;
import io.intakeedge.agent.pipeline.Pipeline;
import io.intakeedge.agent.pipeline.Serving;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.EvidenceStore;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.OpenCv;
import io.intakeedge.capture.presentation.ContinuousSampler;
import io.intakeedge.capture.quality.QualityAnalyzer;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import io.intakeedge.quantization.runtime.RuntimeOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the real pipeline (quality, gate, preprocessing, TFLite invoke, routing, evidence, H2 store) over synthetic
 * 640×480 frames and measures, per decided frame, the wall time of the whole frame against the model's invoke:
 * overhead ratio = (frame total − invoke) / invoke. Frame total is what the capture thread spends on the frame;
 * evidence and H2 commits run on the decision writer (their own per-stage figures are reported beside). Every frame is decided (continuous mode) so each frame with a
 * usable parcel yields a sample; frames that fail the gate never invoke and are not counted in the ratio.
 */
public final class PipelineBenchmark {

    /** Figures of one model; milliseconds. */
    public record Result(String label, String modelSha256, int inputWidth, int inputHeight, long frames,
                         long invoked, double invokeP50, double invokeP95, double frameP50, double frameP95,
                         double overheadP50, double overheadRatio, Map<String, LatencyStats.Summary> stages) {
    }

    private PipelineBenchmark() {
    }

    public static Result run(String label, Path bundleDir, Path workDir, int frames, long seed, int threads)
            throws Exception {
        OpenCv.load();
        Bundle bundle = BundleLoader.load(bundleDir);
        LatencyStats latency = new LatencyStats(frames);
        long[] frameNanos = new long[frames];
        long[] invokeNanos = new long[frames];
        int invoked = 0;
        try (AgentDatabase db = AgentDatabase.open(workDir.resolve("data"));
             Serving serving = Serving.open(bundle, new RuntimeOptions(threads, true));
             SyntheticConveyorSource source = new SyntheticConveyorSource(SceneConfig.standard(seed), "bench",
                     frames);
             DecisionRecorder recorder = new DecisionRecorder(db, new TraceStore(db),
                     new EvidenceStore(workDir.resolve("evidence")), Optional.empty(), Optional.empty(), latency).start();
             Pipeline pipeline = new Pipeline(new Pipeline.Station("bench", "bench"), new QualityAnalyzer(),
                     new ContinuousSampler(1), () -> Optional.of(serving), recorder, latency)) {
            for (Optional<Frame> next = source.next(); next.isPresent(); next = source.next()) {
                try (Frame frame = next.get()) {
                    long start = System.nanoTime();
                    Optional<Trace> trace = pipeline.onFrame(frame, () -> { });
                    long elapsed = System.nanoTime() - start;
                    if (trace.isPresent() && trace.get().latency().invokeMicros() > 0) {
                        frameNanos[invoked] = elapsed;
                        invokeNanos[invoked] = trace.get().latency().invokeMicros() * 1_000;
                        invoked++;
                    }
                }
            }
            recorder.flush(Duration.ofMinutes(2)); // storage keeps up: the queue is empty again
        }
        long[] overhead = new long[invoked];
        for (int i = 0; i < invoked; i++) {
            overhead[i] = frameNanos[i] - invokeNanos[i];
        }
        double invokeP50 = pct(invokeNanos, invoked, 0.5);
        double overheadP50 = pct(overhead, invoked, 0.5);
        var in = bundle.preprocess();
        return new Result(label, bundle.model().sha256(), in.width(), in.height(), frames, invoked, invokeP50,
                pct(invokeNanos, invoked, 0.95), pct(frameNanos, invoked, 0.5), pct(frameNanos, invoked, 0.95),
                overheadP50, invokeP50 == 0 ? Double.NaN : overheadP50 / invokeP50, latency.summaries());
    }

    /** Nearest-rank percentile of the first {@code n} values, in milliseconds. */
    static double pct(long[] values, int n, double q) {
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(q * n) - 1)] / 1e6;
    }
}
