package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.bundle.archive.ArchiveException;
import io.intakeedge.agent.bundle.archive.Refusal;

import java.time.Clock;

/**
 * Anti-downgrade: a candidate must carry a higher release sequence than the active bundle, unless a signed rollback
 * granted a permit for its sequence ({@link DowngradePermits}, kept in H2 on a station).
 */
final class SequenceGuard {
    private final BundleStore store;
    private final Clock clock;
    private volatile DowngradePermits permits = new MemoryDowngradePermits();

    SequenceGuard(BundleStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    void keepPermitsIn(DowngradePermits where) {
        this.permits = where;
    }

    /** Records what a signed rollback naming {@code command.sequence()} allows. */
    void allow(BundleCommand command) {
        if (command.sequence() != null) {
            permits.allow(command.sequence(), command.expiresAt(), command.commandId());
        }
    }

    void check(long sequence, String name) throws ArchiveException {
        long active = store.active().map(BundleStore.Stored::sequence).orElse(0L);
        if (sequence > active || permits.allows(sequence, clock.instant())) {
            return;
        }
        throw new ArchiveException(Refusal.DOWNGRADE, name + " has sequence " + sequence + " but the active bundle "
                + store.active().map(BundleStore.Stored::name).orElse("none") + " has " + active + "; a bundle that "
                + "is not newer needs a signed rollback naming sequence " + sequence);
    }
}
