package io.intakeedge.agent.bundle.delivery;

import java.time.Instant;
import java.util.List;

/**
 * Builds the station's {@link DownloadState} messages and remembers the latest (re-published on every connect).
 * The most recent refused job travels along in every later state until another replaces it.
 */
final class DeliveryStates {
    private final BundleDelivery.Station station;
    private volatile DownloadState last;

    DeliveryStates(BundleDelivery.Station station) {
        this.station = station;
        this.last = of("idle", null, 0, null);
    }

    DownloadState last() {
        return last;
    }

    void last(DownloadState state) {
        last = state;
    }

    /**
     * @param job  the job the state is about, null for none
     * @param have blocks present (for the job in progress; ignored without a job)
     */
    DownloadState of(String name, BundleJob job, int have, String reason) {
        String refusal = last == null ? null : last.lastRefusal();
        if (job == null) {
            return new DownloadState(DownloadState.SCHEMA, station.site(), station.device(), groups(), name, null,
                    null, null, null, null, null, null, null, null, reason, refusal, null, Instant.now());
        }
        return new DownloadState(DownloadState.SCHEMA, station.site(), station.device(), groups(), name,
                job.rolloutId(), job.bundleId(), job.version(), job.sequence(), job.sha256(), job.canary(),
                job.blockCount(), have, job.size(), reason, refusal, null, Instant.now());
    }

    /** The latest state again, now naming a refused job. */
    DownloadState refused(String text) {
        DownloadState s = last;
        last = new DownloadState(s.schema(), s.site(), s.device(), s.groups(), s.state(), s.rolloutId(), s.bundleId(),
                s.version(), s.sequence(), s.sha256(), s.canary(), s.blocksTotal(), s.blocksHave(), s.size(),
                s.reason(), text, s.activeBundle(), Instant.now());
        return last;
    }

    private List<String> groups() {
        return station.groups().stream().sorted().toList();
    }
}
