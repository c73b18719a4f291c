package io.intakeedge.agent.bundle.delivery;

import java.nio.file.Path;

/**
 * Where the station's downloader hands a complete bundle archive: every block arrived with its pinned sha256 and the
 * whole file matches the job's {@link BundleJob#sha256()}. What happens next (signature, anti-downgrade,
 * compatibility, receipt, shadow, activation, rollback) is the implementation's business; the downloader's part ends
 * here.
 *
 * <p>Contract: {@code archive} stays in place until the implementation has taken what it needs; the downloader
 * never rewrites a file it has offered. An implementation that needs time works on its own thread and returns
 * quickly, since the MQTT client's callback thread may be the caller. It must not throw for a bad bundle: refusing is
 * its job and it reports the reason itself (state topic, events).
 */
public interface BundleInbox {
    void offer(BundleJob job, Path archive);
}
