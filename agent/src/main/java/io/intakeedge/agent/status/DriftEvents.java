package io.intakeedge.agent.status;

import java.time.Instant;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Puts each newly closed drift window that is not ok on the timeline ({@code drift_warning}, {@code drift_critical}),
 * naming the features and their PSI, and a return to ok after one ({@code drift_ok}). Fed by the live tick; not
 * thread-safe.
 */
final class DriftEvents {
    private final EventLog log;
    private Instant lastEnd;
    private String lastStatus = "ok";

    DriftEvents(EventLog log) {
        this.log = log;
    }

    void observe(StationHealth.Drift drift) {
        if (drift == null || Objects.equals(drift.end(), lastEnd)) {
            return;
        }
        lastEnd = drift.end();
        String status = drift.status();
        if (status.equals("warning") || status.equals("critical")) {
            String features = drift.features().stream().filter(f -> f.status().equals(status))
                    .map(f -> f.feature() + " PSI " + String.format(java.util.Locale.ROOT, "%.3f", f.psi()))
                    .collect(Collectors.joining(", "));
            log.add("drift_" + status, status.equals("critical") ? "error" : "warning",
                    "drift " + status + " over " + drift.count() + " decisions: " + features);
        } else if (status.equals("ok") && !lastStatus.equals("ok")) {
            log.add("drift_ok", "info", "drift back to ok over " + drift.count() + " decisions");
        }
        lastStatus = status;
    }
}
