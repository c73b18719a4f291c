package io.intakeedge.workbench.demo.model;

import io.intakeedge.agent.routing.Decision;
import io.intakeedge.agent.routing.ModelOutcome;
import io.intakeedge.agent.routing.RoutingPolicy;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.presentation.Presentation;
import io.intakeedge.capture.presentation.PresentationTrigger;
import io.intakeedge.capture.quality.GateVerdict;
import io.intakeedge.capture.quality.QualityAnalyzer;
import io.intakeedge.capture.quality.QualityMetrics;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import io.intakeedge.quantization.runtime.InferenceBackend;
import io.intakeedge.quantization.runtime.InferenceException;
import io.intakeedge.sync.drift.DriftObservation;
import io.intakeedge.sync.drift.ReferenceProfile;
import io.intakeedge.sync.drift.ReferenceProfileBuilder;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Makes the bundle's drift reference the way the station will see its own frames: the standard synthetic scene
 * (blurred, dark and cut-off parcels included) through the quality analyzer and the presentation trigger, the gate
 * and the model on each presented photo, and the route the policy gives. The profile is what "normal" looks like
 * for this model, so a station's windows compare against the same features it records (see the agent's
 * {@code DriftRecorder}).
 */
final class DriftReferenceRun {
    private static final String CAMERA = "synthetic-cam";

    private final InferenceBackend backend;
    private final RoutingPolicy policy;

    DriftReferenceRun(InferenceBackend backend, RoutingPolicy policy) {
        this.backend = backend;
        this.policy = policy;
    }

    /** The profile of every presentation in {@code parcels} parcels of the standard scene with {@code seed}. */
    ReferenceProfile build(long seed, int parcels, String builtBy, Instant builtAt) {
        SceneConfig scene = SceneConfig.standard(seed).withMaxParcels(parcels);
        ReferenceProfileBuilder profile = new ReferenceProfileBuilder("synthetic conveyor scene, standard mix, seed "
                + seed + ", " + parcels + " parcels, presented frames", builtBy);
        try (SyntheticConveyorSource source = new SyntheticConveyorSource(scene, CAMERA);
             QualityAnalyzer analyzer = new QualityAnalyzer();
             PresentationTrigger trigger = new PresentationTrigger()) {
            Optional<Frame> next;
            while ((next = source.next()).isPresent()) {
                try (Frame frame = next.get()) {
                    trigger.offer(frame, analyzer.analyze(frame)).ifPresent(p -> observe(p, profile));
                }
            }
            trigger.finish().ifPresent(p -> observe(p, profile));
        }
        return profile.build(builtAt);
    }

    private void observe(Presentation presentation, ReferenceProfileBuilder profile) {
        try (presentation) {
            QualityMetrics m = presentation.metrics();
            GateVerdict verdict = policy.gate(m);
            Decision decision = policy.decide(verdict, outcome(verdict, presentation));
            OptionalDouble score = decision.score();
            try {
                profile.add(new DriftObservation(CAMERA, presentation.frame().capturedAt(), m.brightness(),
                        m.blurScore(), m.overExposedFraction(), m.underExposedFraction(), score,
                        decision.route().code(), decision.gateReasons()));
            } catch (IllegalArgumentException e) {
                // the station's DriftRecorder leaves unmeasurable frames out of its histograms too
            }
        }
    }

    private ModelOutcome outcome(GateVerdict verdict, Presentation p) {
        if (!verdict.passed()) {
            return ModelOutcome.notRun();
        }
        try {
            return ModelOutcome.scored(backend.classify(p.frame().image(), p.metrics().parcelBox().orElseThrow()
                    .toRect()));
        } catch (InferenceException e) {
            return ModelOutcome.failed(e);
        }
    }
}
