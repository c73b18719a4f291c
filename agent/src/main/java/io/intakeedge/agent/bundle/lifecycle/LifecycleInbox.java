package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.bundle.delivery.BundleInbox;
import io.intakeedge.agent.bundle.delivery.BundleJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * The download's hand-off into the lifecycle: every complete archive goes through verify → ... → shadow, under the
 * job's rollout id. Returns at once (the lifecycle works on its own thread and reads the archive there); a bad
 * archive is refused by the lifecycle with its reason on the state topic, never thrown back at the downloader. A
 * downloaded archive waits in shadow for a signed promote.
 */
public final class LifecycleInbox implements BundleInbox {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleInbox.class);

    private final BundleLifecycle lifecycle;

    public LifecycleInbox(BundleLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void offer(BundleJob job, Path archive) {
        lifecycle.offer(archive, new BundleLifecycle.Job(job.rolloutId(), 0)).whenComplete((state, error) -> {
            if (error != null) {
                LOG.error("rollout {}: the bundle lifecycle failed on {}", job.rolloutId(), archive, error);
            }
        });
    }
}
