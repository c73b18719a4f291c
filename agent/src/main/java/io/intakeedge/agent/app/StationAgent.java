package io.intakeedge.agent.app;

import io.intakeedge.agent.bundle.ActiveBundle;
import io.intakeedge.agent.calibration.CalibrationSampler;
import io.intakeedge.agent.bundle.Bundle;
import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.agent.pipeline.DecisionRecorder;
import io.intakeedge.agent.pipeline.DecisionSink;
import io.intakeedge.agent.pipeline.DecisionStats;
import io.intakeedge.agent.pipeline.LatencyStats;
import io.intakeedge.agent.pipeline.Pipeline;
import io.intakeedge.agent.pipeline.SkipRecorder;
import io.intakeedge.agent.trace.SkippedStore;
import io.intakeedge.agent.status.ControlActions;
import io.intakeedge.agent.status.ControlToken;
import io.intakeedge.agent.status.HealthSource;
import io.intakeedge.agent.status.LiveView;
import io.intakeedge.agent.status.PageParts;
import io.intakeedge.agent.status.RecentStatus;
import io.intakeedge.agent.status.StationMetrics;
import io.intakeedge.agent.storage.DiskBudget;
import io.intakeedge.agent.storage.DiskGuard;
import io.intakeedge.agent.storage.StorageStatus;
import io.intakeedge.agent.storage.TraceRetention;
import io.intakeedge.agent.status.StatusSite;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.TracePages;
import io.intakeedge.agent.trace.EvidenceStore;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.agent.trace.TraceExpiry;
import io.intakeedge.capture.FrameSource;
import io.intakeedge.capture.OpenCv;
import io.intakeedge.capture.locator.ParcelLocator;
import io.intakeedge.capture.locator.ParcelLocators;
import io.intakeedge.capture.quality.GateThresholds;
import io.intakeedge.capture.quality.QualityAnalyzer;
import io.intakeedge.capture.quality.QualityGate;
import io.intakeedge.profiles.DeviceProfile;
import io.intakeedge.profiles.ProfileChoice;
import io.intakeedge.profiles.ProfileLoader;
import io.intakeedge.profiles.ResourceGuard;
import io.intakeedge.profiles.ThermalReader;
import io.intakeedge.agent.guard.StationGuards;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One running station: wires capture, pipeline, storage, sync and the status server from a {@link StationConfig},
 * and takes them down in reverse order. The capture loop runs on its own thread; Vert.x only serves HTTP.
 */
public final class StationAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StationAgent.class);
    /** How often the disk guard measures the data directory and lets images give way. */
    private static final Duration DISK_CHECK_PERIOD = Duration.ofSeconds(2);
    /** How long a control action waits for the capture thread's next frame. */
    private static final Duration CONTROL_WAIT = Duration.ofSeconds(10);
    /** How often retention deletes old synced traces and compacts the H2 file (it grows between compactions). */
    private static final Duration RETENTION_PERIOD = Duration.ofMinutes(10);
    /** How often the resource guards re-measure: a zone heats in tens of seconds, RSS grows slower still. */
    private static final Duration GUARD_PERIOD = Duration.ofSeconds(1);

    private final StationConfig config;
    private final ProfileChoice profileChoice;
    private final DeviceProfile profile;
    private final LatencyStats latency = new LatencyStats(4096);
    private final DecisionStats stats = new DecisionStats();
    private final StationMetrics metrics = new StationMetrics();
    private final AgentDatabase db;
    private final TraceStore traces;
    private final SyncSide sync;
    private final ActiveBundle bundles = new ActiveBundle();
    private final BundleSide bundleSide;
    private final ResourceGuard resources;
    private final StationGuards guards;
    private final FrameSource source;
    private final ParcelLocator locator;
    private final Pipeline pipeline;
    private final CaptureLoop loop;
    private final DecisionRecorder recorder;
    private final SkipRecorder skips;
    private final CameraWatch camera;
    private final DiskGuard disk;
    private final TraceRetention retention;
    private final ControlActions controls = new ControlActions();
    private final LiveView live;
    private final StationStatus status;
    private Vertx vertx;
    private StatusServer server;
    private volatile DeliverySide delivery;
    private volatile String state = "starting";

    /** Opens storage and the camera and loads the bundle; without a usable bundle every parcel fails closed. */
    public StationAgent(StationConfig config) throws Exception {
        this(config, false);
    }

    /**
     * Validates the bundle and the camera first, and only then opens H2, sync and the decision writer, so a bad
     * configuration leaves nothing half-opened: whatever was opened before a failure is closed again.
     *
     * @param requireBundle a bundle that does not load fails the start ({@link StartupException}) instead of
     *                      running fail-closed (every parcel to manual intake)
     * @throws StartupException bad bundle, camera source, data directory or device profile
     */
    public StationAgent(StationConfig config, boolean requireBundle) throws Exception {
        this(config, requireBundle, Path.of("/"));
    }

    /**
     * @param hostRoot where the resource guards read {@code sys/class/thermal} and {@code proc/self/status}:
     *                 {@code /} on a station, a fake tree in tests
     */
    public StationAgent(StationConfig config, boolean requireBundle, Path hostRoot) throws Exception {
        this.config = config;
        OpenCv.load();
        List<AutoCloseable> opened = new ArrayList<>();
        DecisionSink sink;
        try {
            this.profileChoice = startup("device profile", () -> ProfileLoader.choose(config.profile()));
            this.profile = profileChoice.profile();
            this.resources = new ResourceGuard(profile, new ThermalReader(hostRoot));
            this.guards = StationGuards.forProfile(profile, hostRoot, Clock.systemUTC());
            this.bundleSide = BundleSide.open(config, profile, bundles, requireBundle);
            opened.add(bundleSide);
            this.source = startup("camera " + config.camera().id(), () -> FrameSources.open(config.camera(), profile));
            opened.add(source);
            this.db = startup("data directory", () -> AgentDatabase.open(config.dataDir()));
            opened.add(db);
            this.traces = new TraceStore(db);
            this.skips = new SkipRecorder(config.device(), config.station(), config.camera().id(),
                    new SkippedStore(db, traces));
            this.sync = SyncSide.open(config, profile, db, bundles.current().flatMap(Bundle::driftReference));
            opened.add(sync);
            DiskBudget budget = DiskBudget.of(profile);
            // evidence never eats into the free space the profile keeps for traces: it gives way first
            EvidenceStore evidence = startup("evidence directory",
                    () -> new EvidenceStore(config.dataDir().resolve("evidence"), budget.minFreeBytes()));
            this.disk = startup("disk guard", () -> new DiskGuard(db.dataDir(), db.file(),
                    List.of(CalibrationSampler.dirIn(db.dataDir()), evidence.dir()), budget));
            opened.add(disk);
            this.retention = new TraceRetention(db, new TraceExpiry(db, config.device()), evidence.dir(),
                    config.retention(), budget.h2Bytes(), Clock.systemUTC())
                    .skipCompactionWhile(disk::failClosedReason);
            this.recorder = new DecisionRecorder(db, traces, evidence, sync.outbox(), calibrationSampler(config),
                    latency);
            opened.add(recorder);
            recorder.failClosedWhen(disk::failClosedReason);
            sink = bundleSide.wire(recorder, db, bundles, profile, sync.drift());
        } catch (Exception | Error e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                closeQuietly(opened.get(i));
            }
            throw e;
        }
        recorder.onCommitted(stats);
        recorder.onCommitted(metrics);
        recorder.onCommitted(sync.drift());
        recorder.onCommitted(bundleSide::onDecision);
        this.locator = ParcelLocators.create(config.camera().locator());
        this.pipeline = new Pipeline(new Pipeline.Station(config.device(), config.station()),
                new QualityAnalyzer(locator),
                FrameSources.presentation(config.camera()), bundleSide.slot(), sink,
                latency);
        pipeline.onSkipped(skips::presentation);
        this.camera = new CameraWatch(config.camera().id(),
                new CameraEvents(db, sync.outbox(), config.camera().id(), Clock.systemUTC()), pipeline::cameraLost);
        source.onHealth(camera::health);
        pipeline.pauseInferenceWhile(guards::inferencePause);
        source.onRejected(skips::input);
        this.live = new LiveView(m -> bundleSide.slot().get().map(s -> s.policy().gate(m))
                .orElseGet(() -> new QualityGate(GateThresholds.SEED_DEFAULTS).evaluate(m)));
        pipeline.onAnalyzed(live);
        var relearn = new RelearnBackgroundAction(locator, CONTROL_WAIT);
        controls.register(relearn).register(new CaptureNowAction(pipeline, CONTROL_WAIT));
        // the source hears about a frame only once its decision is committed (hot folder: file moves to done/)
        this.loop = new CaptureLoop(source, frame -> {
            long start = System.nanoTime();
            relearn.beforeFrame(frame);
            // a bundle switch happens between two frames, never inside one
            bundleSide.slot().duringFrame(() -> pipeline.onFrame(frame, () -> source.acknowledge(frame)));
            latency.record("capture_thread", System.nanoTime() - start);
            guards.pace(start, System.nanoTime() - start); // thermal throttle: half the frames, half the decisions
        }, config.camera().frames(), this::endOfStream);
        var parts = new StationStatus.Parts(bundles, bundleSide, stats, latency, skips, recorder, disk, resources,
                guards, source, loop, locator, sync, retention);
        this.status = new StationStatus(config, profileChoice, parts, () -> state,
                () -> Optional.ofNullable(delivery));
    }

    /** Something the start-up needs; its failure becomes a {@link StartupException} naming {@code what}. */
    private interface Step<T> {
        T get() throws Exception;
    }

    private static <T> T startup(String what, Step<T> step) throws StartupException {
        try {
            return step.get();
        } catch (StartupException e) {
            throw e;
        } catch (Exception e) {
            throw new StartupException(what + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.warn("closing {} after a failed start failed: {}", c, e.toString());
        }
    }

    private static Optional<CalibrationSampler> calibrationSampler(StationConfig config) throws IOException {
        var c = config.calibration();
        return c.fraction() <= 0 ? Optional.empty() : Optional.of(new CalibrationSampler(
                CalibrationSampler.dirIn(config.dataDir()), c.fraction(), c.maxFiles()));
    }

    /** Starts the status server and the capture loop; returns the bound HTTP port. */
    public int start() throws Exception {
        vertx = metrics.newVertx();
        // the HTTP side shares one snapshot per 250 ms however many clients ask (see RecentStatus)
        Supplier<AgentStatus> shared = new RecentStatus(status::status, Duration.ofMillis(250));
        var health = new HealthSource(shared, sync.drift()::lastWindow, db.dataSource(), live);
        var site = new StatusSite(vertx, shared, traces, new TracePages(traces),
                config.dataDir().resolve("evidence"), metrics,
                new PageParts(controls, ControlToken.of(controlToken()), live, health));
        guards.onEvent(site.events()::add);
        guards.refresh();
        vertx.setPeriodic(GUARD_PERIOD.toMillis(), id -> vertx.executeBlocking(guards::refresh, false));
        server = new StatusServer(vertx, shared, site::mount);
        bundleSide.start(site.events());
        int httpPort = server.start(config.http().host(), config.http().port())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        camera.timeline(site.events());
        skips.onSkipped(camera::skipped);
        sync.start(status::statusInfo);
        delivery = DeliverySide.start(config, db, bundleSide.lifecycle(), (severity, message) -> site.events().add(
                "bundle_delivery",
                severity, message)).orElse(null);
        disk.start(DISK_CHECK_PERIOD);
        retention.start(RETENTION_PERIOD);
        recorder.start();
        // drift windows also close by time: an idle station must not keep a half-hour-old window open
        vertx.setPeriodic(30_000, id -> vertx.executeBlocking(() -> {
            sync.drift().closeExpired(Instant.now());
            return null;
        }));
        state = "running";
        loop.start();
        log.info("station {} running: http://{}:{}/", config.device(), config.http().host(), httpPort);
        return httpPort;
    }

    /** Waits until the source has ended (synthetic scene, video file) or the timeout passes. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return loop.awaitEnd(timeout);
    }

    /** Hears every committed decision (on the capture thread). */
    public void onDecision(java.util.function.Consumer<io.intakeedge.agent.trace.Trace> listener) {
        recorder.onCommitted(listener);
    }

    /** The page's control actions; bundle promotion and rollback register here. */
    public ControlActions controls() {
        return controls;
    }

    public LiveView liveView() {
        return live;
    }

    /** {@code INTAKE_EDGE_CONTROL_TOKEN} wins over {@code http.control_token}; null: control disabled. */
    private String controlToken() {
        String env = System.getenv("INTAKE_EDGE_CONTROL_TOKEN");
        return env != null && !env.isEmpty() ? new StationConfig.HttpConfig(null, null, env).controlToken()
                : config.http().controlToken();
    }

    public DecisionStats decisions() {
        return stats;
    }

    /** Skipped presentations and rejected inputs: counted, stored in agent_skipped. */
    public SkipRecorder skips() {
        return skips;
    }

    public LatencyStats latency() {
        return latency;
    }

    public TraceStore traces() {
        return traces;
    }

    public SyncSide sync() {
        return sync;
    }

    /** The bundle downloader, when station.yaml enables delivery (the lifecycle plugs its inbox in here). */
    public Optional<io.intakeedge.agent.bundle.delivery.BundleDelivery> bundleDelivery() {
        return Optional.ofNullable(delivery).map(DeliverySide::delivery);
    }

    public Optional<Bundle> bundle() {
        return bundles.current();
    }

    /** The resource guards (thermal, memory) and what they do to decisions now. */
    public StationGuards guards() {
        return guards;
    }

    public String backendName() {
        return status.backendName();
    }

    /** The bundle lifecycle, for a bundle download to offer archives to; empty without bundles.trusted_keys. */
    public Optional<io.intakeedge.agent.bundle.lifecycle.BundleLifecycle> bundleLifecycle() {
        return bundleSide.lifecycle();
    }

    private void endOfStream() {
        try {
            bundleSide.slot().duringFrame(pipeline::finish);
            if (!recorder.flush(Duration.ofMinutes(1))) {
                log.error("decisions still not stored after 1 minute: {}", recorder.lastError());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("deciding the last parcel failed", e);
        }
    }

    /** A consistent snapshot for the status page. */
    public AgentStatus status() {
        return status.status();
    }

    /** Disk guard state, storage fault and the decisions waiting for their commit. */
    public StorageStatus storage() {
        return status.storage();
    }

    /** Stops after the current decision, then closes sync, storage and HTTP. Idempotent. */
    @Override
    public synchronized void close() {
        if (state.equals("stopped")) {
            return;
        }
        state = "stopping";
        long start = System.nanoTime();
        try {
            if (!loop.stop(Duration.ofSeconds(30))) {
                log.warn("capture loop did not stop within 30 s");
            }
            log.info("capture loop stopped after {} ms", (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Vert.x runs the drift timer: stop it before the sync side it writes to closes
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
        Optional.ofNullable(delivery).ifPresent(DeliverySide::close);
        retention.close();
        recorder.close();
        disk.close();
        live.close();
        pipeline.close();
        source.close();
        sync.close();
        bundleSide.close();
        db.close();
        state = "stopped";
        log.info("station stopped in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
}
