package io.intakeedge.agent.bundle.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Builds and publishes the lifecycle's {@link StateReport}s, always with the store's view of the active bundle and
 * its rollback history, and keeps the latest for {@code /api/status}.
 */
final class LifecycleReports {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleReports.class);

    /**
     * The optional parts of one report; each {@code with} step returns a new draft.
     *
     * @param job the job (rollout) or command id the state is about
     */
    record Draft(String job, String stage, String reason, String detail, String candidate, Long sequence,
                 ShadowStats shadow, HealthProgress health) {
        Draft job(String v) {
            return new Draft(v, stage, reason, detail, candidate, sequence, shadow, health);
        }

        Draft detail(String v) {
            return new Draft(job, stage, reason, v, candidate, sequence, shadow, health);
        }

        /** Why: the stage that refused or undid something, its reason code and the words for people. */
        Draft problem(String atStage, String code, String words) {
            return new Draft(job, atStage, code, words, candidate, sequence, shadow, health);
        }

        /** The bundle the state is about; null leaves it out. */
        Draft candidate(BundleStore.Stored s) {
            return s == null ? this : candidate(s.name(), s.sequence());
        }

        Draft candidate(String name, long seq) {
            return new Draft(job, stage, reason, detail, name, seq, shadow, health);
        }

        Draft shadow(ShadowStats v) {
            return new Draft(job, stage, reason, detail, candidate, sequence, v, health);
        }

        Draft health(HealthProgress v) {
            return new Draft(job, stage, reason, detail, candidate, sequence, shadow, v);
        }
    }

    private final StatePublisher publisher;
    private final BundleStore store;
    private final String site;
    private final String device;
    private final Clock clock;
    private volatile StateReport latest;

    LifecycleReports(StatePublisher publisher, BundleStore store, String site, String device, Clock clock) {
        this.publisher = publisher;
        this.store = store;
        this.site = site;
        this.device = device;
        this.clock = clock;
    }

    Draft none() {
        return new Draft(null, null, null, null, null, null, null, null);
    }

    /** A draft about job (or command) {@code id}. */
    Draft about(String id) {
        return none().job(id);
    }

    StateReport latest() {
        return latest;
    }

    StateReport publish(LifecycleState state, Draft d) {
        var active = store.active();
        StateReport r = new StateReport(StateReport.SCHEMA, site, device, state, d.stage(), d.reason(), d.detail(),
                d.job(), d.candidate(), d.sequence(), active.map(BundleStore.Stored::name).orElse(null),
                active.map(BundleStore.Stored::sequence).orElse(null),
                store.previous().stream().map(BundleStore.Stored::name).toList(), d.shadow(), d.health(),
                clock.instant());
        latest = r;
        if (r.isProblem() || d.reason() != null) {
            LOG.warn("{}", r.summary());
        } else {
            LOG.info("{}", r.summary());
        }
        try {
            publisher.publish(r);
        } catch (RuntimeException e) {
            LOG.warn("publishing bundle state {} failed: {}", state.code(), e.toString());
        }
        return r;
    }

    StateReport reject(BundleLifecycle.Job job, BundleStore.Stored candidate, String stage, String reason,
                       String detail) {
        return publish(LifecycleState.REJECTED, about(job.id()).candidate(candidate).problem(stage, reason, detail));
    }
}
