package io.intakeedge.agent.bundle.lifecycle;

import java.time.Instant;

/** Remembers command nonces so a replayed command is refused, also after a restart (H2: {@link H2NonceLedger}). */
public interface NonceLedger {
    /**
     * Records {@code command}'s nonce; false when it was seen before (a replay).
     *
     * @param signer the fingerprint of the key that signed it
     */
    boolean firstUse(BundleCommand command, String signer, Instant now);
}
