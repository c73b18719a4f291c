package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.bundle.ActiveBundle;
import io.intakeedge.agent.bundle.ArchiveFixtures;
import io.intakeedge.agent.bundle.BundleVerifier;
import io.intakeedge.agent.bundle.archive.ArchiveLimits;
import io.intakeedge.agent.bundle.archive.TrustedKeys;
import io.intakeedge.agent.pipeline.DecisionSink;
import io.intakeedge.agent.pipeline.LatencyStats;
import io.intakeedge.agent.pipeline.Pipeline;
import io.intakeedge.agent.pipeline.Serving;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.capture.Frame;
import io.intakeedge.capture.presentation.ContinuousSampler;
import io.intakeedge.capture.quality.QualityAnalyzer;
import io.intakeedge.capture.synthetic.SceneConfig;
import io.intakeedge.capture.synthetic.SyntheticConveyorSource;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import org.opencv.core.Mat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A station's bundle path without HTTP or sync: the shipped demo bundle serving real synthetic frames through the
 * real pipeline, a {@link ServingSlot}, a {@link ShadowTap}, a {@link BundleStore} on disk and the lifecycle, with
 * every decision fed to the health watch as the station's recorder does.
 */
final class LifecycleRig implements AutoCloseable {
    static final BundleVerifier.Station STATION = new BundleVerifier.Station("0.1.0", Optional.of("generic-x86_64"));

    final Path root;
    final KeyPair key;
    final BundleStore store;
    final ServingSlot slot;
    final ShadowTap tap;
    final ActiveBundle bundles = new ActiveBundle();
    final BundleLifecycle lifecycle;
    final List<Trace> traces = new CopyOnWriteArrayList<>();
    final List<StateReport> states = new CopyOnWriteArrayList<>();
    final AtomicLong framesIn = new AtomicLong();
    final AgentDatabase db;
    private final SyntheticConveyorSource source;
    private final Pipeline pipeline;

    LifecycleRig(Path root, KeyPair key, HealthPolicy health) throws Exception {
        this(root, key, health, r -> { });
    }

    /** @param alsoTo another publisher for every state (the MQTT link) */
    LifecycleRig(Path root, KeyPair key, HealthPolicy health, StatePublisher alsoTo) throws Exception {
        this.root = root;
        this.key = key;
        store = BundleStore.open(root.resolve("bundles"), 3);
        Path configured = Files.exists(root.resolve("configured")) ? root.resolve("configured")
                : ArchiveFixtures.copyDemo(root.resolve("configured"));
        StationBundles.Start start = StationBundles.open(store, configured);
        bundles.activate(start.bundle());
        slot = new ServingSlot(Serving.open(start.bundle(), RuntimeOptions.defaults()));
        DecisionSink sink = new DecisionSink() {
            @Override
            public void submit(Trace trace, Mat image, Runnable onDurable) {
                traces.add(trace);
                onDurable.run();
                lifecycle.onDecision(trace); // as the station's recorder does once a decision is committed
            }

            @Override
            public boolean flush(Duration timeout) {
                return true;
            }

            @Override
            public void close() {
            }
        };
        tap = new ShadowTap(sink);
        TrustedKeys trust = TrustedKeys.of(List.of(ArchiveFixtures.writePublic(root.resolve("trusted.pub"), key)));
        lifecycle = new BundleLifecycle(new BundleLifecycle.Settings(3, health, 0.9),
                new BundleVerifier(trust, ArchiveLimits.DEFAULTS, RuntimeOptions.defaults()), STATION, store, slot,
                tap, bundles, RuntimeOptions.defaults(), ((StatePublisher) states::add).and(alsoTo), "dock-a", "station-07", Clock.systemUTC());
        db = AgentDatabase.open(root.resolve("data"));
        new TraceStore(db); // the agent migrations, V6 and V8 included
        lifecycle.recordShadowIn(new H2ShadowLedger(db));
        lifecycle.keepPermitsIn(new H2DowngradePermits(db)); // V8, as the station does
        source = new SyntheticConveyorSource(SceneConfig.standard(11), "cam-test", Long.MAX_VALUE);
        pipeline = new Pipeline(new Pipeline.Station("station-07", "dock-a"), new QualityAnalyzer(),
                new ContinuousSampler(1), slot, tap, new LatencyStats(1024));
    }

    /** Feeds {@code n} frames, each one decision. */
    void frames(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            try (Frame frame = source.next().orElseThrow()) {
                framesIn.incrementAndGet();
                slot.duringFrame(() -> pipeline.onFrame(frame, () -> { }));
            }
        }
    }

    /** The next synthetic frame (the caller closes it). */
    Frame nextFrame() throws Exception {
        return source.next().orElseThrow();
    }

    /** Decides one frame under the slot's frame lock, as the capture loop does. */
    void decide(Frame frame) throws Exception {
        framesIn.incrementAndGet();
        slot.duringFrame(() -> pipeline.onFrame(frame, () -> { }));
    }

    /** Feeds frames until {@code done} holds; false after {@code max} frames. */
    boolean framesUntil(BooleanSupplier done, int max) throws Exception {
        for (int i = 0; i < max && !done.getAsBoolean(); i++) {
            frames(1);
        }
        return done.getAsBoolean();
    }

    boolean reached(LifecycleState state) {
        return states.stream().anyMatch(s -> s.state() == state);
    }

    /** A signed command for this station, as `fleet promote/rollback` makes it, verified as the link does. */
    CommandVerifier.Verified command(String action, String bundle, Long sequence) throws Exception {
        Instant now = Instant.now();
        BundleCommand c = new BundleCommand(BundleCommand.SCHEMA, action, "cmd-" + UUID.randomUUID(), "dock-a",
                "station-07", bundle, sequence, now, now.plusSeconds(300), UUID.randomUUID().toString());
        return new CommandVerifier.Verified(c, ArchiveFixtures.fingerprint(key));
    }

    @Override
    public void close() throws Exception {
        lifecycle.close();
        pipeline.close();
        source.close();
        slot.get().ifPresent(Serving::close);
        db.close();
    }
}
