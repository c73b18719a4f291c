package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.bundle.ActiveBundle;
import io.intakeedge.agent.bundle.Bundle;
import io.intakeedge.agent.bundle.BundleArchive;
import io.intakeedge.agent.bundle.BundleLoader;
import io.intakeedge.agent.bundle.BundleVerifier;
import io.intakeedge.agent.bundle.archive.ArchiveException;
import io.intakeedge.agent.bundle.archive.Refusal;
import io.intakeedge.agent.pipeline.Serving;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.quantization.runtime.RuntimeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The station's one bundle state machine (issue 11): an archive {@link #offer}ed goes verify signature →
 * anti-downgrade → compatibility → validate (safe load, tensor shapes, exact receipt) → shadow → (signed promote, or
 * the job's automatic promote) → atomic activation between two frames → health watch → commit, or automatic rollback
 * to the previous whole bundle. Signed operator commands ({@link #command}) promote, roll back or cancel. Every state
 * is published ({@link StatePublisher}) with a reason for every refusal, and the active bundle keeps deciding
 * throughout: nothing here touches the live path except {@link ServingSlot#swap}.
 *
 * <p>All work runs on one lifecycle thread, so states never interleave; callers get a future of the resulting state.
 */
public final class BundleLifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BundleLifecycle.class);
    /** Shadow compares with the active bundle's decisions; fail-closed ones are nothing to agree with. */
    private static final String FIRST_BUNDLE = "no active bundle (every parcel fails closed): nothing to compare in "
            + "shadow, so the first bundle waits for a signed promote";

    /**
     * @param keep             previous bundles kept on disk for rollback
     * @param health           the health watch's limits
     * @param minAutoAgreement a job's automatic promote needs at least this shadow route agreement
     */
    public record Settings(int keep, HealthPolicy health, double minAutoAgreement) {
    }

    /**
     * What a download hands over with the archive.
     *
     * @param id               the job (rollout) id, echoed in every state
     * @param autoPromoteAfter promote by itself after this many shadow comparisons at or above the agreement limit;
     *                         0 waits for a signed promote
     */
    public record Job(String id, int autoPromoteAfter) {
    }

    private final Settings settings;
    private final BundleVerifier verifier;
    private final BundleVerifier.Station station;
    private final BundleStore store;
    private final ServingSlot slot;
    private final ShadowTap shadow;
    private final ActiveBundle bundles;
    private final RuntimeOptions runtime;
    private final Clock clock;
    private final LifecycleReports reports;
    private final SequenceGuard sequences;
    private final LifecycleThread thread = new LifecycleThread(this::tick);
    private Candidate candidate;
    private volatile Watching watching;
    private volatile java.util.function.Consumer<Bundle> onServing = b -> { };
    private volatile ShadowLedger ledger = ShadowLedger.NONE;

    /** A validated candidate, installed and in shadow. */
    private record Candidate(Job job, BundleStore.Stored stored, Serving serving, Instant since) {
    }

    /** An activated bundle under watch, with what a rollback restores. */
    private record Watching(Job job, BundleStore.Stored stored, Serving serving, Serving previous, HealthWatch watch) {
    }

    public BundleLifecycle(Settings settings, BundleVerifier verifier, BundleVerifier.Station station,
                           BundleStore store, ServingSlot slot, ShadowTap shadow, ActiveBundle bundles,
                           RuntimeOptions runtime, StatePublisher publisher, String site, String device, Clock clock) {
        this.settings = settings;
        this.verifier = verifier;
        this.station = station;
        this.store = store;
        this.slot = slot;
        this.shadow = shadow;
        this.bundles = bundles;
        this.runtime = runtime;
        this.clock = clock;
        this.reports = new LifecycleReports(publisher, store, site, device, clock);
        this.sequences = new SequenceGuard(store, clock);
    }

    /**
     * Hears every bundle that starts deciding (activation and rollback), right after the switch, on the lifecycle
     * thread: what travels with a bundle but lives outside the serving (the drift reference) follows it here.
     */
    public void onServing(java.util.function.Consumer<Bundle> listener) {
        this.onServing = listener;
    }

    /** Where shadow statistics are kept (the station: H2). */
    public void recordShadowIn(ShadowLedger shadowLedger) {
        this.ledger = shadowLedger;
    }

    /** Where downgrade permits of signed rollbacks are kept (the station: H2, so they outlive a restart). */
    public void keepPermitsIn(DowngradePermits permits) {
        sequences.keepPermitsIn(permits);
    }

    /** The last published state (for {@code /api/status}). */
    public StateReport latest() {
        return reports.latest();
    }

    /** Publishes the state the station started in (after {@link StationBundles#open} put the active bundle up). */
    public CompletableFuture<StateReport> announce(String note) {
        return on(() -> reports.publish(LifecycleState.COMMITTED, reports.none().detail(note)));
    }

    /**
     * Takes a complete archive through verification, validation and into shadow. The archive file is only read.
     *
     * @return the state it reached: {@code shadow}, {@code watching} (automatic promote right away is not possible:
     * shadow comes first), or {@code rejected} with its reason
     */
    public CompletableFuture<StateReport> offer(Path archive, Job job) {
        return on(() -> receive(archive, job));
    }

    /** Carries out a verified operator command. */
    public CompletableFuture<StateReport> command(CommandVerifier.Verified verified) {
        return on(() -> carryOut(verified.command()));
    }

    /** Publishes a refused command (bad signature, replay, ...), without changing anything. */
    public CompletableFuture<StateReport> refused(CommandRefused refused) {
        return on(() -> reports.publish(currentState(), reports.about(refused.commandId()).problem("command",
                refused.reason(), refused.getMessage())));
    }

    /** Feeds one committed decision to the health watch (any thread). */
    public void onDecision(Trace trace) {
        Watching w = watching;
        if (w != null) {
            HealthProgress verdict = w.watch().onDecision(trace, clock.instant());
            if (verdict != null) {
                on(() -> conclude(w, verdict));
            }
        }
    }

    private StateReport receive(Path archive, Job job) throws Exception {
        reports.publish(LifecycleState.RECEIVED, reports.about(job.id()));
        if (candidate != null || watching != null) {
            return reports.reject(job, null, "install", "busy", "a candidate is already "
                    + (watching != null ? "under health watch" : "in shadow") + "; cancel it first");
        }
        Path work = store.newWorkDir();
        BundleStore.Stored known = null; // what the signed manifest says, once it is believed
        try {
            reports.publish(LifecycleState.VERIFYING, reports.about(job.id()));
            BundleArchive opened = verifier.open(archive, work);
            long sequence = opened.manifest().release().sequence();
            String name = opened.manifest().bundleId() + "@" + opened.manifest().bundleVersion();
            known = new BundleStore.Stored(work.toString(), sequence, name);
            sequences.check(sequence, name);
            BundleVerifier.checkCompatible(opened.manifest().release(), station);
            reports.publish(LifecycleState.VALIDATING, reports.about(job.id()).candidate(name, sequence));
            verifier.prove(opened, station);
            BundleStore.Stored stored = store.install(work, opened.bundleDir(), sequence, name);
            Serving serving;
            try {
                serving = Serving.open(BundleLoader.load(store.dirOf(stored)), runtime); // the moved files, again
            } catch (Exception e) {
                store.discard(stored);
                throw e;
            }
            startShadow(new Candidate(job, stored, serving, clock.instant()));
            return reports.publish(LifecycleState.SHADOW, reports.about(job.id()).candidate(name, sequence)
                    .shadow(shadow.current()).detail(bundles.current().isPresent() ? null : FIRST_BUNDLE));
        } catch (ArchiveException e) {
            store.discardWork(work);
            return reports.reject(job, known, stageOf(e.refusal()), e.refusal().code(), e.getMessage());
        } catch (Exception e) {
            store.discardWork(work);
            return reports.reject(job, known, "install", "install_failed", e.toString());
        }
    }

    private void startShadow(Candidate c) {
        candidate = c;
        String active = bundles.current().map(Bundle::displayName).orElse("none");
        shadow.start(c.serving(), active, stats -> {
            if (stats.compared() % 25 == 0 || stats.compared() == c.job().autoPromoteAfter()) {
                on(() -> shadowProgress(c, stats));
            }
        });
    }

    private StateReport shadowProgress(Candidate c, ShadowStats stats) throws Exception {
        if (candidate != c) {
            return reports.latest();
        }
        ledger.record(stats, c.since(), null, clock.instant());
        int auto = c.job().autoPromoteAfter();
        if (auto > 0 && stats.compared() >= auto) {
            if (stats.agreement() >= settings.minAutoAgreement()) {
                return activate(c, c.job().id());
            }
            ledger.record(shadow.stop(), c.since(), "rejected", clock.instant());
            drop(c);
            return reports.reject(c.job(), c.stored(), "shadow", "agreement", String.format("shadow route agreement "
                    + "%.3f over %d decisions is below the automatic promote limit %.3f", stats.agreement(),
                    stats.compared(), settings.minAutoAgreement()));
        }
        return reports.publish(LifecycleState.SHADOW, reports.about(c.job().id())
                .candidate(c.stored()).shadow(stats));
    }

    private StateReport carryOut(BundleCommand c) throws Exception {
        return switch (c.kind()) {
            case PROMOTE -> promote(c);
            case CANCEL -> cancel(c);
            case ROLLBACK -> rollback(c);
        };
    }

    private StateReport promote(BundleCommand c) throws Exception {
        if (candidate == null) {
            return refuse(c, "no_candidate", "there is no candidate in shadow to promote");
        }
        if (c.bundle() != null && !c.bundle().equals(candidate.stored().name())) {
            return refuse(c, "not_the_candidate", "the command promotes " + c.bundle() + " but the candidate is "
                    + candidate.stored().name());
        }
        return activate(candidate, c.commandId());
    }

    private StateReport cancel(BundleCommand c) throws Exception {
        if (watching != null) {
            return rollBackWatched(watching, "command", "cancelled", "cancelled by command " + c.commandId());
        }
        if (candidate == null) {
            return refuse(c, "no_candidate", "there is no candidate to cancel");
        }
        Candidate was = candidate;
        ShadowStats stats = shadow.stop();
        ledger.record(stats, was.since(), "cancelled", clock.instant());
        drop(was);
        return reports.publish(LifecycleState.CANCELLED, reports.about(c.commandId())
                .candidate(was.stored()).shadow(stats));
    }

    private StateReport rollback(BundleCommand c) throws Exception {
        sequences.allow(c);
        if (watching != null) {
            return rollBackWatched(watching, "command", "operator_rollback", "rolled back by command "
                    + c.commandId());
        }
        if (store.previous().isEmpty()) {
            return c.sequence() != null ? reports.publish(currentState(), reports.about(c.commandId())
                    .detail("an archive of sequence " + c.sequence() + " may now replace the active bundle"))
                    : refuse(c, "no_previous", "there is no previous bundle on disk to roll back to");
        }
        BundleStore.Stored target = store.previous().get(0);
        Serving restored = Serving.open(BundleLoader.load(store.dirOf(target)), runtime);
        Bundle from = bundles.current().orElse(null);
        store.rollback();
        Serving old = slot.swap(restored);
        bundles.activate(restored.bundle());
        onServing.accept(restored.bundle());
        closeQuietly(old);
        return reports.publish(LifecycleState.ROLLED_BACK, reports.about(c.commandId()).problem("command",
                "operator_rollback", "from " + (from == null ? "none" : from.displayName())
                        + " to " + target.name() + " by command " + c.commandId()));
    }

    private StateReport activate(Candidate c, String by) throws Exception {
        reports.publish(LifecycleState.ACTIVATING, reports.about(by).candidate(c.stored()));
        ShadowStats stats = shadow.stop(); // the candidate's serving is ours alone from here
        ledger.record(stats, c.since(), "promoted", clock.instant());
        candidate = null;
        store.activate(c.stored()); // durable first: a crash from here on rolls back at the next start
        Serving previous = slot.swap(c.serving());
        bundles.activate(c.serving().bundle());
        onServing.accept(c.serving().bundle());
        HealthWatch watch = new HealthWatch(settings.health(), c.serving().bundle().ref(), c.stored().name(), stats,
                clock.instant());
        watching = new Watching(c.job(), c.stored(), c.serving(), previous, watch);
        LOG.info("activated {} (by {}); watching its health", c.stored().name(), by);
        return reports.publish(LifecycleState.WATCHING, reports.about(by).candidate(c.stored())
                .shadow(stats).health(watch.progress(clock.instant())));
    }

    private StateReport conclude(Watching w, HealthProgress verdict) throws Exception {
        if (watching != w) {
            return reports.latest();
        }
        if ("healthy".equals(verdict.verdict())) {
            store.commit();
            watching = null;
            closeQuietly(w.previous());
            return reports.publish(LifecycleState.COMMITTED, reports.about(w.job().id())
                    .candidate(w.stored()).health(verdict));
        }
        return rollBackWatched(w, "health", verdict.reason(), verdict.detail());
    }

    private StateReport rollBackWatched(Watching w, String stage, String reason, String detail) throws Exception {
        Serving bad = slot.swap(w.previous()); // between two frames, like the activation
        watching = null;
        store.undoActivation(); // a first bundle goes back to none: manual review, as before it came
        if (w.previous() != null) {
            bundles.activate(w.previous().bundle());
            onServing.accept(w.previous().bundle());
        } else {
            bundles.clear();
        }
        closeQuietly(bad);
        LOG.warn("rolled back {}: {} {}", w.stored().name(), reason, detail);
        return reports.publish(LifecycleState.ROLLED_BACK, reports.about(w.job().id())
                .problem(stage, reason, detail).candidate(w.stored())
                .health(w.watch().progress(clock.instant())));
    }

    private void tick() {
        Watching w = watching;
        if (w != null) {
            HealthProgress verdict = w.watch().onTick(clock.instant());
            if (verdict != null) {
                on(() -> conclude(w, verdict));
            }
        }
    }

    private StateReport refuse(BundleCommand c, String reason, String detail) {
        return reports.publish(currentState(), reports.about(c.commandId()).problem("command", reason,
                detail));
    }

    private LifecycleState currentState() {
        return watching != null ? LifecycleState.WATCHING : candidate != null ? LifecycleState.SHADOW
                : LifecycleState.COMMITTED;
    }

    private void drop(Candidate c) throws Exception {
        candidate = null;
        closeQuietly(c.serving());
        store.discard(c.stored());
    }

    private static String stageOf(Refusal r) {
        return switch (r) {
            case DOWNGRADE -> "downgrade";
            case INCOMPATIBLE -> "compatibility";
            case INVALID_BUNDLE, RECEIPT_FAILED -> "validation";
            default -> "signature";
        };
    }

    private static void closeQuietly(Serving s) {
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("closing serving {} failed: {}", s.bundle().displayName(), e.toString());
            }
        }
    }

    private CompletableFuture<StateReport> on(LifecycleThread.Step step) {
        return thread.on(step);
    }

    /** Stops the lifecycle thread; a candidate in shadow is dropped (it stays on disk only if active). */
    @Override
    public void close() {
        thread.close(() -> {
            if (candidate != null) {
                shadow.stop();
                closeQuietly(candidate.serving());
                candidate = null;
            }
            return reports.latest();
        });
        Watching w = watching;
        if (w != null) {
            closeQuietly(w.previous()); // the watched bundle stays in the slot; the restart rolls it back
        }
    }
}
