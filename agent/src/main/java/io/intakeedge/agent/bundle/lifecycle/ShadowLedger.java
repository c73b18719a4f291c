package io.intakeedge.agent.bundle.lifecycle;

import java.time.Instant;

/** Keeps shadow statistics ({@link H2ShadowLedger}: table {@code agent_bundle_shadow}). Must not throw. */
@FunctionalInterface
public interface ShadowLedger {
    ShadowLedger NONE = (stats, startedAt, outcome, now) -> { };

    /**
     * Records the tallies of the shadow run that started at {@code startedAt}.
     *
     * @param outcome {@code promoted}, {@code cancelled}, {@code rejected}; null while it runs
     */
    void record(ShadowStats stats, Instant startedAt, String outcome, Instant now);
}
