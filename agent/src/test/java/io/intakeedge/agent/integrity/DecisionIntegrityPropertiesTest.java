package io.intakeedge.agent.integrity;

import io.intakeedge.agent.bundle.BundleRef;
import io.intakeedge.agent.routing.Decision;
import io.intakeedge.agent.routing.ModelOutcome;
import io.intakeedge.agent.routing.Reason;
import io.intakeedge.agent.routing.Route;
import io.intakeedge.agent.routing.RoutingPolicy;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceBuilder;
import io.intakeedge.agent.trace.TraceExplainer;
import io.intakeedge.agent.trace.TraceExplanation;
import io.intakeedge.agent.trace.TraceJson;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.capture.quality.GateVerdict;
import io.intakeedge.capture.quality.QualityGate;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, item 6: over thousands of generated decisions — quality values on and around every threshold, scores
 * that are NaN, infinite or outside [0, 1], missing labels, backend exceptions, no bundle — no unusable photo reaches
 * {@code priority_damage_review}, every failure is {@code manual_intake}, and every trace (in memory, through its
 * JSON, and read back from a real H2 file) re-derives to its route with {@code trace explain}'s logic.
 */
class DecisionIntegrityPropertiesTest {
    private static final BundleRef BUNDLE = new BundleRef("parcel-damage", "test-1", "0".repeat(64),
            "parcel_rgb_64_v1", "parcel-labels-v1", DecisionCase.POSITIVE);
    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    private static Path dir;
    private static AgentDatabase db;
    private static TraceStore store;

    @BeforeContainer
    static void openDatabase() throws IOException {
        dir = Files.createTempDirectory("decision-integrity");
        db = AgentDatabase.open(dir);
        store = new TraceStore(db);
    }

    @AfterContainer
    static void closeDatabase() throws IOException {
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<DecisionCase> cases() {
        return DecisionCases.cases();
    }

    @Property(tries = 10_000, seed = "20261201")
    void noUnusablePhotoEscalatesEveryFailureFailsClosedAndEveryTraceReDerives(@ForAll("cases") DecisionCase c) {
        Trace t = traceOf(c);

        assertSafe(c, t);
        assertReDerives(t);
        assertReDerives(TraceJson.fromJson(TraceJson.toJson(t)));
        collectStatistics(c, t);
    }

    @Property(tries = 1_000, seed = "20261202")
    void tracesStoredInARealH2FileReDeriveToTheirRoute(@ForAll("cases") DecisionCase c) {
        Trace t = traceOf(c);
        store.store(t);

        Trace back = store.find(t.traceId()).orElseThrow();

        assertThat(back.route()).isEqualTo(t.route());
        assertReDerives(back);
    }

    private static void assertSafe(DecisionCase c, Trace t) {
        Route route = t.route();
        if (route == Route.PRIORITY_DAMAGE_REVIEW) {
            assertThat(c.bundle() && c.usable() && c.validOutput()).as("escalated %s", c).isTrue();
        }
        if (!c.bundle()) {
            assertThat(route).as("no bundle: %s", c).isEqualTo(Route.MANUAL_INTAKE);
            assertThat(t.reason()).isEqualTo(Reason.MODEL_UNAVAILABLE);
        } else if (!c.usable()) {
            assertThat(route).as("unusable photo: %s", c).isEqualTo(Route.REQUEST_NEW_PHOTO);
            assertThat(t.gateReasons()).isNotEmpty();
            if (c.quality().locatorFault() != null) {
                assertThat(t.gateReasons()).containsExactly(QualityGate.CAMERA_FAULT);
            }
            boolean measurable = !t.gateReasons().contains(QualityGate.QUALITY_UNMEASURABLE)
                    && !t.gateReasons().contains(QualityGate.CAMERA_FAULT);
            if (measurable && c.blurry()) {
                assertThat(t.gateReasons()).contains(QualityGate.TOO_BLURRY);
            }
            if (measurable && c.dark()) {
                assertThat(t.gateReasons()).contains(QualityGate.TOO_DARK);
            }
            if (measurable && c.overExposed()) {
                assertThat(t.gateReasons()).contains(QualityGate.OVER_EXPOSED);
            }
        } else if (!c.validOutput()) {
            assertThat(route).as("failed model on a usable photo: %s", c).isEqualTo(Route.MANUAL_INTAKE);
            assertThat(t.reason().failsClosed()).isTrue();
            assertThat(t.positiveScore()).isNull();
        } else {
            boolean damaged = c.positiveScore() >= (float) c.damageThreshold();
            assertThat(route).as("valid score on a usable photo: %s", c)
                    .isEqualTo(damaged ? Route.PRIORITY_DAMAGE_REVIEW : Route.NORMAL_REVIEW);
        }
    }

    private static void assertReDerives(Trace t) {
        TraceExplanation e = TraceExplainer.explain(t);
        assertThat(e.differences()).as("trace %s", TraceJson.toJson(t)).isEmpty();
        assertThat(e.matches()).isTrue();
    }

    /** The trace the pipeline would store for this case (Pipeline.decide's steps, without the pixels). */
    static Trace traceOf(DecisionCase c) {
        TraceBuilder b = Trace.builder().station("dev-p", "dock-p").frame("cam-p", 1, "generated", T0)
                .parcelSeq(1).quality(c.quality()).decidedAt(T0);
        if (!c.bundle()) {
            return b.decision(RoutingPolicy.withoutBundle("no serving bundle is loaded")).build();
        }
        RoutingPolicy policy = new RoutingPolicy(c.damageThreshold(), c.limits(), DecisionCase.POSITIVE,
                Route.MANUAL_INTAKE);
        GateVerdict verdict = policy.gate(c.quality());
        // the outcome is handed over even when the gate failed: the policy must not trust a score it should not see
        Decision decision = policy.decide(verdict, c.outcome());
        b.decision(decision).bundle(BUNDLE).backend("generated").gateThresholds(policy.gateThresholds());
        if (c.outcome() instanceof ModelOutcome.Scored s) {
            b.inference(s.inference());
        } else if (c.outcome() instanceof ModelOutcome.Failed f) {
            b.error("model error: " + f.error().getMessage());
        } else if (c.outcome() instanceof ModelOutcome.Unavailable u) {
            b.error(u.why());
        }
        return b.build();
    }

    private static void collectStatistics(DecisionCase c, Trace t) {
        Statistics.label("route").collect(t.route().code());
        Statistics.label("case").collect(!c.bundle() ? "no bundle" : !c.usable() ? "unusable photo"
                : !c.validOutput() ? "model failure" : "scored");
        Statistics.label("reason").collect(t.reason().code());
        // every way a decision can go must actually be generated, or the properties above prove little
        Statistics.label("reason").coverage(coverage -> {
            for (Reason reason : Reason.values()) {
                if (reason == Reason.STORAGE_FAULT) {
                    continue; // the pipeline's, before any policy: PipelineTest and FullDiskCyclesTest cover it
                }
                coverage.check(reason.code()).count(n -> n >= 20);
            }
        });
    }
}
