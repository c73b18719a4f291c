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

    /** The optional parts of one report. */
    static final class Draft {
        private String stage;
        private String reason;
        private String detail;
        private String job;
        private String candidate;
        private Long sequence;
        private ShadowStats shadow;
        private HealthProgress health;

        Draft stage(String v) {
            stage = v;
            return this;
        }

        Draft reason(String v) {
            reason = v;
            return this;
        }

        Draft detail(String v) {
            detail = v;
            return this;
        }

        Draft job(String v) {
            job = v;
            return this;
        }

        Draft candidate(String name, long seq) {
            candidate = name;
            sequence = seq;
            return this;
        }

        Draft shadow(ShadowStats v) {
            shadow = v;
            return this;
        }

        Draft health(HealthProgress v) {
            health = v;
            return this;
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
        return new Draft();
    }

    StateReport latest() {
        return latest;
    }

    StateReport publish(LifecycleState state, Draft d) {
        var active = store.active();
        StateReport r = new StateReport(StateReport.SCHEMA, site, device, state, d.stage, d.reason, d.detail, d.job,
                d.candidate, d.sequence, active.map(BundleStore.Stored::name).orElse(null),
                active.map(BundleStore.Stored::sequence).orElse(null),
                store.previous().stream().map(BundleStore.Stored::name).toList(), d.shadow, d.health, clock.instant());
        latest = r;
        if (r.isProblem() || d.reason != null) {
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
        Draft d = none().job(job.id()).stage(stage).reason(reason).detail(detail);
        if (candidate != null) {
            d.candidate(candidate.name(), candidate.sequence());
        }
        return publish(LifecycleState.REJECTED, d);
    }
}
