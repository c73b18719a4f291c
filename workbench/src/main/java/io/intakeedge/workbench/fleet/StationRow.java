package io.intakeedge.workbench.fleet;

import io.intakeedge.agent.bundle.delivery.BundleState;

import java.time.Instant;

/**
 * One line of {@code fleet status}: a station's retained status (online/offline, active bundle, when) beside its
 * retained bundle state (state, rollout, progress).
 *
 * @param lastSeen the newer of the two messages' times
 */
public record StationRow(String site, String device, String link, String activeBundle, String state,
                         String rollout, String progress, String reason, Instant lastSeen) {

    static String progress(BundleState s) {
        if (s == null || s.blocksTotal() == null) {
            return "-";
        }
        return s.percent() + "% (" + s.blocksHave() + "/" + s.blocksTotal() + " blocks)";
    }
}
