package io.intakeedge.workbench.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.intakeedge.agent.bundle.delivery.DownloadState;

import java.time.Instant;
import java.util.stream.Stream;

/**
 * One line of {@code fleet status}: a station's retained status (online/offline, active bundle), its lifecycle state
 * ({@code bundle/state}) and its download ({@code bundle/download}).
 *
 * @param state    the lifecycle's state when it reports one (shadow, active, rolled_back, ...), else the download's
 * @param reason   the latest refusal or rollback reason, if any
 * @param lastSeen the newest of the three messages' times
 */
public record StationRow(String site, String device, String link, String activeBundle, String state,
                         String rollout, String progress, String reason, Instant lastSeen) {

    static StationRow of(String site, String device, JsonNode status, JsonNode lifecycle, DownloadState download) {
        String link = status == null ? "?" : status.path("state").asText("?");
        String active = lifecycle != null && lifecycle.hasNonNull("active") ? lifecycle.get("active").asText()
                : status == null ? "?" : status.path("active_bundle").asText("none");
        String state = lifecycle != null && lifecycle.hasNonNull("state") && !newer(download, lifecycle)
                ? lifecycle.get("state").asText() : download == null ? "-" : download.state();
        String rollout = download != null && download.rolloutId() != null ? download.rolloutId()
                : lifecycle != null && lifecycle.hasNonNull("job") ? lifecycle.get("job").asText() : "-";
        String reason = download != null && download.reason() != null && download.state().equals(state)
                ? download.reason() : lifecycle != null && lifecycle.hasNonNull("reason")
                ? lifecycle.get("reason").asText() + (lifecycle.hasNonNull("detail") ? ": "
                + lifecycle.get("detail").asText() : "") : null;
        Instant seen = Stream.of(time(status), time(lifecycle), download == null ? null : download.at())
                .filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(null);
        return new StationRow(site, device, link, active, state, rollout, progress(download), reason, seen);
    }

    /** A download that moved after the lifecycle's last state is the news (a new rollout arriving). */
    private static boolean newer(DownloadState download, JsonNode lifecycle) {
        Instant l = time(lifecycle);
        return download != null && download.at() != null && l != null && download.at().isAfter(l)
                && !download.state().equals("downloaded") && !download.state().equals("verified");
    }

    private static Instant time(JsonNode n) {
        return n == null || !n.hasNonNull("at") ? null : Instant.parse(n.get("at").asText());
    }

    static String progress(DownloadState s) {
        if (s == null || s.blocksTotal() == null) {
            return "-";
        }
        return s.percent() + "% (" + s.blocksHave() + "/" + s.blocksTotal() + " blocks)";
    }
}
