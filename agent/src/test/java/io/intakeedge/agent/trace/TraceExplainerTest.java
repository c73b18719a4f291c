package io.intakeedge.agent.trace;

import io.intakeedge.agent.routing.Reason;
import io.intakeedge.agent.routing.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TraceExplainerTest {
    private static final Instant T0 = Instant.parse("2026-11-23T09:40:59Z");

    static Stream<Trace> samples() {
        return Stream.of(SampleTraces.priority(T0, 1), SampleTraces.normal(T0, 2), SampleTraces.blurred(T0, 3),
                SampleTraces.nanScore(T0, 4), SampleTraces.modelError(T0, 5), SampleTraces.noBundle(T0, 6));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleReDerivesToItsStoredRoute(Trace trace) {
        TraceExplanation e = TraceExplainer.explain(trace);

        assertThat(e.differences()).isEmpty();
        assertThat(e.matches()).isTrue();
        assertThat(e.derived()).get().satisfies(d -> assertThat(d.decision().route()).isEqualTo(trace.route()));
    }

    @Test
    void aBlurredPhotoStoredAsPriorityIsCaught() {
        Trace blurred = SampleTraces.blurred(T0, 1);
        Trace tampered = new Trace(blurred.traceId(), blurred.deviceId(), blurred.stationId(), blurred.cameraId(),
                blurred.frameIndex(), blurred.frameOrigin(), blurred.parcelSeq(), blurred.capturedAt(),
                blurred.decidedAt(), blurred.bundle(), blurred.quality(), true, List.of(), blurred.scores(), 0.93,
                blurred.threshold(), blurred.gateThresholds(), Route.PRIORITY_DAMAGE_REVIEW, Reason.DAMAGE_THRESHOLD,
                blurred.latency(), blurred.backend(), blurred.backendNodes(), null, null);

        TraceExplanation e = TraceExplainer.explain(tampered);

        assertThat(e.matches()).isFalse();
        assertThat(e.differences()).contains(
                "route: stored priority_damage_review, re-derived request_new_photo",
                "reason: stored damage_threshold, re-derived image_quality_gate");
    }

    @Test
    void aTraceWithoutRecordedThresholdsCannotBeReDerivedAndSaysWhy() {
        Trace priority = SampleTraces.priority(T0, 1);
        Trace old = new Trace(priority.traceId(), priority.deviceId(), priority.stationId(), priority.cameraId(),
                priority.frameIndex(), priority.frameOrigin(), priority.parcelSeq(), priority.capturedAt(),
                priority.decidedAt(), priority.bundle(), priority.quality(), priority.gatePassed(),
                priority.gateReasons(), priority.scores(), priority.positiveScore(), priority.threshold(), null,
                priority.route(), priority.reason(), priority.latency(), priority.backend(), priority.backendNodes(), null, null);

        TraceExplanation e = TraceExplainer.explain(old);

        assertThat(e.matches()).isFalse();
        assertThat(e.derived()).isEmpty();
        assertThat(e.differences()).singleElement().asString().contains("gate thresholds");
    }

    @Test
    void aScoreChangedAfterTheFactIsCaught() {
        Trace normal = SampleTraces.normal(T0, 1);
        Trace edited = new Trace(normal.traceId(), normal.deviceId(), normal.stationId(), normal.cameraId(),
                normal.frameIndex(), normal.frameOrigin(), normal.parcelSeq(), normal.capturedAt(),
                normal.decidedAt(), normal.bundle(), normal.quality(), normal.gatePassed(), normal.gateReasons(),
                java.util.Map.of("intact", 0.2, "damaged", 0.8), normal.positiveScore(), normal.threshold(),
                normal.gateThresholds(), normal.route(), normal.reason(), normal.latency(), normal.backend(),
                normal.backendNodes(), null, null);

        assertThat(TraceExplainer.explain(edited).differences())
                .contains("route: stored normal_review, re-derived priority_damage_review");
    }
}
