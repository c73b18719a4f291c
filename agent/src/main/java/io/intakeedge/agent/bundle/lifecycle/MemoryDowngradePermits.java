package io.intakeedge.agent.bundle.lifecycle;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Downgrade permits for the life of the process only (tests and lifecycles without a database). */
public final class MemoryDowngradePermits implements DowngradePermits {
    private final Map<Long, Instant> until = new ConcurrentHashMap<>();

    @Override
    public void allow(long sequence, Instant expiresAt, String commandId) {
        until.merge(sequence, expiresAt, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public boolean allows(long sequence, Instant now) {
        Instant end = until.get(sequence);
        return end != null && end.isAfter(now);
    }
}
