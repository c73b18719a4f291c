package io.intakeedge.agent.app;

import io.intakeedge.agent.bundle.ActiveBundle;
import io.intakeedge.agent.bundle.Bundle;
import io.intakeedge.agent.bundle.BundleLoader;
import io.intakeedge.agent.bundle.BundleVerifier;
import io.intakeedge.agent.bundle.archive.ArchiveLimits;
import io.intakeedge.agent.bundle.archive.TrustedKeys;
import io.intakeedge.agent.bundle.lifecycle.BundleLifecycle;
import io.intakeedge.agent.bundle.lifecycle.BundleMqttLink;
import io.intakeedge.agent.bundle.lifecycle.BundleStore;
import io.intakeedge.agent.bundle.lifecycle.CommandVerifier;
import io.intakeedge.agent.bundle.lifecycle.H2NonceLedger;
import io.intakeedge.agent.bundle.lifecycle.HealthPolicy;
import io.intakeedge.agent.bundle.lifecycle.ServingSlot;
import io.intakeedge.agent.bundle.lifecycle.ShadowTap;
import io.intakeedge.agent.bundle.lifecycle.StateReport;
import io.intakeedge.agent.bundle.lifecycle.StationBundles;
import io.intakeedge.agent.config.BundleSettings;
import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.agent.pipeline.DecisionSink;
import io.intakeedge.agent.pipeline.DriftRecorder;
import io.intakeedge.agent.pipeline.Serving;
import io.intakeedge.agent.status.EventLog;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.profiles.DeviceProfile;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import io.intakeedge.sync.drift.ReferenceProfile;
import io.intakeedge.sync.mqtt.SyncConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The station's bundle side: which bundle decides ({@link ServingSlot}, switched between two frames), and with
 * {@code bundles.trusted_keys} set, the bundle lifecycle (store under {@code {data_dir}/bundles}, shadow tap, health
 * watch fed by committed decisions, signed commands and retained states over MQTT when sync is on). Without
 * trusted keys the configured bundle decides, as before.
 */
public final class BundleSide implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BundleSide.class);

    private final StationConfig config;
    private final RuntimeOptions runtime;
    private final ServingSlot slot;
    private final String problem;
    private final String startNote;
    private final BundleStore store;
    private final AtomicReference<EventLog> events = new AtomicReference<>();
    private ShadowTap tap;
    private BundleLifecycle lifecycle;
    private BundleMqttLink link;

    private BundleSide(StationConfig config, RuntimeOptions runtime, ServingSlot slot, String problem,
                       String startNote, BundleStore store) {
        this.config = config;
        this.runtime = runtime;
        this.slot = slot;
        this.problem = problem;
        this.startNote = startNote;
        this.store = store;
    }

    /**
     * Loads the bundle to start with: the store's active one (lifecycle on) or the configured one.
     *
     * @param required a bundle that does not load fails the start instead of running fail-closed
     */
    static BundleSide open(StationConfig config, DeviceProfile profile, ActiveBundle bundles, boolean required)
            throws StartupException {
        RuntimeOptions runtime = RuntimeOptions.of(profile.inferenceThreads(), profile.accelerators());
        BundleStore store = null;
        try {
            Bundle bundle;
            String note;
            if (config.bundles().enabled()) {
                store = BundleStore.open(config.dataDir().resolve("bundles"), config.bundles().keep());
                StationBundles.Start start = StationBundles.open(store, config.bundle());
                bundle = start.bundle();
                note = start.note();
            } else {
                bundle = BundleLoader.load(config.bundle());
                note = "serving the configured bundle";
            }
            Serving serving = Serving.open(bundle, runtime);
            bundles.activate(bundle);
            log.info("serving bundle {} (model sha256 {}): {}", bundle.displayName(), bundle.model().sha256(), note);
            return new BundleSide(config, runtime, new ServingSlot(serving), null, note, store);
        } catch (Exception e) {
            if (required) {
                throw new StartupException("bundle " + config.bundle() + ": " + e.getMessage(), e);
            }
            // fail closed: the station keeps capturing and routes every parcel to manual intake; with the
            // lifecycle on (store != null), a first bundle can still be installed over MQTT
            String problem = "no usable bundle at " + config.bundle() + ": " + e.getMessage();
            log.error("{}; every parcel goes to manual_intake{}", problem, store == null ? ""
                    : " until a bundle is installed through the lifecycle");
            return new BundleSide(config, runtime, new ServingSlot(null), problem, problem, store);
        }
    }

    public ServingSlot slot() {
        return slot;
    }

    /** Why no bundle decides; empty once one does (a first bundle installed through the lifecycle). */
    Optional<String> problem() {
        return slot.get().isPresent() ? Optional.empty() : Optional.ofNullable(problem);
    }

    /**
     * The sink the pipeline hands decisions to: {@code recorder} itself, behind a shadow tap when the lifecycle is
     * on. Also creates the lifecycle, which needs the database for command nonces.
     */
    DecisionSink wire(DecisionSink recorder, AgentDatabase db, ActiveBundle bundles, DeviceProfile profile,
                      DriftRecorder drift) throws Exception {
        if (store == null) {
            return recorder;
        }
        BundleSettings s = config.bundles();
        tap = new ShadowTap(recorder);
        BundleSettings.Health h = s.health();
        HealthPolicy health = new HealthPolicy(h.decisions(), Duration.ofSeconds(h.windowS()), h.minDecisions(),
                h.maxErrorRate(), h.maxFailClosedRate(), profile.latencyBudgetMs(), h.maxOverBudgetRate(),
                h.maxRouteShift());
        BundleVerifier verifier = new BundleVerifier(TrustedKeys.of(s.trustedKeys()), ArchiveLimits.DEFAULTS,
                runtime);
        if (config.sync().enabled() && !s.operatorKeys().isEmpty()) {
            CommandVerifier commands = new CommandVerifier(TrustedKeys.of(s.operatorKeys()), config.site(),
                    config.device(), new H2NonceLedger(db));
            link = new BundleMqttLink(syncConfig(), commands, Clock.systemUTC());
        }
        lifecycle = new BundleLifecycle(new BundleLifecycle.Settings(s.keep(), health, s.minAutoAgreement()),
                verifier, new BundleVerifier.Station(AgentVersion.get(), Optional.of(profile.id())), store, slot, tap,
                bundles, runtime, this::toEventLog, config.site(), config.device(), Clock.systemUTC());
        lifecycle.recordShadowIn(new io.intakeedge.agent.bundle.lifecycle.H2ShadowLedger(db));
        lifecycle.keepPermitsIn(new io.intakeedge.agent.bundle.lifecycle.H2DowngradePermits(db));
        lifecycle.onServing(b -> drift.replaceReference(b.driftReference().flatMap(ReferenceProfile::loadOrNone)));
        return tap;
    }

    /** Starts the MQTT link and announces the starting state; {@code eventLog} is the status page's. */
    void start(EventLog eventLog) throws Exception {
        events.set(eventLog);
        if (lifecycle == null) {
            return;
        }
        if (link != null) {
            link.start(lifecycle);
        }
        lifecycle.announce(startNote);
    }

    /** Hears committed decisions (health watch). */
    void onDecision(io.intakeedge.agent.trace.Trace trace) {
        if (lifecycle != null) {
            lifecycle.onDecision(trace);
        }
    }

    /** The lifecycle, for the bundle download to {@code offer} archives to; empty when bundles.trusted_keys is unset. */
    public Optional<BundleLifecycle> lifecycle() {
        return Optional.ofNullable(lifecycle);
    }

    /** The latest bundle state, for /api/status. */
    Optional<StateReport> state() {
        return lifecycle().map(BundleLifecycle::latest);
    }

    private void toEventLog(StateReport r) {
        EventLog log = events.get();
        if (log != null) {
            log.add("bundle", r.isProblem() || r.reason() != null ? "warning" : "info", r.summary());
        }
        if (link != null) {
            link.publish(r);
        }
    }

    private SyncConfig syncConfig() {
        StationConfig.SyncSettings s = config.sync();
        String password = Optional.ofNullable(System.getenv("INTAKE_EDGE_MQTT_PASSWORD")).orElse(s.password());
        SyncConfig.Builder b = SyncConfig.builder(s.broker(), config.site(), config.device());
        if (s.username() != null) {
            b.credentials(s.username(), password);
        }
        if (s.tls() != null) {
            b.tls(new SyncConfig.Tls(s.tls().caFile(), s.tls().certFile(), s.tls().keyFile(),
                    s.tls().verifyHostname()));
        }
        return b.build();
    }

    @Override
    public void close() {
        if (lifecycle != null) {
            lifecycle.close();
        }
        if (link != null) {
            link.close();
        }
        slot.get().ifPresent(Serving::close);
    }
}
