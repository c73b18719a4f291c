package io.intakeedge.agent.bundle.lifecycle;

import java.time.Instant;

/**
 * Lower bundle sequences a signed rollback allowed, each until the command's expiry. The station keeps them in H2
 * ({@link H2DowngradePermits}), so a restart between the rollback command and the older archive's arrival does not
 * make the operator sign again; {@link MemoryDowngradePermits} serves lifecycles without a database.
 */
public interface DowngradePermits {
    /** Allows {@code sequence} until {@code expiresAt} (a later expiry for the same sequence wins). */
    void allow(long sequence, Instant expiresAt, String commandId);

    /** Whether a permit for {@code sequence} is valid at {@code now}. */
    boolean allows(long sequence, Instant now);
}
