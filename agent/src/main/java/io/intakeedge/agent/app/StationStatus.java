package io.intakeedge.agent.app;

import io.intakeedge.agent.bundle.ActiveBundle;
import io.intakeedge.agent.bundle.Bundle;
import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.agent.guard.GuardedResources;
import io.intakeedge.agent.guard.StationGuards;
import io.intakeedge.agent.pipeline.DecisionRecorder;
import io.intakeedge.agent.pipeline.DecisionStats;
import io.intakeedge.agent.pipeline.LatencyStats;
import io.intakeedge.agent.pipeline.SkipRecorder;
import io.intakeedge.agent.storage.DiskGuard;
import io.intakeedge.agent.storage.StorageStatus;
import io.intakeedge.agent.storage.TraceRetention;
import io.intakeedge.capture.CameraHealth;
import io.intakeedge.capture.FrameSource;
import io.intakeedge.capture.locator.ParcelLocator;
import io.intakeedge.capture.source.ChildProcessCameraSource;
import io.intakeedge.profiles.ProfileChoice;
import io.intakeedge.profiles.ResourceGuard;
import io.intakeedge.profiles.ResourceStatus;
import io.intakeedge.sync.mqtt.StatusInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Assembles the station's status from its running parts: the snapshot for the status page and {@code /healthz}, the
 * storage state, and the short status the sync side publishes. Reads only; it owns none of the parts it reads.
 */
final class StationStatus {
    private final StationConfig config;
    private final ProfileChoice profileChoice;
    private final Instant startedAt = Instant.now();
    private final Supplier<String> state;
    private final Parts parts;
    private final Supplier<Optional<DeliverySide>> delivery;

    /** What the status reads; each part is owned, started and closed by the {@link StationAgent}. */
    record Parts(ActiveBundle bundles, BundleSide bundleSide, DecisionStats stats, LatencyStats latency,
                 SkipRecorder skips, DecisionRecorder recorder, DiskGuard disk, ResourceGuard resources,
                 StationGuards guards, FrameSource source, CaptureLoop loop, ParcelLocator locator, SyncSide sync,
                 TraceRetention retention) {
    }

    StationStatus(StationConfig config, ProfileChoice profileChoice, Parts parts, Supplier<String> state,
                  Supplier<Optional<DeliverySide>> delivery) {
        this.config = config;
        this.profileChoice = profileChoice;
        this.parts = parts;
        this.state = state;
        this.delivery = delivery;
    }

    /** A consistent snapshot for the status page. */
    AgentStatus status() {
        StorageStatus storage = storage();
        var res = parts.resources().check(config.dataDir());
        var sync = parts.sync().status().orElse(null);
        var stats = parts.stats();
        return new AgentStatus(AgentVersion.get(), config.site(), config.device(), config.station(),
                profileChoice.summary(), state.get(), startedAt, cameraStatus(), bundleInfo(), backendName(),
                stats.decisions(), stats.routes(), stats.gateReasons(), parts.skips().presentationsSkipped(),
                lastDecision(), parts.latency().summaries(), sync,
                new GuardedResources(res, parts.guards().states(),
                        parts.bundleSide().slot().get().map(s -> s.backend().choice()).orElse(null)),
                storage, problems(storage, res), SyncProblems.of(sync, config.sync(), Instant.now()),
                delivery.get().map(DeliverySide::status).orElse(null));
    }

    /** Disk guard state, storage fault, the decisions waiting for their commit, trace retention. */
    StorageStatus storage() {
        DecisionRecorder recorder = parts.recorder();
        return new StorageStatus(parts.disk().state(), recorder.fault().orElse(null), recorder.backlog(),
                recorder.commitFailures(), parts.retention().state());
    }

    /** What the sync side publishes about this station. */
    StatusInfo statusInfo() {
        return new StatusInfo(AgentVersion.get(), profileChoice.profile().id(),
                parts.bundles().current().map(Bundle::displayName).orElse("none"));
    }

    String backendName() {
        return parts.bundleSide().slot().get().map(s -> s.backend().name()).orElse("none");
    }

    /** Empty when healthy; every entry says what is wrong and what it does to parcels. */
    private List<String> problems(StorageStatus storage, ResourceStatus res) {
        List<String> problems = new ArrayList<>();
        parts.bundleSide().problem().ifPresent(problems::add);
        if (storage.fault() != null) {
            problems.add("storage fault: every new parcel goes to manual_intake until traces can be stored again ("
                    + storage.fault() + ")");
        }
        problems.addAll(storage.disk().problems());
        Optional.ofNullable(parts.skips().lastError()).ifPresent(problems::add);
        CaptureLoop loop = parts.loop();
        if (loop.lastError() != null && loop.isRunning()) {
            problems.add("camera: " + loop.lastError());
        }
        ParcelLocator locator = parts.locator();
        if (locator.faults() > 0) {
            problems.add("camera fault: the " + locator.name() + " parcel locator could not judge "
                    + locator.faults() + " frames (reason in the log and in each trace's quality.locator_fault)");
        }
        if (!res.healthy()) {
            problems.addAll(res.problems());
        }
        return problems;
    }

    private AgentStatus.LastDecision lastDecision() {
        return parts.stats().last().map(t -> new AgentStatus.LastDecision(t.traceId().toString(), t.route().code(),
                t.reason().code(), t.decidedAt())).orElse(null);
    }

    private AgentStatus.BundleInfo bundleInfo() {
        return parts.bundles().current().map(b -> new AgentStatus.BundleInfo(b.id(), b.version(),
                b.model().sha256(), b.preprocess().id(), b.labelVersion(),
                parts.bundleSide().state().orElse(null))).orElse(null);
    }

    private AgentStatus.CameraStatus cameraStatus() {
        FrameSource source = parts.source();
        CaptureLoop loop = parts.loop();
        Optional<CameraHealth> health = source.health();
        long withheld = source instanceof ChildProcessCameraSource live ? live.framesWithheld() : 0;
        long restarts = source instanceof ChildProcessCameraSource live ? live.restarts() : 0;
        return new AgentStatus.CameraStatus(config.camera().id(), config.camera().source(), loop.framesRead(),
                parts.skips().inputsRejected(), loop.failures(), loop.lastFrameAt(), loop.lastError(),
                health.map(h -> h.state().code()).orElse(null), health.map(CameraHealth::reason).orElse(null),
                health.map(CameraHealth::since).orElse(null), withheld, restarts);
    }
}
