package io.intakeedge.agent.pipeline;

import io.intakeedge.agent.routing.Decision;
import io.intakeedge.agent.routing.ModelOutcome;
import io.intakeedge.agent.routing.RoutingPolicy;
import io.intakeedge.agent.trace.StageLatencies;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.capture.Box;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.presentation.Presentation;
import io.intakeedge.capture.presentation.PresentationPolicy;
import io.intakeedge.capture.presentation.SkippedPresentation;
import io.intakeedge.capture.quality.GateThresholds;
import io.intakeedge.capture.quality.GateVerdict;
import io.intakeedge.capture.quality.QualityAnalyzer;
import io.intakeedge.capture.quality.QualityGate;
import io.intakeedge.capture.quality.QualityMetrics;
import io.intakeedge.quantization.runtime.Inference;
import io.intakeedge.quantization.runtime.InferenceException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One frame's path through the station, top to bottom:
 * <ol>
 *   <li>quality metrics of every frame (background model, blur, exposure, parcel box);</li>
 *   <li>presentation: one decision per parcel, on the sharpest still frame;</li>
 *   <li>quality gate FIRST (seed 000): an unusable photo is never scored;</li>
 *   <li>inference with the active bundle's model and pinned preprocessing;</li>
 *   <li>routing, failing closed to manual intake on any model problem — and without running the model while the
 *   sink reports a storage fault ({@link DecisionSink#fault()}): a decision that may never be recorded must not
 *   route a parcel anywhere but to a person;</li>
 *   <li>the trace handed to the {@link DecisionSink}, which stores it (with evidence and outbox row) on its own
 *   thread and acknowledges the frame to its source once durable.</li>
 * </ol>
 * Runs on the capture thread; not thread-safe.
 */
public final class Pipeline implements AutoCloseable {
    private final Station station;
    private final QualityAnalyzer analyzer;
    private final PresentationPolicy presentation;
    private final Supplier<Optional<Serving>> serving;
    private final DecisionSink recorder;
    private final LatencyStats latency;
    private final List<BiConsumer<Frame, QualityMetrics>> analyzed = new CopyOnWriteArrayList<>();
    private final FrameRequest<Trace> captureNow = new FrameRequest<>();
    private volatile Supplier<Optional<String>> inferencePause = Optional::empty;

    /** Who is deciding: written into every trace. */
    public record Station(String deviceId, String stationId) {
    }

    public Pipeline(Station station, QualityAnalyzer analyzer, PresentationPolicy presentation,
                    Supplier<Optional<Serving>> serving, DecisionSink recorder, LatencyStats latency) {
        this.station = station;
        this.analyzer = analyzer;
        this.presentation = presentation;
        this.serving = serving;
        this.recorder = recorder;
        this.latency = latency;
    }

    /** Hears every presentation that ended without a decision (see {@link SkippedPresentation}). */
    public void onSkipped(Consumer<SkippedPresentation> listener) {
        presentation.onSkipped(listener);
    }

    /**
     * While {@code pause} gives a reason (a resource guard: thermal critical), the model is not run and a parcel
     * that passed the gate fails closed to manual intake with that reason in its trace.
     */
    public void pauseInferenceWhile(Supplier<Optional<String>> pause) {
        this.inferencePause = pause;
    }

    /**
     * Hears every analysed frame with its quality metrics, on the capture thread: the listener must return at once
     * (copy what it keeps; the frame is closed after the pipeline is done with it).
     */
    public void onAnalyzed(BiConsumer<Frame, QualityMetrics> listener) {
        analyzed.add(listener);
    }

    /**
     * A manual capture: the next frame is decided as it is, whatever the presentation trigger thinks (an operator's
     * "capture now"). Its trace has no parcel number. Completes once the decision is stored.
     */
    public FrameRequest<Trace> captureNow() {
        return captureNow;
    }

    /**
     * Feeds one captured frame; returns the decision's trace (as submitted for storage) when this frame completed a
     * parcel's presentation. {@code onDurable} runs once nothing about this frame can be lost any more: after the
     * commit of its decision, or at once when the frame led to none.
     */
    public Optional<Trace> onFrame(Frame frame, Runnable onDurable) throws Exception {
        long start = System.nanoTime();
        QualityMetrics metrics = analyzer.analyze(frame);
        long qualityNanos = System.nanoTime() - start;
        latency.record("quality", qualityNanos);
        analyzed.forEach(l -> l.accept(frame, metrics));
        Optional<Presentation> ready = presentation.offer(frame, metrics);
        Optional<CompletableFuture<Trace>> manual = captureNow.take();
        if (manual.isPresent()) {
            decideManually(frame, metrics, qualityNanos, manual.get());
        }
        if (ready.isEmpty()) {
            onDurable.run();
            return Optional.empty();
        }
        try (Presentation p = ready.get()) {
            return Optional.of(decide(p, qualityNanos, onDurable, true));
        }
    }

    private void decideManually(Frame frame, QualityMetrics metrics, long qualityNanos,
                                CompletableFuture<Trace> request) throws Exception {
        try (Presentation p = new Presentation(0, frame.copy(), metrics, 1, frame.capturedAt(), Duration.ZERO,
                false)) {
            CompletableFuture<Void> durable = new CompletableFuture<>();
            Trace t = decide(p, qualityNanos, () -> durable.complete(null), false);
            durable.thenRun(() -> request.complete(t));
        } catch (Exception | Error e) {
            request.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * The camera stopped delivering usable frames ({@code why}: state and reason): a parcel being presented is
     * reported as missed, never decided from what was seen so far. Capture thread, like {@link #onFrame}.
     */
    public void cameraLost(String why) {
        presentation.cameraLost(why);
    }

    /** End of stream: decides a parcel still in view, if any. */
    public Optional<Trace> finish() throws Exception {
        Optional<Presentation> last = presentation.finish();
        if (last.isEmpty()) {
            return Optional.empty();
        }
        try (Presentation p = last.get()) {
            return Optional.of(decide(p, 0, () -> { }, true));
        }
    }

    /** @param triggered decided by the presentation trigger (it numbered the parcel), not by an operator */
    private Trace decide(Presentation p, long qualityNanos, Runnable onDurable, boolean triggered)
            throws Exception {
        long start = System.nanoTime();
        Optional<Serving> active = serving.get();
        Optional<String> storageFault = recorder.fault();
        GateVerdict verdict = active.map(s -> s.policy().gate(p.metrics()))
                .orElseGet(() -> new QualityGate(GateThresholds.SEED_DEFAULTS).evaluate(p.metrics()));
        ModelOutcome outcome = storageFault.isPresent() ? ModelOutcome.notRun() : infer(active, verdict, p);
        long routeStart = System.nanoTime();
        Decision decision = storageFault.map(why -> RoutingPolicy.storageFault("storage fault: " + why))
                .or(() -> active.map(s -> s.policy().decide(verdict, outcome)))
                .orElseGet(() -> RoutingPolicy.withoutBundle("no serving bundle is loaded"));
        long routeNanos = System.nanoTime() - routeStart;

        Optional<Inference> inference = outcome instanceof ModelOutcome.Scored s
                ? Optional.of(s.inference()) : Optional.empty();
        long preprocess = inference.map(Inference::preprocessNanos).orElse(0L);
        long invoke = inference.map(Inference::invokeNanos).orElse(0L);
        StageLatencies stages = new StageLatencies(0, StageLatencies.micros(qualityNanos),
                StageLatencies.micros(preprocess), StageLatencies.micros(invoke), StageLatencies.micros(routeNanos),
                0, StageLatencies.micros(qualityNanos + System.nanoTime() - start));
        var builder = Trace.builder()
                .station(station.deviceId(), station.stationId())
                .frame(p.frame())
                .quality(p.metrics())
                .decision(decision)
                .latency(stages)
                .decidedAt(Instant.now());
        if (triggered) {
            builder.parcelSeq(p.sequence());
        }
        active.ifPresent(s -> builder.bundle(s.bundle().ref()).backend(s.backend().choice())
                .gateThresholds(s.policy().gateThresholds()));
        inference.ifPresent(builder::inference);
        if (outcome instanceof ModelOutcome.Failed f) {
            builder.error("model error: " + f.error().getMessage());
        } else if (outcome instanceof ModelOutcome.Unavailable u && !decision.detail().equals(Optional.of(u.why()))) {
            builder.error(u.why()); // the decision's own detail is already in the trace: once is enough
        }
        recordStages(preprocess, invoke, routeNanos);
        Trace trace = builder.build();
        recorder.submit(trace, p.frame().image(), onDurable); // the presentation's own copy: safe to share
        latency.record("decision_total", qualityNanos + System.nanoTime() - start);
        return trace;
    }

    private ModelOutcome infer(Optional<Serving> active, GateVerdict verdict, Presentation p) {
        if (!verdict.passed()) {
            return ModelOutcome.notRun();
        }
        if (active.isEmpty()) {
            return ModelOutcome.unavailable("no serving bundle is loaded");
        }
        Optional<String> paused = inferencePause.get();
        if (paused.isPresent()) {
            return ModelOutcome.unavailable("inference paused: " + paused.get());
        }
        Box box = p.metrics().parcelBox().orElseThrow(); // a passed gate means the parcel is visible
        try {
            return ModelOutcome.scored(active.get().backend().classify(p.frame().image(), box.toRect()));
        } catch (InferenceException e) {
            return ModelOutcome.failed(e);
        } catch (RuntimeException e) {
            // native or preprocessing surprises must not escape as a skipped parcel: fail closed instead
            return ModelOutcome.failed(new InferenceException("inference crashed: " + e, e));
        }
    }

    private void recordStages(long preprocess, long invoke, long route) {
        if (invoke > 0) {
            latency.record("preprocess", preprocess);
            latency.record("invoke", invoke);
        }
        latency.record("route", route);
    }

    @Override
    public void close() {
        presentation.close();
        analyzer.close();
    }
}
