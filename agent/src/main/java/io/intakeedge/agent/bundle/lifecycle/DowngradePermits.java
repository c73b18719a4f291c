package io.intakeedge.agent.bundle.lifecycle;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Lower bundle sequences a signed rollback allowed, each until the command's expiry. In memory on purpose: after a
 * restart the operator signs again, so a permit can't outlive the station process that heard the command.
 */
final class DowngradePermits {
    private final Map<Long, Instant> until = new HashMap<>();

    void allow(long sequence, Instant expiresAt) {
        until.merge(sequence, expiresAt, (a, b) -> a.isAfter(b) ? a : b);
    }

    boolean allows(long sequence, Instant now) {
        Instant end = until.get(sequence);
        return end != null && end.isAfter(now);
    }
}
