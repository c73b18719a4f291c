package io.intakeedge.agent.app;

import io.intakeedge.agent.config.StationConfig;
import io.intakeedge.sync.mqtt.SyncFault;
import io.intakeedge.sync.mqtt.SyncStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sync faults as named problems for {@code /api/status} and {@code /readyz}. They are kept out of liveness
 * ({@code /healthz}): restarting the station cures neither a wrong password nor a broker that is down, and the
 * station keeps deciding and storing locally meanwhile. Each line starts with {@code sync <name>:}.
 */
final class SyncProblems {
    private SyncProblems() {
    }

    static List<String> of(SyncStatus s, StationConfig.SyncSettings settings, Instant now) {
        List<String> problems = new ArrayList<>();
        if (s == null) {
            return problems;
        }
        if (!s.connected() && SyncFault.AUTH_REFUSED.equals(s.fault())) {
            problems.add("sync " + SyncFault.AUTH_REFUSED + ": the broker refused the credentials of user '"
                    + settings.username() + "' (" + s.lastError() + ")");
        } else if (!s.connected() && SyncFault.TLS_FAILED.equals(s.fault())) {
            problems.add("sync " + SyncFault.TLS_FAILED + ": the TLS handshake with the broker failed ("
                    + s.lastError() + ")");
        } else if (!s.connected() && s.downSince() != null) {
            long down = Duration.between(s.downSince(), now).toSeconds();
            if (down >= settings.unreachableAlertS()) {
                problems.add("sync " + SyncFault.UNREACHABLE + ": no broker connection for " + down + " s (limit "
                        + settings.unreachableAlertS() + " s): " + s.lastError());
            }
        }
        if (s.pending() > settings.outboxAlertItems()) {
            problems.add("sync outbox_growing: " + s.pending() + " items wait in the outbox (limit "
                    + settings.outboxAlertItems() + ")");
        }
        return problems;
    }
}
